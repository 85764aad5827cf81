"""The recurring jobs' entry points (named in schedules.py; run by a django-q2 worker)."""

from __future__ import annotations

from typing import Any


def accesslog_seal() -> int:
    """Every minute: chain the access-log rows older than the seal age (privacy/chain.py)."""
    from wijkteam.privacy import chain

    return chain.seal()


def accesslog_partitions() -> list[str]:
    """Daily: make the access log's monthly partitions ahead (PostgreSQL; nothing on SQLite)."""
    from wijkteam.privacy import partitions

    return partitions.partitions_ensure()


def retention_daily() -> dict[str, Any]:
    """Daily: the dry-run report for the privacy officer, then destroy only what a report
    announced at least the notice period ago (privacy/retention.py)."""
    from wijkteam.privacy import retention

    report = retention.retention_report_make()
    purged = retention.purge(dry_run=False)
    return {"report": report.pk, "destroyed": len(purged.destroyed), "held": len(purged.held)}


def reminders_daily() -> int:
    """Daily: counts-only reminder e-mails (jobs/reminders.py); returns how many were sent."""
    from wijkteam.jobs import reminders

    return reminders.reminders_send()
