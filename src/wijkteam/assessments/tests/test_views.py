"""Pages and access per role: record, overviews with chart and table, instruments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from wijkteam.assessments import selectors
from wijkteam.assessments.models import Domain, Instrument, LatestScore, Measurement
from wijkteam.assessments.tests.helpers import (
    actor,
    first_member,
    ladder,
    make_household,
    own_instrument,
    record,
    zrm,
)
from wijkteam.privacy.models import AccessLogEntry

OTHERS = (
    "leader_a",
    "civil_servant_a",
    "member_b",
    "policy",
    "admin",
    "privacy_officer",
    "other_admin",
)


def _post_scores(
    instrument: Instrument, values: dict[str, str], on: str = "2026-02-01"
) -> dict[str, str]:
    data = {"measured_on": on, "moment": "start"}
    for code in Domain.objects.filter(instrument=instrument).values_list("code", flat=True):
        data[f"score_{code}"] = values.get(code, "")
        data[f"remark_{code}"] = ""
    return data


def test_record_page_posts_a_measurement_with_remarks(world: Any, client_for: Any) -> None:
    member = first_member(make_household(world))
    data = _post_scores(
        zrm(), {"finances": "2", "housing": "n", "justice": "0", "mental_health": "4"}
    )
    data["remark_finances"] = "Schulden bij drie schuldeisers"
    response = client_for(world.member_a).post(
        reverse("assessments:record", args=[member.pk, zrm().pk]), data
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    scores = {
        s.domain.code: (s.value, s.remark) for s in measurement.scores.select_related("domain")
    }
    assert scores["finances"] == (2, "Schulden bij drie schuldeisers")
    assert scores["housing"] == (None, "") and scores["justice"] == (None, "")
    assert scores["mental_health"] == (4, "")


def test_record_page_shows_errors_and_stores_nothing(world: Any, client_for: Any) -> None:
    member = first_member(make_household(world))
    data = _post_scores(zrm(), {"finances": "7", "housing": "x"})
    response = client_for(world.member_a).post(
        reverse("assessments:record", args=[member.pk, zrm().pk]), data, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 400
    assert not Measurement.objects.exists()
    html = response.content.decode()
    assert "form-errors" in html


def test_record_page_shows_the_previous_score_as_a_hint(world: Any, client_for: Any) -> None:
    member = first_member(make_household(world))
    record(world, member, zrm(), {"finances": 2}, on=dt.date(2026, 1, 5))
    html = (
        client_for(world.member_a)
        .get(reverse("assessments:record", args=[member.pk, zrm().pk]))
        .content.decode()
    )
    assert 'id="previous-finances"' in html and "5 januari 2026" in html


def test_previous_score_of_the_older_version_is_a_hint_only_where_one_to_one(world: Any) -> None:
    member = first_member(make_household(world))
    record(
        world,
        member,
        zrm("2013"),
        {"addiction": 2, "daytime_activities": 3},
        on=dt.date(2026, 1, 5),
    )
    rows = {
        r.domain.code: r.previous
        for r in selectors.record_rows(member=member, instrument=zrm("2017"))
    }
    assert rows["substance_use"] == 2
    assert rows["time_use"] is None and rows["work_education"] is None


def test_household_and_member_pages_show_chart_and_table_with_the_same_numbers(
    world: Any, client_for: Any
) -> None:
    household = make_household(world)
    member = first_member(household)
    record(
        world, member, zrm(), {"finances": 2, "housing": 4, "justice": 3}, on=dt.date(2026, 1, 1)
    )
    record(
        world, member, zrm(), {"finances": 4, "housing": 3, "justice": 3}, on=dt.date(2026, 3, 1)
    )
    record(world, member, ladder(), {"participation_level": 2}, on=dt.date(2026, 1, 1))
    record(world, member, ladder(), {"participation_level": 4}, on=dt.date(2026, 3, 1))
    client = client_for(world.member_a)
    for url in (
        reverse("assessments:household", args=[household.pk]),
        reverse("assessments:member", args=[member.pk]),
    ):
        html = client.get(url).content.decode()
        assert 'role="img"' in html and "aria-label=" in html
        assert 'data-domain="finances"' in html and 'data-trend="up"' in html
        assert 'data-trend="down"' in html and 'data-trend="same"' in html
        assert (
            "Finances: first 2, latest 4" in html
            or "Financiën: first 2, latest 4" in html
            or "Financiën: eerst 2, laatst 4" in html
        )


def test_household_trend_combines_members(world: Any) -> None:
    household = make_household(world)
    anna, bram = list(household.members.order_by("pk"))[:2]
    record(world, anna, zrm(), {"finances": 2}, on=dt.date(2026, 1, 1))
    record(world, anna, zrm(), {"finances": 4}, on=dt.date(2026, 2, 1))
    record(world, bram, zrm(), {"housing": 3}, on=dt.date(2026, 1, 1))
    record(world, bram, zrm(), {"housing": 2}, on=dt.date(2026, 2, 1))
    record(world, bram, ladder(), {"participation_level": 3}, on=dt.date(2026, 1, 1))
    trends = selectors.progress_for_household(actor=actor(world.member_a), household=household)
    assert trends == {"self_reliance": "up", "participation": "n/a"}
    scores = selectors.domain_scores_for_household(actor=actor(world.member_a), household=household)
    assert scores == {"finances": 4, "housing": 2}


@pytest.mark.parametrize("persona", OTHERS)
def test_nobody_but_the_involved_sees_assessments(
    world: Any, client_for: Any, persona: str
) -> None:
    household = make_household(world)
    member = first_member(household)
    measurement = record(world, member, zrm(), 3)
    client = client_for(world.users[persona])
    for url in (
        reverse("assessments:household", args=[household.pk]),
        reverse("assessments:member", args=[member.pk]),
        reverse("assessments:record", args=[member.pk, zrm().pk]),
        reverse("assessments_api:measurement_list", args=[member.pk]),
        reverse("assessments_api:latest_scores", args=[member.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("assessments:measurement_delete", args=[measurement.pk])).status_code
        == 404
    )
    assert Measurement.objects.filter(pk=measurement.pk).exists()
    user = world.users[persona]
    assert selectors.domain_scores_for_household(actor=actor(user), household=household) == {}
    assert selectors.progress_for_household(actor=actor(user), household=household) == {
        "self_reliance": "n/a",
        "participation": "n/a",
    }


def test_summary_partial_is_empty_for_the_civil_servant(world: Any, client_for: Any) -> None:
    from django.template.loader import render_to_string

    household = make_household(world)
    record(world, first_member(household), zrm(), 3)

    def partial(user: Any) -> str:
        summary = selectors.household_file_summary(actor=actor(user), household=household)
        context = {"household": household, "assessment_summary": summary}
        return render_to_string("assessments/_household_summary.html", context)

    assert partial(world.civil_servant_a).strip() == ""
    assert "assessments-summary-heading" in partial(world.member_a)


def test_reads_are_logged(world: Any, client_for: Any) -> None:
    household = make_household(world)
    member = first_member(household)
    client_for(world.member_a).get(reverse("assessments:member", args=[member.pk]))
    client_for(world.member_a).get(reverse("assessments:household", args=[household.pk]))
    types = set(
        AccessLogEntry.objects.filter(actor=world.member_a, event="read").values_list(
            "object_type", flat=True
        )
    )
    assert {"assessments.member", "assessments.household"} <= types


def test_delete_from_the_member_page(world: Any, client_for: Any) -> None:
    member = first_member(make_household(world))
    measurement = record(world, member, zrm(), 3)
    response = client_for(world.member_a).post(
        reverse("assessments:measurement_delete", args=[measurement.pk])
    )
    assert response.status_code == 302
    assert not Measurement.objects.exists() and not LatestScore.objects.exists()


def test_admin_edits_labels_and_creates_a_new_version(world: Any, client_for: Any) -> None:
    instrument = own_instrument(world.municipality)
    client = client_for(world.admin)
    url = reverse("assessments:instrument_edit", args=[instrument.pk])
    data = {"name": "Welzijnsmeter Testgemeente", "is_active": "on"}
    for domain in instrument.domains.all():
        data[f"domain_{domain.pk}_nl"] = f"Nieuw {domain.code}"
        data[f"domain_{domain.pk}_en"] = f"New {domain.code}"
    for level in instrument.levels.all():
        data[f"level_{level.pk}_nl"] = f"Trede {level.value}"
        data[f"level_{level.pk}_en"] = f"Step {level.value}"
    assert client.post(url, data).status_code == 302
    assert instrument.levels.get(value=3).label_nl == "Trede 3"
    response = client.post(
        reverse("assessments:instrument_new_version", args=[instrument.pk]), {"version": "2"}
    )
    assert response.status_code == 302
    new = Instrument.objects.get(code="wellbeing", version="2")
    assert new.municipality == world.municipality  # a new version stays the municipality's
    assert new.levels.count() == 3 and new.domains.get(code="mood").name_nl == "Nieuw mood"
    assert new.domains.get(code="mood").mapped_from.source.instrument == instrument
    # the same version twice is refused and creates nothing
    client.post(
        reverse("assessments:instrument_new_version", args=[instrument.pk]), {"version": "2"}
    )
    assert Instrument.objects.filter(code="wellbeing").count() == 2


def test_an_inactive_instrument_cannot_be_recorded(world: Any, client_for: Any) -> None:
    member = first_member(make_household(world))
    Instrument.objects.filter(pk=zrm().pk).update(is_active=False)
    response = client_for(world.member_a).get(
        reverse("assessments:record", args=[member.pk, zrm().pk])
    )
    assert response.status_code == 404


def test_old_measurements_keep_their_version(world: Any, client_for: Any) -> None:
    member = first_member(make_household(world))
    old = record(world, member, zrm("2013"), 3, on=dt.date(2026, 1, 1))
    record(world, member, zrm("2017"), 4, on=dt.date(2026, 2, 1))
    old.refresh_from_db()
    assert old.instrument.version == "2013"
    progress = selectors.member_progress(member).zrm
    mapped = {p.domain_code: p for p in progress if not p.older_version}
    assert mapped["finances"].trend == "up" and mapped["finances"].mapped_from
    assert mapped["substance_use"].first == 3 and mapped["substance_use"].latest == 4
    assert mapped["time_use"].trend == "n/a"
    assert {p.domain_code for p in progress if p.older_version} == {"daytime_activities", "adl"}


def test_participation_ladder_is_recorded_the_same_way(world: Any, client_for: Any) -> None:
    member = first_member(make_household(world))
    client = client_for(world.member_a)
    url = reverse("assessments:record", args=[member.pk, ladder().pk])
    html = client.get(url).content.decode()
    assert 'data-max="6"' in html and html.count("data-score=") == 1
    assert client.post(url, _post_scores(ladder(), {"participation_level": "6"})).status_code == 302
    assert LatestScore.objects.get(member=member).value == 6


def test_domain_score_tag_for_problem_statements(world: Any) -> None:
    from django.template import Context, Template

    household = make_household(world)
    record(world, first_member(household), zrm(), {"finances": 2}, on=dt.date(2026, 1, 1))
    template = Template(
        "{% load assessments %}{% domain_score scores 'finances' %}|{% domain_score scores 'housing' %}"
    )

    def render(user: Any) -> str:
        fresh = type(household).objects.get(pk=household.pk)
        scores = selectors.domain_scores_for_household(actor=actor(user), household=fresh)
        return template.render(Context({"scores": scores}))

    html = render(world.member_a)
    assert "ZRM" in html and ": 2)" in html and html.strip().endswith("|")
    assert render(world.civil_servant_a).strip() == "|"


def test_domain_scores_use_the_plan_codes_across_versions(world: Any) -> None:
    household = make_household(world)
    member = first_member(household)
    record(
        world,
        member,
        zrm("2013"),
        {"daytime_activities": 2, "addiction": 3},
        on=dt.date(2026, 1, 1),
    )
    record(world, member, zrm("2017"), {"substance_use": 4, "time_use": 5}, on=dt.date(2026, 2, 1))
    scores = selectors.domain_scores_for_household(actor=actor(world.member_a), household=household)
    assert scores["addiction"] == 4 and scores["substance_use"] == 4  # one-to-one mapped
    assert scores["daytime_activities"] == 2  # older version, no counterpart: its own latest score
    assert scores["time_use"] == 5


def test_member_page_shows_scores_over_time(world: Any, client_for: Any) -> None:
    member = first_member(make_household(world))
    for day, value in ((1, 2), (2, None), (3, 4)):
        values: dict[str, int | None] = {"finances": value, "housing": 3}
        record(world, member, zrm(), values, on=dt.date(2026, day, 1))
    data = selectors.member_assessments(actor=actor(world.member_a), member_id=member.pk)
    (timeline,) = data.timelines
    rows = dict(timeline.rows)
    assert rows.get("Financiën", rows.get("Finances")) == [2, None, 4]
    html = (
        client_for(world.member_a)
        .get(reverse("assessments:member", args=[member.pk]))
        .content.decode()
    )
    assert "timeline-heading" in html and "1 februari 2026" in html
