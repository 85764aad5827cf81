"""Clicking "Save note" twice in real Chromium saves one note."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Error

from wijkteam.casework.models import Note
from wijkteam.casework.tests.helpers import make_household
from wijkteam.conftest import browser_login, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def test_clicking_save_note_twice_saves_one_note(live_server: Any, page: Any) -> None:
    world = build_world()
    user = world.member_a
    user.set_password(PASSWORD)
    user.save()
    household = make_household(world)
    browser_login(page, live_server.url, user.username, PASSWORD, TOTPDevice.objects.get(user=user))
    file_url = f"{live_server.url}/households/{household.pk}/"
    page.goto(file_url)
    # A slow connection, where double clicks bite: the POSTs wait in the network until both
    # clicks are done, then reach the server one after the other (the test server shares one
    # SQLite connection, so they must not overlap).
    held: list[Any] = []
    page.route("**/notes/", lambda route: held.append(route))

    page.fill(".wt-note-form textarea", "Huisbezoek: de post is uitgezocht")
    # Two clicks on the button, the second while the first is still underway. (Chromium folds
    # two clicks within the same few milliseconds into one submission; a second click a moment
    # later, on a slow connection, is what sends a form twice.)
    box = page.locator(".wt-note-form button[type=submit]").bounding_box()
    for clicks in (1, 2):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        for _ in range(50):
            if len(held) == clicks:
                break
            page.wait_for_timeout(100)
    assert len(held) == 2  # the browser really sent the form twice
    for route in held:
        response = route.fetch(max_redirects=0)
        # The browser may have given up the first request when the second started.
        with contextlib.suppress(Error):
            route.fulfill(response=response)
    # The browser shows the answer to the second click: the file, with the notice.
    page.get_by_text("Dit was al opgeslagen").wait_for()
    page.wait_for_load_state()
    timeline = page.locator(".wt-timeline")
    timeline.get_by_text("de post is uitgezocht").wait_for()

    assert Note.objects.filter(household=household).count() == 1
    assert timeline.get_by_text("de post is uitgezocht").count() == 1
