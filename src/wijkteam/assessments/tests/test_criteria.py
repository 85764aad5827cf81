"""Loading the licensed criteria texts: validated, all or nothing, then shown as hints.

Shipped instruments: the installation's operator (service ``criteria_load_shipped``, command
``assessments_load_criteria``). A municipality's own instruments: its functional administrator.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from wijkteam.assessments.instruments import criteria_load, criteria_load_shipped
from wijkteam.assessments.models import Criterion, Domain, Level
from wijkteam.assessments.tests.helpers import (
    actor,
    first_member,
    ladder,
    make_household,
    own_instrument,
    zrm,
)
from wijkteam.privacy.policy import AccessDenied


def _complete(instrument: Any) -> dict[str, dict[str, str]]:
    codes = Domain.objects.filter(instrument=instrument).values_list("code", flat=True)
    values = Level.objects.filter(instrument=instrument).values_list("value", flat=True)
    return {code: {str(v): f"Tekst {code} niveau {v}" for v in values} for code in codes}


def _load(world: Any, instrument: Any, name: str, content: str) -> int:
    """The installation's operator loads a shipped instrument's texts."""
    return criteria_load_shipped(instrument=instrument, filename=name, raw=content.encode())


def test_complete_json_file_loads_every_cell(world: Any) -> None:
    assert _load(world, zrm(), "zrm.json", json.dumps({"domains": _complete(zrm())})) == 55
    assert Criterion.objects.filter(domain__instrument=zrm()).count() == 55


def test_complete_csv_file_loads_and_replaces(world: Any) -> None:
    _load(world, zrm(), "zrm.json", json.dumps({"domains": _complete(zrm())}))
    lines = ["domain,level,text"] + [
        f"{code},{level},Nieuw {code} {level}"
        for code, levels in _complete(zrm()).items()
        for level in levels
    ]
    assert _load(world, zrm(), "zrm.csv", "\n".join(lines)) == 55
    assert not Criterion.objects.filter(text__startswith="Tekst").exists()


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["housing"].pop("4"), "Huisvesting: de tekst voor niveau 4 ontbreekt."),
        (lambda d: d.update({"astrology": {"1": "x"}}), "onbekend domein “astrology”"),
        (lambda d: d["finances"].update({"7": "x"}), "onbekend niveau “7”"),
    ],
)
def test_broken_file_changes_nothing_and_says_why_in_dutch(
    world: Any, mutate: Any, expected: str
) -> None:
    _load(world, zrm(), "zrm.json", json.dumps({"domains": _complete(zrm())}))
    before = list(Criterion.objects.order_by("pk").values_list("pk", "text"))
    data = _complete(zrm())
    for cell in data.values():
        for level in cell:
            cell[level] = "Gewijzigd"
    mutate(data)
    with pytest.raises(ValidationError) as caught, translation.override("nl"):
        _load(world, zrm(), "zrm.json", json.dumps({"domains": data}))
    assert any(expected in m for m in caught.value.messages), caught.value.messages
    assert list(Criterion.objects.order_by("pk").values_list("pk", "text")) == before


def test_unreadable_files_are_refused(world: Any) -> None:
    for name, content in (("x.json", "{not json"), ("x.csv", "a,b\n1,2"), ("x.txt", "hello")):
        with pytest.raises(ValidationError):
            _load(world, ladder(), name, content)
    assert not Criterion.objects.exists()


def test_only_the_owning_municipalitys_admin_loads_its_criteria(world: Any) -> None:
    own = own_instrument(world.municipality)
    raw = json.dumps({"domains": _complete(own)}).encode()
    for person in (world.leader_a, world.other_admin):
        with pytest.raises(AccessDenied):
            criteria_load(actor=actor(person), instrument=own, filename="o.json", raw=raw)
    assert not Criterion.objects.exists()
    assert criteria_load(actor=actor(world.admin), instrument=own, filename="o.json", raw=raw) == 6


def test_no_municipal_admin_loads_the_shipped_criteria(world: Any) -> None:
    raw = json.dumps({"domains": _complete(zrm())}).encode()
    for person in (world.admin, world.other_admin):
        with pytest.raises(AccessDenied):
            criteria_load(actor=actor(person), instrument=zrm(), filename="z.json", raw=raw)
    assert not Criterion.objects.exists()


def test_the_shipped_loader_refuses_a_municipal_instrument(world: Any) -> None:
    own = own_instrument(world.municipality)
    with pytest.raises(ValidationError):
        _load(world, own, "o.json", json.dumps({"domains": _complete(own)}))
    assert not Criterion.objects.exists()


def test_command_prints_a_template_and_loads_a_shipped_instrument(
    world: Any, tmp_path: Path
) -> None:
    out = io.StringIO()
    call_command("assessments_load_criteria", "participation-ladder:1", "--template", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0] == "domain,level,text" and len(lines) == 1 + 6
    path = tmp_path / "ladder.csv"
    path.write_text("\n".join([lines[0]] + [f"{line.rstrip(',')},Trede" for line in lines[1:]]))
    out = io.StringIO()
    call_command("assessments_load_criteria", "participation-ladder:1", str(path), stdout=out)
    assert out.getvalue().startswith("6 ")
    assert Criterion.objects.filter(domain__instrument=ladder(), text="Trede").count() == 6


def test_command_refuses_unknown_municipal_and_broken_input(world: Any, tmp_path: Path) -> None:
    own_instrument(world.municipality, code="wellbeing", version="1")
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"domains": {"participation_level": {"1": "x"}}}))
    for args in (
        ("wellbeing:1", "--template"),  # not shipped: the municipality loads it itself
        ("zrm:1999", "--template"),
        ("participation-ladder:1", str(path)),  # levels 2-6 missing
        ("participation-ladder:1", str(tmp_path / "missing.csv")),
        ("participation-ladder:1",),
    ):
        with pytest.raises(CommandError):
            call_command("assessments_load_criteria", *args, stdout=io.StringIO())
    assert not Criterion.objects.exists()


def test_upload_page_then_hints_on_the_record_page(world: Any, client_for: Any) -> None:
    own = own_instrument(world.municipality)
    admin = client_for(world.admin)
    upload = SimpleUploadedFile("own.json", json.dumps({"domains": _complete(own)}).encode())
    response = admin.post(reverse("assessments:criteria_upload", args=[own.pk]), {"file": upload})
    assert response.status_code == 302
    member = first_member(make_household(world))
    page = client_for(world.member_a).get(reverse("assessments:record", args=[member.pk, own.pk]))
    assert "Tekst mood niveau 3" in page.content.decode()


def test_shipped_criteria_are_hints_for_everybody(world: Any, client_for: Any) -> None:
    _load(world, zrm(), "zrm.json", json.dumps({"domains": _complete(zrm())}))
    member = first_member(make_household(world))
    page = client_for(world.member_a).get(reverse("assessments:record", args=[member.pk, zrm().pk]))
    assert "Tekst finances niveau 3" in page.content.decode()


def test_broken_upload_shows_the_reason(world: Any, client_for: Any) -> None:
    own = own_instrument(world.municipality)
    data = _complete(own)
    data["contacts"].pop("1")
    upload = SimpleUploadedFile("own.json", json.dumps({"domains": data}).encode())
    response = client_for(world.admin).post(
        reverse("assessments:criteria_upload", args=[own.pk]),
        {"file": upload},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 400
    assert "Contacten: de tekst voor niveau 1 ontbreekt." in response.content.decode()
    assert not Criterion.objects.exists()


def test_the_empty_template_filled_in_loads(world: Any, client_for: Any) -> None:
    own = own_instrument(world.municipality)
    response = client_for(world.admin).get(reverse("assessments:criteria_template", args=[own.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().strip().splitlines()
    assert lines[0] == "domain,level,text" and len(lines) == 1 + 2 * 3
    filled = "\n".join([lines[0]] + [line.rstrip(",") + ",Eigen tekst" for line in lines[1:]])
    upload = SimpleUploadedFile("own.csv", filled.encode())
    response = client_for(world.admin).post(
        reverse("assessments:criteria_upload", args=[own.pk]), {"file": upload}
    )
    assert response.status_code == 302
    assert Criterion.objects.filter(domain__instrument=own, text="Eigen tekst").count() == 6
