"""``wijkteam accesslog_benchmark``: time an access-log insert and the two lookups on the
current database (a generated city), for docs/benchmark.md ("Access log partitioning").

- insert: one ``access_log_record`` per transaction, as a request writes its row;
- "who read this file": the rows of one household, newest first (200);
- "what did this person read": the rows of one person, newest first (200).

It writes ``--inserts`` benchmark rows into the log (purpose "benchmark"): run it on a
benchmark database only.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from wijkteam.accounts.models import User
from wijkteam.privacy import partitions
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.services import access_log_record


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return {"p50": round(statistics.median(ordered) * 1000, 3), "p95": round(p95 * 1000, 3)}


def _timed(run: Any, count: int) -> list[float]:
    samples = []
    for i in range(count):
        start = time.perf_counter()
        run(i)
        samples.append(time.perf_counter() - start)
    return samples


def _plan(queryset: Any) -> str:
    """The plan's scan types, e.g. "Index Scan x3" (no Seq Scan means index lookups)."""
    sql, params = queryset.query.sql_with_params()
    sqlite = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {'QUERY PLAN ' if sqlite else ''}{sql}", params)
        lines = [str(row[-1] if sqlite else row[0]) for row in cursor.fetchall()]
    kinds: dict[str, int] = {}
    for line in lines:
        if sqlite:  # "SEARCH t USING INDEX i (...)" or "SCAN t"
            line = line.replace("USING INDEX", "Index Scan").replace("SCAN", "Seq Scan")
        for kind in ("Seq Scan", "Index Only Scan", "Index Scan", "Bitmap Heap Scan"):
            if kind in line:
                kinds[kind] = kinds.get(kind, 0) + 1
                break
    return ", ".join(f"{k} x{n}" for k, n in sorted(kinds.items()))


class Command(BaseCommand):
    help = "Time an access-log insert and the two lookups (writes benchmark rows)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--inserts", type=int, default=1000)
        parser.add_argument("--lookups", type=int, default=300)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args: Any, **options: Any) -> None:
        rng = random.Random(options["seed"])  # noqa: S311 - picks rows, not secrets
        objects = list(
            AccessLogEntry.objects.filter(object_type="households.household")
            .order_by("object_id")
            .values_list("object_id", flat=True)
            .distinct()[:5000]
        )
        people = list(
            AccessLogEntry.objects.exclude(actor_id=None)
            .order_by("actor_id")
            .values_list("actor_id", flat=True)
            .distinct()[:500]
        )
        if not objects or not people:
            raise CommandError("no access-log rows to look up: generate a city first")
        user = User.objects.get(pk=people[0])
        actor = Actor(user=user, ip_address="192.0.2.1", purpose="benchmark")

        def insert(i: int) -> None:
            with transaction.atomic():
                access_log_record(
                    actor=actor,
                    event="read",
                    object_type="households.household",
                    object_id=rng.choice(objects),
                )

        def by_object(object_id: str) -> Any:
            return AccessLogEntry.objects.filter(
                object_type="households.household", object_id=object_id
            ).order_by("-occurred_at")[:200]

        def by_actor(actor_id: int) -> Any:
            return AccessLogEntry.objects.filter(actor_id=actor_id).order_by("-occurred_at")[:200]

        picked_objects = [rng.choice(objects) for _ in range(options["lookups"])]
        picked_people = [rng.choice(people) for _ in range(options["lookups"])]
        result = {
            "vendor": connection.vendor,
            "partitioned": partitions.is_partitioned(),
            "partitions": len(partitions.partitions()) if partitions.is_partitioned() else 0,
            "rows": AccessLogEntry.objects.count(),
            "insert_ms": _ms(_timed(insert, options["inserts"])),
            "who_read_this_file_ms": _ms(
                _timed(lambda i: list(by_object(picked_objects[i])), options["lookups"])
            ),
            "what_did_this_person_read_ms": _ms(
                _timed(lambda i: list(by_actor(picked_people[i])), options["lookups"])
            ),
            "plan_who_read": _plan(by_object(objects[0])),
            "plan_what_read": _plan(by_actor(people[0])),
        }
        self.stdout.write(json.dumps(result, indent=2))
