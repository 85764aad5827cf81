"""Shared test fixtures: a small world with a persona for every role, and real Chromium.

Personas (see ``World``): two teams A and B in one municipality, plus an administrator of
another municipality. ``member_b`` is the outsider for everything of team A.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import Client
from django.test.testcases import LiveServerThread
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.backends import BACKEND
from wijkteam.accounts.models import Membership, Role, SecrecyStatus, User
from wijkteam.organisations.models import Area, HomeOrganisation, Municipality, Team

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PERSONAS = (
    "member_a",
    "member_b",
    "civil_servant_a",
    "leader_a",
    "policy",
    "admin",
    "privacy_officer",
    "other_admin",
)


class SerialLiveServer(ThreadedWSGIServer):
    """The browser tests' live server, one request at a time.

    On SQLite the live server's request threads share the test's one in-memory connection
    (Django hands it to every thread). Two requests at once on that connection fail with "database
    table is locked" (our busy page, 503), e.g. an htmx search still running when the test opens
    the next page. Connections stay threaded (keep-alive works); only the application is
    serialised. PostgreSQL keeps Django's fully threaded server.
    """

    def set_app(self, application: Any) -> None:
        lock = threading.Lock()

        def serial(environ: Any, start_response: Any) -> Any:
            with lock:
                return application(environ, start_response)

        super().set_app(serial)


if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    LiveServerThread.server_class = SerialLiveServer


@dataclass
class World:
    municipality: Municipality
    other_municipality: Municipality
    area_a: Area
    area_b: Area
    home_org: HomeOrganisation
    team_a: Team
    team_b: Team
    users: dict[str, User]

    def __getattr__(self, name: str) -> User:
        users = self.__dict__.get("users", {})
        if name in users:
            user: User = users[name]
            return user
        raise AttributeError(name)


def make_person(
    username: str,
    *,
    municipality: Municipality,
    role: str,
    team: Team | None = None,
    secrecy: str | None = None,
    home_org: HomeOrganisation | None = None,
    function_title: str = "",
    fte: str = "0.50",
) -> User:
    user = User.objects.create(
        username=username, first_name=username.split("_")[0].title(), last_name="Test"
    )
    if secrecy is None:
        secrecy = {
            str(Role.TEAM_MEMBER): str(SecrecyStatus.PROFESSIONAL_SECRECY),
            str(Role.TEAM_LEADER): str(SecrecyStatus.PROFESSIONAL_SECRECY),
            str(Role.CIVIL_SERVANT): str(SecrecyStatus.DUTY_TO_REPORT),
        }.get(str(role), str(SecrecyStatus.NOT_APPLICABLE))
    Membership.objects.create(
        user=user,
        municipality=municipality,
        team=team,
        role=role,
        secrecy_status=secrecy,
        home_organisation=home_org,
        function_title=function_title or role,
        fte=fte,
    )
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def build_world() -> World:
    municipality = Municipality.objects.create(name="Testgemeente")
    other = Municipality.objects.create(name="Andere gemeente")
    area_a = Area.objects.create(municipality=municipality, name="Wijk A", inhabitants=8000)
    area_b = Area.objects.create(municipality=municipality, name="Wijk B", inhabitants=9000)
    home_org = HomeOrganisation.objects.create(municipality=municipality, name="Welzijn Test")
    team_a = Team.objects.create(municipality=municipality, name="Team A")
    team_a.areas.set([area_a])
    team_b = Team.objects.create(municipality=municipality, name="Team B")
    team_b.areas.set([area_b])
    m = municipality
    users = {
        "member_a": make_person(
            "member_a", municipality=m, role=Role.TEAM_MEMBER, team=team_a, home_org=home_org
        ),
        "member_b": make_person("member_b", municipality=m, role=Role.TEAM_MEMBER, team=team_b),
        "civil_servant_a": make_person(
            "civil_servant_a", municipality=m, role=Role.CIVIL_SERVANT, team=team_a
        ),
        "leader_a": make_person("leader_a", municipality=m, role=Role.TEAM_LEADER, team=team_a),
        "policy": make_person("policy", municipality=m, role=Role.POLICY_STAFF),
        "admin": make_person("admin", municipality=m, role=Role.FUNCTIONAL_ADMIN),
        "privacy_officer": make_person(
            "privacy_officer", municipality=m, role=Role.PRIVACY_OFFICER
        ),
        "other_admin": make_person("other_admin", municipality=other, role=Role.FUNCTIONAL_ADMIN),
    }
    return World(m, other, area_a, area_b, home_org, team_a, team_b, users)


@pytest.fixture(autouse=True)
def _accesslog_anchor_file(settings: Any, tmp_path_factory: Any) -> None:
    """Each test its own access-log anchor file (privacy/chain.py), so anchors written by one
    test's seal never meet another test's (rolled back) chain."""
    settings.ACCESSLOG_ANCHOR_FILE = str(tmp_path_factory.mktemp("anchors") / "anchors.jsonl")


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts and ends in the default language. A request through Django's test
    client activates the asker's language in the test's own thread (LocaleMiddleware, or an
    API token's preferred language) and nothing resets it after the response, so an English
    request could make a later test's own gettext English, depending on xdist's order."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def verified_client(user: User) -> Client:
    """A test client logged in with password and second factor done (as after real MFA)."""
    client = Client()
    client.force_login(user, backend=BACKEND)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session["mfa_verified_at"] = timezone.now().isoformat()
    session["_last_seen"] = int(time.time())  # an established session, as after real use
    session.save()
    return client


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    return verified_client


# --- real Chromium through Playwright -----------------------------------------------------


def chromium_path() -> str:
    path = os.environ.get("WIJKTEAM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        # Failing, not skipping: a run without the browser part must not pass silently.
        pytest.fail(f"Chromium not found at {path}; install Debian's 'chromium' package.")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    # A bound for a test that would otherwise hang, not a measure of speed (waits end on the
    # event). Generous because CI hosts are slow and shared: a steering dashboard's first
    # request, which computes a year's small-number protection, once took 30 s there (now
    # about 2 s, docs/benchmark.md "Steering protection, first request").
    context.set_default_timeout(90_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (from npm, installed by the test command) on the current page."""
    if not AXE_PATH.exists():
        pytest.fail(f"axe-core not found at {AXE_PATH}; run scripts/build-frontend.sh")
    from playwright.sync_api import Error as PlaywrightError

    # A click that follows a link has committed the navigation when it returns, but the new
    # document may still be parsing: wait for it, and run axe again if the page was replaced
    # while it ran (a redirect or a script that navigates).
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            # evaluate() runs through the DevTools protocol, so the page's strict CSP stays on.
            page.evaluate(AXE_PATH.read_text())
            result = page.evaluate(
                "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
                "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
            )
        except PlaywrightError as error:
            navigating = "documentElement" in str(error) or "context was destroyed" in str(error)
            if not navigating or attempt == 2:
                raise
            continue
        return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    raise AssertionError("unreachable")


def totp_code(device: TOTPDevice) -> str:
    """A code the server accepts for this device now, also on a second login in one test.

    The device is read again first: each accepted code moves its ``last_t`` (a code is
    accepted once) and may move its ``drift`` (django-otp re-syncs when a code from the step
    before or after matched, e.g. one typed just before a 30-second boundary). A code from
    the object's old state could then fall outside the server's window. The step chosen is
    the server's current step, or the one after the last used code when that is later;
    both stay inside the window of one step either side, even if the server reads the clock
    a moment later. If the last used code was already the next one, wait for the step.
    """
    from django_otp.oath import TOTP

    device.refresh_from_db()
    while True:
        now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        current = now.t()
        step = max(current, device.last_t + 1)
        if step <= current + 1:
            break
        time.sleep(0.5)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    totp.time = device.t0 + step * device.step
    return f"{totp.token():0{device.digits}d}"


def browser_login(
    page: Any, base_url: str, username: str, password: str, device: TOTPDevice
) -> None:
    """Log in through the real pages with the person's real TOTP device."""
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/mfa/verify/")
    page.fill("#id_code", totp_code(device))
    page.click("main button[type=submit]")
    page.wait_for_url("**/my-work/")
