"""Household search latency on a generated city: ``wijkteam search_benchmark``.

Times ``household_search`` (the selector behind /households/?q=, policy and access-log row
included) for the searches a team types: a whole family name, the start of one, a first and
last name, a whole BSN, a date of birth and a street. The searcher is the coordinator with
the most open trajectories (as the page benchmark) and a civil servant of the same team,
who may only search. Runs inside one transaction that is rolled back (the log rows too).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
from typing import Any

from django.db import connection, transaction

from wijkteam.accounts.models import Membership, Role
from wijkteam.households.models import Household, Member
from wijkteam.households.selectors import household_search
from wijkteam.privacy.policy import Actor
from wijkteam.tooling.benchmarks.runner import percentile, pick_municipality, pick_subjects


def _typed(day: dt.date) -> str:
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


def _queries(team_id: int, rng: random.Random, per_kind: int) -> dict[str, list[str]]:
    """Searches built from the team's own residents (so most of them find something)."""
    members = list(
        Member.objects.filter(household__team_id=team_id)
        .order_by("pk")
        .values_list("first_name", "last_name", "bsn", "date_of_birth")[:5000]
    )
    streets = list(
        Household.objects.filter(team_id=team_id)
        .exclude(street_address="")
        .order_by("pk")
        .values_list("street_address", flat=True)[:5000]
    )
    picked = [rng.choice(members) for _ in range(per_kind)]
    with_bsn = [m[2] for m in members if m[2]]
    births = [m[3] for m in members if m[3] is not None]
    return {
        "family_name": [m[1] for m in picked],
        "name_start": [m[1][:4] for m in picked],
        "first_and_last": [f"{m[0]} {m[1]}" for m in picked],
        "bsn": [rng.choice(with_bsn) for _ in range(per_kind)] if with_bsn else [],
        # what a person types in the search box (dd-mm-jjjj), not a date shown on a page
        "date_of_birth": [_typed(rng.choice(births)) for _ in range(per_kind)] if births else [],
        "street": [rng.choice(streets).rsplit(" ", 1)[0] for _ in range(per_kind)]
        if streets
        else [],
    }


def _time(actor: Actor, queries: dict[str, list[str]]) -> dict[str, Any]:
    per_kind: dict[str, Any] = {}
    every: list[float] = []
    for kind, texts in queries.items():
        timings, found = [], 0
        for text in texts:
            started = time.perf_counter()
            result = household_search(actor=actor, query=text)
            timings.append((time.perf_counter() - started) * 1000)
            found += len(result) > 0
        if timings:
            every += timings
            per_kind[kind] = {
                "p50_ms": round(statistics.median(timings), 1),
                "p95_ms": round(percentile(timings, 0.95), 1),
                "found_share": round(found / len(timings), 2),
            }
    per_kind["all"] = {
        "searches": len(every),
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(percentile(every, 0.95), 1),
        "max_ms": round(max(every), 1),
    }
    return per_kind


def run(*, city: str | None = None, per_kind: int = 40) -> dict[str, Any]:
    municipality = pick_municipality(city)
    subjects = pick_subjects(municipality)
    rng = random.Random(7)  # noqa: S311 - reproducible choice of searches, not security
    queries = _queries(subjects.team.pk, rng, per_kind)
    result: dict[str, Any] = {
        "database": connection.vendor,
        "city": municipality.name,
        "households": Household.objects.filter(team__municipality=municipality).count(),
        "members": Member.objects.filter(household__team__municipality=municipality).count(),
    }
    with transaction.atomic():
        _time(Actor(subjects.coordinator), {k: v[:3] for k, v in queries.items()})  # warm up
        result["coordinator"] = _time(Actor(subjects.coordinator), queries)
        civil = (
            Membership.objects.filter(team=subjects.team, role=Role.CIVIL_SERVANT)
            .select_related("user")
            .first()
        )
        if civil is not None:
            result["civil_servant"] = _time(Actor(civil.user), queries)
        transaction.set_rollback(True)
    result["load_average_1m"] = round(os.getloadavg()[0], 2)
    return result
