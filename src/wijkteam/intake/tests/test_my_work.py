"""Mijn werk (#15 point 5): every date that asks for action, with days left or overdue,
soonest first, each linking to where to act; planned outreach attempts for who is on duty."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wijkteam.casework.choices import Phase
from wijkteam.casework.models import Trajectory
from wijkteam.casework.tests.helpers import make_household, make_plan
from wijkteam.intake import services
from wijkteam.intake.models import DutyShift
from wijkteam.intake.tests.factories import make_signal
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import Actor

pytestmark = pytest.mark.django_db


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def _plan_next_attempt(world, name: str, on: dt.date):  # type: ignore[no-untyped-def]
    signal = make_signal(world.team_a, world.member_a, subject_name=name)
    services.outreach_attempt_record(
        actor=Actor(world.member_a),
        signal=signal,
        kind="visit",
        outcome="note_left",
        next_attempt_on=on,
    )
    return signal


def _dated_work(world, suffix: str = "") -> None:  # type: ignore[no-untyped-def]
    monitored = make_household(world, name=f"Fam. Volgen{suffix}")
    Trajectory.objects.filter(household=monitored).update(
        phase=Phase.MONITORING, follow_up_on=_days(4), monitoring_until=_days(30)
    )
    evaluating = make_household(world, name=f"Fam. Evalueren{suffix}")
    Trajectory.objects.filter(household=evaluating).update(
        phase=Phase.EVALUATION,
        phase_changed_at=timezone.make_aware(dt.datetime.combine(_days(-3), dt.time(12))),
    )
    make_plan(world, make_household(world, name=f"Fam. Plan{suffix}"))  # an action due in 7 days
    make_signal(
        world.team_a, world.member_a, subject_name=f"Fam. Termijn{suffix}", deadline=_days(-2)
    )
    _plan_next_attempt(world, f"Fam. Eropaf{suffix}", _days(1))


def test_my_work_lists_every_date_that_asks_for_action_soonest_first(world, client_for):
    _dated_work(world)
    response = client_for(world.member_a).get(reverse("core:my_work"))
    rows = [(d.days, d.what, d.title) for d in response.context["due_dates"]]
    assert rows == [
        (-3, "Evaluatie nodig", "Fam. Evalueren"),
        (-2, "Uiterste datum signaal", "Fam. Termijn"),
        (1, "Volgende contactpoging", "Fam. Eropaf"),
        (4, "Vervolgcontact", "Fam. Volgen"),
        (7, "Actie", "Actie 0 — Fam. Plan"),
        (30, "Einde monitoring", "Fam. Volgen"),
    ]
    page = response.content.decode()
    assert "3 dagen te laat" in page and "nog 1 dag" in page and "nog 30 dagen" in page
    # The households list marks the evaluation due and the follow-up within a week.
    assert "Fam. Evalueren</a> — Evaluatie" in page and "(evaluatie nodig)" in page
    assert "(vinger aan de pols op " in page
    by_title = {d.title: d.url for d in response.context["due_dates"]}
    eropaf = next(d for d in response.context["due_dates"] if d.title == "Fam. Eropaf")
    assert eropaf.url.endswith("/#outreach-form")
    assert by_title["Fam. Evalueren"].endswith("/evaluation/")
    for url in {d.url.split("#")[0] for d in response.context["due_dates"]}:
        assert f'href="{url}' in page
        assert client_for(world.member_a).get(url).status_code == 200
    # The signals shown are named in the list read's access-log row.
    entry = AccessLogEntry.objects.filter(object_type="intake.signal_list").latest("pk")
    assert len(entry.object_ids.split(",")) == 2


def test_a_planned_attempt_is_for_who_is_on_duty_that_day(world, client_for):
    _plan_next_attempt(world, "Fam. Dienst", _days(1))
    _plan_next_attempt(world, "Fam. Geen rooster", _days(2))
    DutyShift.objects.create(team=world.team_a, date=_days(1), user=world.leader_a)

    def titles(user) -> list[str]:  # type: ignore[no-untyped-def]
        response = client_for(user).get(reverse("core:my_work"))
        return [
            d.title for d in response.context["due_dates"] if d.what == "Volgende contactpoging"
        ]

    assert titles(world.leader_a) == ["Fam. Dienst"]  # on duty that day
    assert titles(world.member_a) == ["Fam. Geen rooster"]  # nobody on the roster: who planned it
    assert titles(world.civil_servant_a) == []  # metadata only: no names
    assert titles(world.member_b) == []  # another team


def test_a_later_attempt_replaces_the_plan_and_a_closed_signal_drops_it(world, client_for):
    signal = _plan_next_attempt(world, "Fam. Later", _days(1))
    client = client_for(world.member_a)

    def planned() -> list[str]:
        response = client.get(reverse("core:my_work"))
        return [
            d.title for d in response.context["due_dates"] if d.what == "Volgende contactpoging"
        ]

    assert planned() == ["Fam. Later"]
    services.outreach_attempt_record(
        actor=Actor(world.member_a), signal=signal, kind="phone", outcome="contact"
    )
    assert planned() == []
    other = _plan_next_attempt(world, "Fam. Dicht", _days(1))
    services.signal_close(actor=Actor(world.member_a), signal=other, reason="Verhuisd")
    assert planned() == []


def _my_work_queries(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:my_work")).status_code == 200
    return len(queries)


def test_my_work_query_count_does_not_grow_with_the_dates(world, client_for):
    DutyShift.objects.create(team=world.team_a, date=_days(1), user=world.member_a)
    _dated_work(world)
    client = client_for(world.member_a)
    client.get(reverse("core:my_work"))  # the once-a-minute session stamp is written
    few = _my_work_queries(client)
    _dated_work(world, suffix=" 2")
    many = _my_work_queries(client)
    assert many == few, (few, many)
    print(f"Mijn werk: {few} queries with 6 dates, {many} with 12")
