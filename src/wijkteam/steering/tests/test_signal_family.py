"""Signals by partner kind and signals by source are one protection system (#13): the source
"partner" is the sum of the kinds, so a kind hidden beside a shown "partner" row of the other
table could be worked out if the two tables were protected apart."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wijkteam.casework.tests.helpers import actor
from wijkteam.steering.models import ProtectedPeriod, SteeringSettings
from wijkteam.steering.selectors import indicator_tables
from wijkteam.steering.summaries import summaries_refresh_all
from wijkteam.steering.tables import Selection
from wijkteam.steering.tests import city

KEYS = ["signals_by_partner_kind", "signals_by_source"]


def test_the_partner_row_is_the_kinds_total_and_shares_its_pattern(world: Any) -> None:
    SteeringSettings.objects.create(
        municipality=world.municipality, threshold=5, rounding=1, min_denominator=5
    )
    day = city.last_quarter().start + dt.timedelta(days=3)
    # team A: 12 from the housing corporation, 3 from the pharmacy ("<5"); 8 self-referrals. Apart, the kinds table
    # hides the pharmacy and its total, while the source table shows "partner" 15: 15 - 12.
    city.signals(world, world.team_a, 12, day=day, kind="housing_corporation")
    city.signals(world, world.team_a, 3, day=day, kind="pharmacy")
    city.signals(world, world.team_a, 8, day=day, source="self_referral")
    city.signals(world, world.team_b, 9, day=day, kind="housing_corporation")
    city.signals(world, world.team_b, 7, day=day, source="self_referral")
    summaries_refresh_all()
    chosen = Selection(
        municipality_id=world.municipality.pk, period=city.last_quarter(), team_id=world.team_a.pk
    )
    tables = {t.key: t for t in indicator_tables(actor(world.policy), chosen, keys=KEYS)}
    kinds, sources = tables["signals_by_partner_kind"], tables["signals_by_source"]
    pharmacy = next(r for r in kinds.rows if r.key == "pharmacy").cells[0]
    partner = next(r for r in sources.rows if r.key == "partner").cells[0]
    assert pharmacy.suppressed and pharmacy.value is None
    assert kinds.total is not None and kinds.total.cells[0].suppressed
    assert partner.suppressed and partner.value is None  # else pharmacy = partner - housing

    # everywhere (every selection and period of the year): the same cell in both tables
    by_kind = ProtectedPeriod.objects.filter(indicator="signals_by_partner_kind")
    by_source = {
        p.period: p.cells for p in ProtectedPeriod.objects.filter(indicator="signals_by_source")
    }
    assert by_kind.exists()
    for row in by_kind:
        for selection, cells in row.cells.items():
            if selection != "_unlabelled":
                assert by_source[row.period][selection]["partner"] == cells["total"]
