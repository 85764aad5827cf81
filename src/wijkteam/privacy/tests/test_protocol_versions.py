"""The information-protocol settings page is conflict-safe like the other configuration
pages: it carries the version it showed; a colleague's save since gives 409 with who and
when, the stored values next to one's own input, and nothing overwritten."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wijkteam.conftest import World
from wijkteam.privacy.models import ProtocolSettings

pytestmark = pytest.mark.django_db


def _post(client: Any, hours: int, version: int, rendered: str = "") -> Any:
    return client.post(
        reverse("privacy:protocol_settings"),
        {
            "leader_sees_caseload": "on",
            "uninvolved_members_see_metadata": "on",
            "emergency_access_hours": str(hours),
            "lock_version": str(version),
            "rendered": rendered,
        },
    )


def test_a_save_from_a_stale_page_is_409_and_keeps_both(world: World, client_for: Any) -> None:
    client = client_for(world.admin)
    page = client.get(reverse("privacy:protocol_settings")).content.decode()
    assert 'name="lock_version" value="0"' in page  # not saved yet
    assert _post(client, 2, 0).status_code == 302
    stale = _post(client, 6, 0)
    assert stale.status_code == 409
    html = stale.content.decode()
    assert world.admin.get_full_name() in html and "gewijzigd" in html
    assert 'value="6"' in html  # one's own input stays in the form
    stored = ProtocolSettings.objects.get(municipality=world.municipality)
    assert stored.emergency_access_hours == 2 and stored.updated_by == world.admin
    assert f'name="lock_version" value="{stored.lock_version}"' in html
    # Saving again from the 409 page (after merging) goes through.
    assert _post(client, 6, stored.lock_version).status_code == 302
    stored.refresh_from_db()
    assert stored.emergency_access_hours == 6 and stored.lock_version == 2
