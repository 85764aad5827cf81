"""Pages, PDFs and the API of team design."""

from __future__ import annotations

import subprocess
import tempfile
from typing import Any

import pytest
from django.urls import reverse

from wijkteam.teamdesign.models import Answer, Block
from wijkteam.teamdesign.tests.helpers import answer, question, start

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        result = subprocess.run(
            ["pdftotext", handle.name, "-"], capture_output=True, check=True, text=True
        )
    # Long lines wrap in the PDF: compare with all whitespace as single spaces.
    return " ".join(result.stdout.split())


def _block_url(world: Any, code: str) -> str:
    return reverse("teamdesign:block", kwargs={"team_id": world.team_a.pk, "block_code": code})


def test_block_form_saves_answers_and_shows_who_changed_them(world: Any, client_for: Any) -> None:
    design = start(world)
    q = question(design, "form.model")
    t = question(design, "form.model_rationale")
    client = client_for(world.member_a)
    response = client.post(
        _block_url(world, "form"),
        {f"q{q.pk}": "integral", f"v{q.pk}": "0", f"q{t.pk}": "Alles in één hand", f"v{t.pk}": "0"},
    )
    assert response.status_code == 302
    assert Answer.objects.get(question=q).choices == ["integral"]
    page = client.get(_block_url(world, "form")).content.decode()
    assert "Alles in één hand" in page and str(world.member_a) in page
    title = design.instrument.blocks.get(code="form").title
    assert f'<h1 class="utrecht-heading-1">3. {title}</h1>' in page
    assert 'aria-current="step"' in page


def test_stale_save_is_refused_with_a_dutch_message_and_keeps_the_text(
    world: Any, client_for: Any
) -> None:
    design = start(world)
    q = question(design, "assignment.area_problems")
    answer(design, world.leader_a, "assignment.area_problems", text="Tekst van de leider")
    response = client_for(world.member_a).post(
        _block_url(world, "assignment"), {f"q{q.pk}": "Mijn eigen tekst", f"v{q.pk}": "0"}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft" in page
    assert "Mijn eigen tekst" in page and "Tekst van de leider" in page
    assert Answer.objects.get(question=q).text == "Tekst van de leider"
    # The form now carries the newer version: saving again is a deliberate overwrite.
    assert f'name="v{q.pk}" value="1"' in page


def test_policy_staff_read_but_cannot_open_the_edit_form(world: Any, client_for: Any) -> None:
    design = start(world)
    answer(design, world.member_a, "assignment.area_problems", text="Eenzaamheid")
    client = client_for(world.policy)
    doc = client.get(reverse("teamdesign:start_document", kwargs={"team_id": world.team_a.pk}))
    assert doc.status_code == 200 and "Eenzaamheid" in doc.content.decode()
    assert client.get(_block_url(world, "assignment")).status_code == 404
    composition = client.get(reverse("teamdesign:composition", kwargs={"team_id": world.team_a.pk}))
    assert "composition/example/" not in composition.content.decode()


def test_home_lists_only_teams_the_person_may_see(world: Any, client_for: Any) -> None:
    page = client_for(world.member_a).get(reverse("teamdesign:home")).content.decode()
    assert "Team A" in page and "Team B" not in page
    page = client_for(world.policy).get(reverse("teamdesign:home")).content.decode()
    assert "Team A" in page and "Team B" in page
    page = client_for(world.privacy_officer).get(reverse("teamdesign:home")).content.decode()
    assert "Team A" not in page


def test_start_document_pdf_has_team_every_block_and_the_chosen_model(
    world: Any, client_for: Any
) -> None:
    design = start(world)
    answer(design, world.member_a, "form.model", choices=["network"])
    answer(design, world.member_a, "assignment.decisions", text="We beginnen in de Noordwijk")
    response = client_for(world.member_a).get(
        reverse("teamdesign:start_document_pdf", kwargs={"team_id": world.team_a.pk})
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Team A" in text
    for block in Block.objects.filter(instrument=design.instrument):
        assert block.title in text, block.title
    label = question(design, "form.model").choices.get(code="network").label
    assert label in text
    assert "We beginnen in de Noordwijk" in text


def test_plan_pdf_has_goals_actions_and_review_moments(world: Any, client_for: Any) -> None:
    start(world)
    client = client_for(world.leader_a)
    team = {"team_id": world.team_a.pk}
    client.post(reverse("teamdesign:plan", kwargs=team), {"title": "Sneller contact"})
    goal = start(world).goals.get()
    client.post(
        reverse("teamdesign:plan_action_add", kwargs={**team, "goal_id": goal.pk}),
        {"description": "Belrooster opstellen", "owner": world.member_a.pk, "due_on": "2026-03-01"},
    )
    client.post(reverse("teamdesign:review_add", kwargs=team), {"planned_on": "2026-04-01"})
    text = pdf_text(client.get(reverse("teamdesign:plan_pdf", kwargs=team)).content)
    assert "Sneller contact" in text and "Belrooster opstellen" in text
    assert str(world.member_a) in text and "2026" in text


def test_api_reads_the_design_and_lists_quickscans(world: Any, client_for: Any) -> None:
    design = start(world)
    answer(design, world.member_a, "form.model", choices=["integrated"])
    client = client_for(world.policy)
    data = client.get(f"/api/v1/teamdesign/teams/{world.team_a.pk}/").json()
    assert data["started"] is True and data["model"] == "integrated"
    form = next(b for b in data["blocks"] if b["code"] == "form")
    assert form["answers"][0]["choices"] == ["integrated"]
    assert client.get(f"/api/v1/teamdesign/teams/{world.team_a.pk}/quickscans/").json() == []
    outsider = client_for(world.member_b).get(f"/api/v1/teamdesign/teams/{world.team_a.pk}/")
    assert outsider.status_code == 404


def test_api_endpoints_are_in_the_openapi_schema(world: Any, client_for: Any) -> None:
    schema = client_for(world.member_a).get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    paths = schema.json()["paths"] if schema["Content-Type"].startswith("application/json") else {}
    if not paths:
        import yaml  # type: ignore[import-untyped]

        paths = yaml.safe_load(schema.content)["paths"]
    assert "/api/v1/teamdesign/teams/{team_id}/" in paths
    assert "/api/v1/teamdesign/teams/{team_id}/quickscans/" in paths


def test_quickscan_shows_system_figures_beside_the_scores(world: Any, client_for: Any) -> None:
    import datetime as dt

    from wijkteam.casework.tests.helpers import make_household
    from wijkteam.teamdesign import services
    from wijkteam.teamdesign.tests.helpers import actor

    design = start(world)
    quickscan = services.quickscan_create(
        actor=actor(world.member_a),
        design=design,
        held_on=dt.date(2026, 2, 1),
        scores={"rule06": (3, "Bijna iedereen heeft een plan"), "rule01": (2, "")},
        swot={},
    )
    url = reverse(
        "teamdesign:quickscan_detail",
        kwargs={"team_id": world.team_a.pk, "quickscan_id": quickscan.pk},
    )
    client = client_for(world.member_a)
    page = client.get(url).content.decode()
    assert "Uit de registratie:</strong> 0 " in page.split('system-figure-rule06"')[1]
    make_household(world)  # an open trajectory without a plan
    page = client.get(url).content.decode()
    figure = page.split('system-figure-rule06"')[1].split("</span></span>")[0]
    assert "</strong> 1 " in figure and "geen geldend plan" in figure


def test_admin_edits_a_draft_in_both_languages_and_publishes_it(
    world: Any, client_for: Any
) -> None:
    from django.utils import translation

    from wijkteam.teamdesign.models import DesignInstrument

    client = client_for(world.admin)
    response = client.post(reverse("teamdesign:instrument_draft"))
    draft = DesignInstrument.objects.get(municipality=world.municipality)
    assert response.url == reverse(
        "teamdesign:instrument_detail", kwargs={"instrument_id": draft.pk}
    )
    block = draft.blocks.get(code="principles")
    edit = reverse(
        "teamdesign:instrument_edit",
        kwargs={"instrument_id": draft.pk, "kind": "block", "part_id": block.pk},
    )
    texts = {
        "title_nl": "Onze werkwijze",
        "title_en": "How we work",
        "intro_nl": "",
        "intro_en": "",
    }
    assert client.post(edit, texts).status_code == 302
    detail = client.get(reverse("teamdesign:instrument_detail", kwargs={"instrument_id": draft.pk}))
    assert "6. Onze werkwijze" in detail.content.decode()
    assert client.post(edit, {**texts, "title_nl": ""}).status_code == 400
    client.post(reverse("teamdesign:instrument_publish", kwargs={"instrument_id": draft.pk}))
    draft.refresh_from_db()
    assert draft.is_published
    assert client.get(edit).status_code == 404  # published versions are not edited
    block.refresh_from_db()
    with translation.override("en"):
        assert block.title == "How we work"
    design = start(world)
    assert design.instrument == draft
    # The team's administrator still cannot open the team's answers.
    overview = reverse("teamdesign:overview", kwargs={"team_id": world.team_a.pk})
    assert client.get(overview).status_code == 404
