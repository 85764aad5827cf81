"""Benchmark of the social map: import timings and search latency over 10,000 services.

Runs inside one transaction that is rolled back, so the database is left as it was.
``wijkteam socialmap_benchmark`` prints the results as JSON.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from typing import Any

from django.db import transaction

from wijkteam.accounts.models import Membership, Role, SecrecyStatus, User
from wijkteam.lifedomains import LifeDomain
from wijkteam.organisations.models import Area, Municipality
from wijkteam.privacy.policy import Actor
from wijkteam.socialmap import importing, search
from wijkteam.socialmap.columns import auto_mapping
from wijkteam.socialmap.selectors import SearchFilters, service_search

WORDS = [
    "schuldhulp",
    "budgetcoaching",
    "wonen",
    "huur",
    "jongeren",
    "ouderen",
    "mantelzorg",
    "eenzaamheid",
    "sport",
    "taal",
    "werk",
    "dagbesteding",
    "opvoeding",
    "gezin",
    "verslaving",
    "alcohol",
    "psychisch",
    "welzijn",
    "buurt",
    "vrijwilligers",
    "administratie",
    "toeslagen",
    "geld",
    "schulden",
    "inloop",
    "ontmoeting",
    "maaltijd",
    "vervoer",
    "hulpmiddelen",
    "thuiszorg",
    "huiselijk",
    "geweld",
    "scheiding",
    "kinderen",
    "school",
    "participatie",
    "re-integratie",
]
TYPES = ("algemeen", "collectief", "voorliggend", "maatwerk")
HEADERS = [
    "external_id",
    "provider",
    "name",
    "type",
    "description",
    "domains",
    "areas",
    "is_free",
    "min_age",
]
QUERIES = [
    "schulden",
    "wonen",
    "jongeren",
    "schuldhlp",
    "eenzaamheid ouderen",
    "taal",
    "mantelzorg",
    "geld",
]


SYLLABLES = [
    "ba",
    "be",
    "bo",
    "da",
    "de",
    "di",
    "ga",
    "ge",
    "go",
    "ka",
    "ke",
    "ko",
    "la",
    "le",
    "lo",
    "ma",
    "me",
    "mo",
    "na",
    "ne",
    "no",
    "pa",
    "pe",
    "po",
    "ra",
    "re",
    "ro",
    "sa",
    "se",
    "so",
    "ta",
    "te",
    "to",
    "va",
    "ve",
    "wo",
]


def _filler(rng: random.Random) -> list[str]:
    """A vocabulary of 3,000 made-up words, like the long tail of real descriptions."""
    return [
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) + "en" for _ in range(3000)
    ]


def _rows(rng: random.Random, start: int, count: int, areas: list[str]) -> list[list[str]]:
    """Three topic words (each in about 8% of the services) and nine long-tail words per service."""
    filler = _filler(rng)
    rows = []
    for i in range(start, start + count):
        topics = rng.sample(WORDS, 3)
        words = topics + rng.sample(filler, 9)
        rows.append([
            f"bench-{i}", f"Aanbieder {i % 300}", " ".join(words[:3]).capitalize(), rng.choice(TYPES),
            " ".join(words[3:]), ",".join(rng.sample(LifeDomain.values, 2)), rng.choice(areas),
            rng.choice(["ja", "nee"]), str(rng.choice([0, 0, 12, 18, 65])),
        ])  # fmt: skip
    return rows


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def run(services: int = 10_000, searches: int = 200) -> dict[str, Any]:
    result: dict[str, Any] = {}
    with transaction.atomic():
        municipality = Municipality.objects.create(name=f"Benchmarkgemeente {time.time_ns()}")
        areas = [
            Area.objects.create(municipality=municipality, name=f"Wijk {n}", inhabitants=5000).name
            for n in range(8)
        ]
        user = User.objects.create(username=f"bench-{time.time_ns()}")
        Membership.objects.create(
            user=user, municipality=municipality, role=Role.FUNCTIONAL_ADMIN,
            secrecy_status=SecrecyStatus.NOT_APPLICABLE,
        )  # fmt: skip
        actor = Actor(user=user, purpose="benchmark")
        rng = random.Random(42)  # noqa: S311 - reproducible test data, not security
        mapping = auto_mapping(HEADERS)
        half = services // 2
        first = _rows(rng, 0, half, areas)

        def timed_import(rows: list[list[str]]) -> tuple[float, importing.ImportReport]:
            started = time.perf_counter()
            report = importing.import_rows(
                actor=actor,
                municipality=municipality,
                rows=rows,
                mapping=mapping,
                all_or_nothing=True,
            )
            return time.perf_counter() - started, report

        seconds, report = timed_import(first)
        result["import_new_5000_s"] = round(seconds, 3)
        result["import_new_created"] = report.created
        seconds, report = timed_import(first)
        result["reimport_unchanged_5000_s"] = round(seconds, 3)
        result["reimport_changed"] = report.changed
        seconds, report = timed_import(_rows(rng, half, services - half, areas))
        result["import_second_half_s"] = round(seconds, 3)
        search.forget_vocabulary()
        area = Area.objects.filter(municipality=municipality).first()
        timings = []
        for i in range(searches):
            filters = SearchFilters(
                query=QUERIES[i % len(QUERIES)], area=area if i % 3 == 0 else None
            )
            started = time.perf_counter()
            found = service_search(actor=actor, filters=filters)
            timings.append((time.perf_counter() - started) * 1000)
            assert found.total >= 0
        result["services"] = services
        result["searches"] = searches
        result["search_p50_ms"] = round(statistics.median(timings), 2)
        result["search_p95_ms"] = round(_percentile(timings, 95), 2)
        result["search_max_ms"] = round(max(timings), 2)
        result["load_average_1m"] = round(os.getloadavg()[0], 2)  # a busy machine inflates timings
        transaction.set_rollback(True)
    search.forget_vocabulary()
    return result
