"""Instruments have an owner (issue #4): in a shared installation a municipality can neither
see nor change another municipality's instruments, nobody changes the shipped ones in the
application, and a household is never scored with another municipality's instrument.

The world: ``admin`` administers municipality A (teams A and B, the household); ``other_admin``
administers municipality B ("Andere gemeente").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from wijkteam.accounts.models import Membership, Role, SecrecyStatus
from wijkteam.assessments import instruments as instrument_services
from wijkteam.assessments import selectors, services
from wijkteam.assessments.models import Criterion, Domain, Instrument, Level, Measurement
from wijkteam.assessments.tests.helpers import (
    actor,
    first_member,
    make_household,
    own_instrument,
    record,
    zrm,
)
from wijkteam.conftest import PERSONAS
from wijkteam.core.testing.routes import PERSONA_NAMES
from wijkteam.privacy.policy import AccessDenied

OTHER_MUNICIPALITY_MESSAGE = "Dit instrument is van een andere gemeente"


def _state(instrument: Instrument) -> tuple[Any, ...]:
    """Everything an edit could change, to prove that a refused request changed nothing."""
    instrument = Instrument.objects.get(pk=instrument.pk)
    return (
        instrument.name,
        instrument.is_active,
        instrument.municipality_id,
        list(Domain.objects.filter(instrument=instrument).values_list("name_nl", "name_en")),
        list(Level.objects.filter(instrument=instrument).values_list("label_nl", "label_en")),
        Criterion.objects.filter(domain__instrument=instrument).count(),
        Instrument.objects.count(),
    )


def _edit_data(instrument: Instrument, text: str = "Gewijzigd") -> dict[str, str]:
    data = {"name": text, "is_active": "on"}
    for domain in instrument.domains.all():
        data[f"domain_{domain.pk}_nl"] = text
        data[f"domain_{domain.pk}_en"] = text
    for level in instrument.levels.all():
        data[f"level_{level.pk}_nl"] = text
        data[f"level_{level.pk}_en"] = text
    return data


def _criteria_file(instrument: Instrument) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    lines = ["domain,level,text"] + [
        f"{d.code},{lv.value},Tekst"
        for d in instrument.domains.all()
        for lv in instrument.levels.all()
    ]
    return SimpleUploadedFile("criteria.csv", "\n".join(lines).encode())


def _ui_writes(client: Client, instrument: Instrument) -> list[int]:
    """Every UI write on one instrument: labels, new version, criteria upload."""
    pk = instrument.pk
    return [
        client.get(reverse("assessments:instrument_edit", args=[pk])).status_code,
        client.post(
            reverse("assessments:instrument_edit", args=[pk]), _edit_data(instrument)
        ).status_code,
        client.post(
            reverse("assessments:instrument_new_version", args=[pk]), {"version": "99"}
        ).status_code,
        client.post(
            reverse("assessments:criteria_upload", args=[pk]), {"file": _criteria_file(instrument)}
        ).status_code,
        client.get(reverse("assessments:criteria_template", args=[pk])).status_code,
    ]


# --- the model ----------------------------------------------------------------------------


def test_shipped_instruments_have_no_owner(db: Any) -> None:
    shipped = Instrument.objects.filter(code__in=["zrm", "participation-ladder"])
    assert shipped.count() == 3
    assert set(shipped.values_list("municipality", flat=True)) == {None}


def test_code_and_version_are_unique_per_owner(world: Any) -> None:
    own_instrument(world.municipality, code="wellbeing", version="1")
    own_instrument(world.other_municipality, code="wellbeing", version="1")  # another owner
    own_instrument(world.municipality, code="wellbeing", version="2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Instrument.objects.create(
            municipality=world.municipality, code="wellbeing", version="1", name="x"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Instrument.objects.create(code="zrm", version="2013", name="x")  # shipped twice
    assert Instrument.objects.filter(code="wellbeing").count() == 3


# --- pages ----------------------------------------------------------------------------------


def test_another_municipalitys_admin_cannot_touch_an_instrument(
    world: Any, client_for: Any
) -> None:
    instrument = own_instrument(world.municipality)
    before = _state(instrument)
    assert _ui_writes(client_for(world.other_admin), instrument) == [404] * 5
    assert _state(instrument) == before
    # the owning municipality's administrator can (the requests above were not broken)
    statuses = _ui_writes(client_for(world.admin), instrument)
    assert statuses == [200, 302, 302, 302, 200]
    assert Instrument.objects.get(pk=instrument.pk).name == "Gewijzigd"


@pytest.mark.parametrize("admin", ["admin", "other_admin"])
def test_no_municipal_admin_changes_a_shipped_instrument(
    world: Any, client_for: Any, admin: str
) -> None:
    instrument = zrm("2017")
    before = _state(instrument)
    assert _ui_writes(client_for(world.users[admin]), instrument) == [404] * 5
    assert _state(instrument) == before


def test_instrument_list_shows_shipped_and_own_only(world: Any, client_for: Any) -> None:
    mine = own_instrument(world.other_municipality, name="Meter van Andere gemeente")
    theirs = own_instrument(world.municipality, name="Meter van Testgemeente")
    html = (
        client_for(world.other_admin).get(reverse("assessments:instrument_list")).content.decode()
    )
    assert "Meter van Andere gemeente" in html and "Meter van Testgemeente" not in html
    assert reverse("assessments:instrument_edit", args=[mine.pk]) in html
    assert reverse("assessments:instrument_edit", args=[zrm().pk]) not in html  # read-only
    assert reverse("assessments:instrument_create") in html
    html = client_for(world.member_a).get(reverse("assessments:instrument_list")).content.decode()
    assert "Meter van Testgemeente" in html and "Meter van Andere gemeente" not in html
    assert reverse("assessments:instrument_edit", args=[theirs.pk]) not in html  # no admin
    assert reverse("assessments:instrument_create") not in html


def _create_data(**changes: str) -> dict[str, str]:
    data = {
        "code": "wellbeing",
        "name": "Welzijnsmeter",
        "version": "1",
        "domains": "mood; Stemming; Mood\ncontacts; Contacten",
        "levels": "Zorgelijk; Worrying\nMatig\nGoed; Good",
    }
    data.update(changes)
    return data


def test_an_admin_creates_and_edits_their_own_municipalitys_instrument(
    world: Any, client_for: Any
) -> None:
    client = client_for(world.other_admin)
    response = client.post(reverse("assessments:instrument_create"), _create_data())
    assert response.status_code == 302, response.content.decode()
    instrument = Instrument.objects.get(code="wellbeing")
    assert instrument.municipality == world.other_municipality
    assert list(instrument.domains.values_list("code", "name_nl", "name_en")) == [
        ("mood", "Stemming", "Mood"),
        ("contacts", "Contacten", "Contacten"),  # no English name: the Dutch one
    ]
    assert list(instrument.levels.values_list("value", "label_nl", "label_en")) == [
        (1, "Zorgelijk", "Worrying"),
        (2, "Matig", "Matig"),
        (3, "Goed", "Good"),
    ]
    response = client.post(
        reverse("assessments:instrument_edit", args=[instrument.pk]),
        _edit_data(instrument, "Eigen tekst"),
    )
    assert response.status_code == 302
    assert instrument.levels.get(value=2).label_nl == "Eigen tekst"
    # and the administrator of municipality A cannot change it
    before = _state(instrument)
    assert _ui_writes(client_for(world.admin), instrument) == [404] * 5
    assert _state(instrument) == before


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"code": "zrm"}, "meegeleverd"),  # the shipped codes are reserved
        ({"domains": "mood; Stemming\nmood; Nog eens"}, "komt twee keer voor"),
        ({"levels": "Alleen één niveau"}, "minstens twee niveaus"),
        ({"levels": "\n".join(f"Niveau {n}" for n in range(1, 12))}, "van 1 tot 10"),
        ({"domains": "mood; Stemming; Mood; extra"}, "Regel 1"),
        ({"code": "met spatie"}, 'id="id_code_error"'),
    ],
)
def test_create_refuses_bad_input_in_dutch_and_creates_nothing(
    world: Any, client_for: Any, changes: dict[str, str], expected: str
) -> None:
    count = Instrument.objects.count()
    response = client_for(world.admin).post(
        reverse("assessments:instrument_create"),
        _create_data(**changes),
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert Instrument.objects.count() == count


def test_the_same_code_and_version_in_two_municipalities(world: Any) -> None:
    domains = [instrument_services.DomainInput("mood", "Stemming")]
    levels = [instrument_services.LevelInput(1, "Laag"), instrument_services.LevelInput(2, "Hoog")]
    for person, municipality in (
        (world.admin, world.municipality),
        (world.other_admin, world.other_municipality),
    ):
        instrument_services.instrument_create(
            actor=actor(person),
            municipality=municipality,
            code="wellbeing",
            name="Welzijn",
            version="1",
            domains=domains,
            levels=levels,
        )
    with pytest.raises(ValidationError), translation.override("nl"):
        instrument_services.instrument_create(
            actor=actor(world.admin),
            municipality=world.municipality,
            code="wellbeing",
            name="Welzijn",
            version="1",
            domains=domains,
            levels=levels,
        )
    with pytest.raises(AccessDenied):  # not for another municipality
        instrument_services.instrument_create(
            actor=actor(world.admin),
            municipality=world.other_municipality,
            code="wellbeing",
            name="Welzijn",
            version="2",
            domains=domains,
            levels=levels,
        )
    assert Instrument.objects.filter(code="wellbeing").count() == 2


def test_only_functional_admins_may_open_the_create_page(world: Any, client_for: Any) -> None:
    url = reverse("assessments:instrument_create")
    for persona in PERSONAS:
        status = client_for(world.users[persona]).get(url).status_code
        assert status == (200 if persona in ("admin", "other_admin") else 404), persona
    assert client_for(world.leader_a).post(url, _create_data()).status_code == 404
    assert not Instrument.objects.filter(code="wellbeing").exists()


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_every_role_posting_an_edit_of_municipality_as_instrument(
    world: Any, client_for: Any, persona: str
) -> None:
    instrument = own_instrument(world.municipality)
    before = _state(instrument)
    client = Client() if persona == "anonymous" else client_for(world.users[persona])
    status = client.post(
        reverse("assessments:instrument_edit", args=[instrument.pk]), _edit_data(instrument)
    ).status_code
    if persona == "admin":
        assert status == 302 and Instrument.objects.get(pk=instrument.pk).name == "Gewijzigd"
    else:
        assert status == (302 if persona == "anonymous" else 404)  # anonymous: to the login
        assert _state(instrument) == before


# --- API ------------------------------------------------------------------------------------


def _detail(instrument: Instrument) -> str:
    return reverse("assessments_api:instrument_detail", args=[instrument.pk])


def _patch(client: Client, instrument: Instrument) -> Any:
    first_domain = instrument.domains.order_by("order")[0]
    payload = {
        "name": "Gewijzigd",
        "is_active": False,
        "domains": [{"code": first_domain.code, "name_nl": "Gewijzigd"}],
        "levels": [{"value": 1, "label_nl": "Gewijzigd"}],
    }
    return client.patch(
        _detail(instrument), payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="nl"
    )


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_every_role_patching_municipality_as_instrument(
    world: Any, client_for: Any, persona: str
) -> None:
    instrument = own_instrument(world.municipality)
    before = _state(instrument)
    client = Client() if persona == "anonymous" else client_for(world.users[persona])
    response = _patch(client, instrument)
    if persona == "admin":
        assert response.status_code == 200, response.content
        assert response.json()["name"] == "Gewijzigd" and response.json()["is_active"] is False
        assert instrument.domains.get(code="mood").name_nl == "Gewijzigd"
        assert instrument.levels.get(value=1).label_en == "Gewijzigd"  # empty English: Dutch
        return
    expected = {"anonymous": 401, "other_admin": 404}.get(persona, 403)  # seen, not changed
    assert response.status_code == expected, (persona, response.content)
    assert _state(instrument) == before


@pytest.mark.parametrize("persona", ["admin", "other_admin", "member_a"])
def test_nobody_patches_a_shipped_instrument(world: Any, client_for: Any, persona: str) -> None:
    instrument = zrm()
    before = _state(instrument)
    response = _patch(client_for(world.users[persona]), instrument)
    assert response.status_code == 403
    assert "meegeleverde instrumenten" in response.json()["detail"].lower()
    assert _state(instrument) == before


def test_api_lists_and_shows_only_shipped_and_own(world: Any, client_for: Any) -> None:
    theirs = own_instrument(world.municipality)
    mine = own_instrument(world.other_municipality, code="other")
    client = client_for(world.other_admin)
    listed = client.get(reverse("assessments_api:instrument_list")).json()
    assert {(i["code"], i["municipality"]) for i in listed} == {
        ("zrm", None),
        ("participation-ladder", None),
        ("other", world.other_municipality.pk),
    }
    assert client.get(_detail(theirs)).status_code == 404
    assert client.get(_detail(mine)).json()["domains"][0]["code"] == "mood"


def _api_create(client: Client, municipality: Any, **changes: Any) -> Any:
    payload = {
        "municipality": municipality.pk,
        "code": "wellbeing",
        "name": "Welzijnsmeter",
        "version": "1",
        "domains": [{"code": "mood", "name_nl": "Stemming", "name_en": "Mood"}],
        "levels": [{"value": 1, "label_nl": "Laag"}, {"value": 2, "label_nl": "Hoog"}],
    }
    payload.update(changes)
    return client.post(
        reverse("assessments_api:instrument_list"), payload, content_type="application/json"
    )


def test_api_create_for_ones_own_municipality_only(world: Any, client_for: Any) -> None:
    client = client_for(world.other_admin)
    assert _api_create(client, world.municipality).status_code == 403
    assert _api_create(client_for(world.leader_a), world.municipality).status_code == 403
    assert not Instrument.objects.filter(code="wellbeing").exists()
    response = _api_create(client, world.other_municipality)
    assert response.status_code == 201, response.content
    assert response.json()["municipality"] == world.other_municipality.pk
    assert [lv["label_en"] for lv in response.json()["levels"]] == ["Laag", "Hoog"]
    # bad input: a shipped code, a duplicate version, a level outside 1-10
    for changes in ({"code": "zrm"}, {}, {"levels": [{"value": 11, "label_nl": "x"}]}):
        assert _api_create(client, world.other_municipality, **changes).status_code == 400
    assert Instrument.objects.filter(municipality=world.other_municipality).count() == 1


# --- recording ------------------------------------------------------------------------------


def test_recording_offers_shipped_and_the_households_municipalitys_instruments(
    world: Any, client_for: Any
) -> None:
    household = make_household(world)
    own = own_instrument(world.municipality)
    retired = own_instrument(world.municipality, code="retired")
    Instrument.objects.filter(pk=retired.pk).update(is_active=False)
    foreign = own_instrument(world.other_municipality, code="foreign")
    data = selectors.household_assessments(actor=actor(world.member_a), household_id=household.pk)
    offered = {(i.code, i.version) for i in data.instruments}
    assert offered == {("zrm", "2013"), ("zrm", "2017"), ("participation-ladder", "1"),
                       ("wellbeing", "1")}  # fmt: skip
    member = first_member(household)
    client = client_for(world.member_a)
    html = client.get(reverse("assessments:member", args=[member.pk])).content.decode()
    assert reverse("assessments:record", args=[member.pk, own.pk]) in html
    assert reverse("assessments:record", args=[member.pk, foreign.pk]) not in html
    assert client.get(reverse("assessments:record", args=[member.pk, own.pk])).status_code == 200
    assert (
        client.get(reverse("assessments:record", args=[member.pk, foreign.pk])).status_code == 404
    )


def _work_in_both_municipalities(world: Any) -> None:
    """member_a also administers municipality B, so B's instruments are visible to them."""
    Membership.objects.create(
        user=world.member_a,
        municipality=world.other_municipality,
        role=Role.FUNCTIONAL_ADMIN,
        secrecy_status=SecrecyStatus.NOT_APPLICABLE,
        function_title="beheerder",
        fte="0.10",
    )


def test_service_refuses_another_municipalitys_instrument_in_dutch(world: Any) -> None:
    _work_in_both_municipalities(world)
    member = first_member(make_household(world))
    foreign = own_instrument(world.other_municipality)
    with pytest.raises(ValidationError) as caught, translation.override("nl"):
        services.measurement_record(
            actor=actor(world.member_a),
            member=member,
            instrument=foreign,
            scores=[services.ScoreInput("mood", 2)],
            measured_on=dt.date(2026, 1, 10),
        )
    assert any(OTHER_MUNICIPALITY_MESSAGE in m for m in caught.value.messages)
    assert not Measurement.objects.exists()
    # the municipality's own instrument and the shipped ones are recorded as before
    record(world, member, own_instrument(world.municipality, code="own"), 2)
    record(world, member, zrm(), 3)
    assert Measurement.objects.count() == 2


def test_api_refuses_another_municipalitys_instrument(world: Any, client_for: Any) -> None:
    member = first_member(make_household(world))
    foreign = own_instrument(world.other_municipality)
    url = reverse("assessments_api:measurement_list", args=[member.pk])
    payload = {"instrument": foreign.pk, "scores": [{"domain": "mood", "value": 2}]}
    response = client_for(world.member_a).post(url, payload, content_type="application/json")
    assert response.status_code == 400  # not even visible: an unknown instrument
    _work_in_both_municipalities(world)
    response = client_for(world.member_a).post(
        url, payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 400
    assert OTHER_MUNICIPALITY_MESSAGE in response.json()["instrument"][0]
    # the page does not even offer it, though the person may see the instrument
    page = client_for(world.member_a).get(
        reverse("assessments:record", args=[member.pk, foreign.pk])
    )
    assert page.status_code == 404
    assert not Measurement.objects.exists()
