"""Loading the licensed criteria texts: validated, all or nothing, then shown as hints."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from wijkteam.assessments.instruments import criteria_load
from wijkteam.assessments.models import Criterion, Domain
from wijkteam.assessments.tests.helpers import actor, first_member, ladder, make_household, zrm
from wijkteam.privacy.policy import AccessDenied


def _complete(instrument: Any) -> dict[str, dict[str, str]]:
    codes = Domain.objects.filter(instrument=instrument).values_list("code", flat=True)
    return {code: {str(v): f"Tekst {code} niveau {v}" for v in range(1, 6)} for code in codes}


def _load(world: Any, instrument: Any, name: str, content: str) -> int:
    return criteria_load(
        actor=actor(world.admin), instrument=instrument, filename=name, raw=content.encode()
    )


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


def test_only_functional_admins_load_criteria(world: Any) -> None:
    with pytest.raises(AccessDenied):
        criteria_load(actor=actor(world.leader_a), instrument=zrm(), filename="z.json", raw=b"{}")


def test_upload_page_then_hints_on_the_record_page(world: Any, client_for: Any) -> None:
    admin = client_for(world.admin)
    upload = SimpleUploadedFile("zrm.json", json.dumps({"domains": _complete(zrm())}).encode())
    response = admin.post(reverse("assessments:criteria_upload", args=[zrm().pk]), {"file": upload})
    assert response.status_code == 302
    member = first_member(make_household(world))
    page = client_for(world.member_a).get(reverse("assessments:record", args=[member.pk, zrm().pk]))
    assert "Tekst finances niveau 3" in page.content.decode()


def test_broken_upload_shows_the_reason(world: Any, client_for: Any) -> None:
    data = _complete(zrm())
    data["justice"].pop("1")
    upload = SimpleUploadedFile("zrm.json", json.dumps({"domains": data}).encode())
    response = client_for(world.admin).post(
        reverse("assessments:criteria_upload", args=[zrm().pk]),
        {"file": upload},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 400
    assert "Justitie: de tekst voor niveau 1 ontbreekt." in response.content.decode()
    assert not Criterion.objects.exists()


def test_the_empty_template_filled_in_loads(world: Any, client_for: Any) -> None:
    response = client_for(world.admin).get(
        reverse("assessments:criteria_template", args=[ladder().pk])
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().strip().splitlines()
    assert lines[0] == "domain,level,text" and len(lines) == 1 + 6
    filled = "\n".join([lines[0]] + [line.rstrip(",") + ",Eigen tekst" for line in lines[1:]])
    assert _load(world, ladder(), "ladder.csv", filled) == 6
