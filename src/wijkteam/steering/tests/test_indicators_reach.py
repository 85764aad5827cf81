"""Reach: days from signal to first contact, contact within the agreed term, outreach attempts
per contact (#13), against a hand-built small city with known answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from wijkteam.casework.tests.helpers import actor
from wijkteam.steering.measures import median_of
from wijkteam.steering.models import SteeringSettings, SummaryCount
from wijkteam.steering.selectors import indicator_tables, team_leader_tables
from wijkteam.steering.summaries import summaries_refresh_all
from wijkteam.steering.tables import IndicatorTable, Selection
from wijkteam.steering.tests import city


def _tables(world: Any, keys: list[str], **selection: Any) -> dict[str, IndicatorTable]:
    chosen = Selection(
        municipality_id=world.municipality.pk, period=city.last_quarter(), **selection
    )
    return {t.key: t for t in indicator_tables(actor(world.policy), chosen, keys=keys)}


def _shown(table: IndicatorTable) -> dict[str, str]:
    return {row.key: row.cells[0].text for row in table.rows}


def test_median_of_buckets_is_exact() -> None:
    assert median_of({}) is None
    assert median_of({3: 1}) == 3
    assert median_of({1: 1, 2: 1, 9: 2}) == 5.5  # 1, 2, 9, 9
    assert median_of({2: 2, 10: 1, 30: 4}) == 30  # 2, 2, 10, 30, 30, 30, 30


KEYS = ["signal_to_contact_median", "signal_contact_within_term", "outreach_attempts_per_contact"]


def test_signal_to_first_contact_in_time_and_attempts(world: Any) -> None:
    SteeringSettings.objects.create(
        municipality=world.municipality, threshold=5, rounding=1, min_denominator=5
    )
    day = city.last_quarter().start + dt.timedelta(days=3)
    # team A: 11 contacts (median 5 days; 9 within the 14 days, 2 late), 3 never reached (late)
    reached = [2, 2, 3, 3, 4, 5, 6, 7, 9, 30, 31]
    city.partner_signals(world, world.team_a, [*reached, None, None, None], day=day)
    # team B: 6 reached after 10 days (within), 5 after 20 (late)
    city.partner_signals(world, world.team_b, [10] * 6 + [20] * 5, day=day)
    # received today, not reached yet, the term still running: pending, in no share
    today = timezone.localdate()
    city.partner_signals(world, world.team_b, [None], day=today)
    summaries_refresh_all()
    pending = SummaryCount.objects.get(indicator="signal_contact_within_term", dimension="pending")
    assert (pending.team_id, pending.month, pending.count) == (
        world.team_b.pk,
        today.replace(day=1),
        1,
    )

    municipality = _tables(world, KEYS)
    # 22 contacts: 2 2 3 3 4 5 6 7 9 10 [10 10] 10 ...: the 11th and 12th are 10 days
    assert _shown(municipality["signal_to_contact_median"]) == {"median": "10,0"}
    # the shares go through the small-number protection (suppression.py); here the counts
    assert city.summed("signal_contact_within_term") == {"within": 15, "late": 10}
    assert city.summed("signal_contact_within_term", team=world.team_a) == {"within": 9, "late": 5}
    # 14 + 11 (A) and 11 + 11 (B) attempts in the quarter (today's is in another): 47 / 22
    assert _shown(municipality["outreach_attempts_per_contact"]) == {"per_contact": "2,1"}

    team_a = _tables(world, KEYS, team_id=world.team_a.pk)
    assert _shown(team_a["signal_to_contact_median"]) == {"median": "5,0"}
    assert _shown(team_a["outreach_attempts_per_contact"]) == {"per_contact": "2,3"}

    # below the threshold of contacts a median or a ratio is hidden
    SteeringSettings.objects.filter(municipality=world.municipality).update(
        threshold=12, min_denominator=12
    )
    team_a = _tables(world, KEYS, team_id=world.team_a.pk)
    assert team_a["signal_to_contact_median"].rows[0].cells[0].text == "<12"
    assert team_a["outreach_attempts_per_contact"].rows[0].cells[0].suppressed


def test_team_leader_sees_the_own_median_unprotected(world: Any) -> None:
    day = city.last_quarter().start + dt.timedelta(days=3)
    city.partner_signals(world, world.team_a, [1, 4, 8], day=day)
    summaries_refresh_all()
    tables = {
        t.key: t
        for t in team_leader_tables(actor(world.leader_a), world.team_a, city.last_quarter())
    }
    assert _shown(tables["signal_to_contact_median"]) == {"median": "4,0"}
    assert _shown(tables["outreach_attempts_per_contact"]) == {"per_contact": "2,0"}
