"""The LatestScore summary: recomputed from history for the affected member and domains.

``refresh_summaries`` is called by the services inside their transaction after every write
and delete; ``summaries_from_history`` and ``compare_summaries`` back the consistency check.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from wijkteam.assessments.models import Domain, LatestScore, Score

Key = tuple[int, int]  # (member id, domain id)
FIELDS = (
    "domain_code",
    "first_value",
    "first_on",
    "first_measurement_id",
    "value",
    "measured_on",
    "measurement_id",
)


def summaries_from_history(scores: Iterable[Any]) -> dict[Key, dict[str, Any]]:
    """Fold score rows (values dicts ordered by date and pk) into summary values per key."""
    result: dict[Key, dict[str, Any]] = {}
    for row in scores:
        key = (row["measurement__member_id"], row["domain_id"])
        entry = result.get(key)
        if entry is None:
            result[key] = entry = {
                "domain_code": row["domain__code"],
                "first_value": row["value"],
                "first_on": row["measurement__measured_on"],
                "first_measurement_id": row["measurement_id"],
            }
        entry["value"] = row["value"]
        entry["measured_on"] = row["measurement__measured_on"]
        entry["measurement_id"] = row["measurement_id"]
    return result


def _scored(filter_: Q) -> Any:
    return (
        Score.objects.filter(filter_, value__isnull=False)
        .order_by("measurement__measured_on", "measurement_id")
        .values(
            "measurement__member_id",
            "domain_id",
            "domain__code",
            "value",
            "measurement__measured_on",
            "measurement_id",
        )
    )


def refresh_summaries(*, member_id: int, domain_ids: Iterable[int]) -> None:
    """Bring the summary of one member's domains in line with history (caller is atomic)."""
    domain_ids = list(domain_ids)
    wanted = summaries_from_history(
        _scored(Q(measurement__member_id=member_id, domain_id__in=domain_ids))
    )
    existing = {
        s.domain_id: s
        for s in LatestScore.objects.filter(member_id=member_id, domain_id__in=domain_ids)
    }
    stale = [row.pk for domain_id, row in existing.items() if (member_id, domain_id) not in wanted]
    if stale:
        LatestScore.objects.filter(pk__in=stale).delete()
    new: list[LatestScore] = []
    changed: list[LatestScore] = []
    for (_member, domain_id), values in wanted.items():
        row = existing.get(domain_id)
        if row is None:
            new.append(LatestScore(member_id=member_id, domain_id=domain_id, **values))
        elif any(getattr(row, name) != values[name] for name in FIELDS):
            for name in FIELDS:
                setattr(row, name, values[name])
            changed.append(row)
    # Bulk statements: a write costs the same number of queries whatever the history length.
    if new:
        LatestScore.objects.bulk_create(new)
    if changed:
        LatestScore.objects.bulk_update(changed, list(FIELDS))


def current_summaries() -> dict[Key, dict[str, Any]]:
    return {
        (row["member_id"], row["domain_id"]): {name: row[name] for name in FIELDS}
        for row in LatestScore.objects.values("member_id", "domain_id", *FIELDS)
    }


def compare_summaries() -> list[str]:
    """Differences between the summary table and a recomputation from all history."""
    wanted = summaries_from_history(_scored(Q()))
    actual = current_summaries()
    problems: list[str] = []
    for key in sorted(set(wanted) | set(actual)):
        if key not in actual:
            problems.append(f"member {key[0]} domain {key[1]}: missing in summary")
        elif key not in wanted:
            problems.append(f"member {key[0]} domain {key[1]}: in summary but not in history")
        elif actual[key] != wanted[key]:
            problems.append(
                f"member {key[0]} domain {key[1]}: summary {actual[key]} != history {wanted[key]}"
            )
    return problems


def rebuild_summaries() -> int:
    """Replace the whole summary table by a recomputation from history; returns the row count."""
    wanted = summaries_from_history(_scored(Q()))
    LatestScore.objects.all().delete()
    LatestScore.objects.bulk_create(
        LatestScore(member_id=member_id, domain_id=domain_id, **values)
        for (member_id, domain_id), values in wanted.items()
    )
    return len(wanted)


def domain_ids_of(instrument_id: int) -> list[int]:
    return list(Domain.objects.filter(instrument_id=instrument_id).values_list("pk", flat=True))
