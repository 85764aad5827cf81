"""Issue 15 point 8: a BSN once per household (and a warning for another open household),
removing a member added by mistake, search by BSN/date of birth/member name, ages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from wijkteam.casework.models import Note
from wijkteam.casework.tests.helpers import actor, make_household
from wijkteam.households import services
from wijkteam.households.models import Member
from wijkteam.households.services import MemberInput, household_create
from wijkteam.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def _bsn_of(household: Any) -> str:
    return household.members.exclude(bsn="").get().bsn


def test_the_same_bsn_twice_in_a_household_is_refused(world: Any, client_for: Any) -> None:
    household = make_household(world)
    bsn = _bsn_of(household)
    with pytest.raises(ValidationError) as refused:
        services.member_add(
            actor=actor(world.member_a), household=household, data=MemberInput("Dirk", "X", bsn=bsn)
        )
    assert "bsn" in refused.value.error_dict
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses it too
        Member.objects.create(household=household, first_name="Dirk", last_name="X", bsn=bsn)
    url = reverse("households:member_add", args=[household.pk])
    page = client_for(world.member_a).post(
        url, {"first_name": "Dirk", "last_name": "X", "bsn": bsn}
    )
    assert page.status_code == 400
    assert "Er staat al een gezinslid met dit BSN in dit huishouden." in page.content.decode()
    form = {
        "name": "Familie Dubbel",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-0-first_name": "Dirk",
        "members-0-last_name": "Dubbel",
        "members-0-bsn": "999990342",
        "members-1-first_name": "Dana",
        "members-1-last_name": "Dubbel",
        "members-1-bsn": "999990342",
    }
    created = client_for(world.member_a).post(reverse("households:household_create"), form)
    assert created.status_code == 400
    assert "U heeft hetzelfde BSN bij twee gezinsleden ingevuld." in created.content.decode()
    with pytest.raises(ValidationError):  # two members with one BSN in a new household
        household_create(
            actor=actor(world.member_a),
            team=world.team_a,
            name="Dubbel",
            members=[MemberInput("A", "B", bsn=bsn), MemberInput("C", "D", bsn=bsn)],
        )


def test_a_bsn_in_another_open_household_warns_without_details(world: Any, client_for: Any) -> None:
    other = household_create(  # team B: member_a may not see who lives there
        actor=actor(world.member_b),
        team=world.team_b,
        name="Familie Geheim",
        members=[MemberInput("Geert", "Geheim", bsn="999990342")],
    )
    household = make_household(world)
    url = reverse("households:member_add", args=[household.pk])
    client = client_for(world.member_a)
    body = {"first_name": "Geert", "last_name": "Geheim", "bsn": "999990342"}
    warned = client.post(url, body)
    page = warned.content.decode()
    assert warned.status_code == 400 and "lopend huishouden in Team B" in page
    assert "Familie Geheim" not in page and f"/households/{other.pk}/" not in page
    assert 'name="confirm_other_household"' in page
    assert not household.members.filter(bsn="999990342").exists()
    assert client.post(url, {**body, "confirm_other_household": "on"}).status_code == 302
    assert household.members.filter(bsn="999990342").exists()


def test_changing_a_bsn_to_one_in_another_open_household_warns_too(
    world: Any, client_for: Any
) -> None:
    household_create(
        actor=actor(world.member_b),
        team=world.team_b,
        name="Familie Geheim",
        members=[MemberInput("Geert", "Geheim", bsn="999990342")],
    )
    household = make_household(world)
    member = household.members.exclude(bsn="").get()
    url = reverse("households:member_edit", args=[household.pk, member.pk])
    client = client_for(world.member_a)
    form = client.get(url).context["form"]
    body = {name: form[name].value() or "" for name in form.fields}
    body["bsn"] = "999990342"
    warned = client.post(url, body)
    page = warned.content.decode()
    assert warned.status_code == 400 and "lopend huishouden in Team B" in page
    assert "Familie Geheim" not in page and 'name="confirm_other_household"' in page
    member.refresh_from_db()
    assert member.bsn != "999990342"
    assert client.post(url, {**body, "confirm_other_household": "on"}).status_code == 302
    member.refresh_from_db()
    assert member.bsn == "999990342"


def test_a_member_added_by_mistake_is_removed_with_a_reason(world: Any, client_for: Any) -> None:
    household = make_household(world)
    mistake = household.members.get(first_name="Bram")
    url = reverse("households:member_remove", args=[household.pk, mistake.pk])
    client = client_for(world.member_a)
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Bij het verkeerde huishouden gezet"}).status_code == 302
    assert not Member.objects.filter(pk=mistake.pk).exists()
    assert AccessLogEntry.objects.filter(
        object_type="households.member", object_id=str(mistake.pk), event="delete"
    ).exists()
    note = Note.objects.get(household=household)
    assert "Bij het verkeerde huishouden gezet" in note.text and "Bram" not in note.text
    assert client_for(world.member_b).get(url).status_code == 404  # outsider


def test_the_only_member_cannot_be_removed(world: Any) -> None:
    household = household_create(
        actor=actor(world.member_a),
        team=world.team_a,
        name="Alleen",
        members=[MemberInput("Ada", "Alleen")],
    )
    with pytest.raises(ValidationError) as refused:
        services.member_remove(
            actor=actor(world.member_a), member=household.members.get(), reason="Vergissing"
        )
    assert "enige gezinslid" in str(refused.value)


def test_search_by_bsn_date_of_birth_and_member_name(world: Any, client_for: Any) -> None:
    household = make_household(world)  # Anna (1 May 1980), Bram, Cleo Testers
    client = client_for(world.member_a)
    url = reverse("households:household_list")
    for query in (_bsn_of(household), "01-05-1980", "1980-05-01", "Cleo", "anna testers"):
        page = client.get(url, {"q": query}).content.decode()
        assert f"/households/{household.pk}/" in page, query
    assert (
        f"/households/{household.pk}/" not in client.get(url, {"q": "02-05-1980"}).content.decode()
    )


def test_search_by_date_of_birth_is_masked_without_the_contact_right(
    world: Any, client_for: Any
) -> None:
    household = make_household(world)
    page = (
        client_for(world.civil_servant_a)
        .get(reverse("households:household_list"), {"q": "01-05-1980"})
        .content.decode()
    )
    assert "Familie Testers" not in page and f"/households/{household.pk}/" not in page
    assert "een bewoner die bij deze zoekopdracht past" in page


def test_the_file_shows_each_members_age(world: Any, client_for: Any) -> None:
    household = make_household(world)
    today = dt.date.today()
    anna = today.year - 1980 - ((today.month, today.day) < (5, 1))
    page = (
        client_for(world.member_a)
        .get(reverse("casework:household_file", args=[household.pk]))
        .content.decode()
    )
    assert f"({anna} jaar)" in page and "(14 jaar)" in page
