"""Suite-wide guards: in strict mode (the README's test command) a run fails when it skipped
anything, ran no browser test, or ran against another database than it was asked to.

``--shift-date=+400d`` runs the whole session on another date (the clock keeps ticking from
there), so a test that only passes in the week it was written fails at once: CI runs the
suite once more with a varying offset.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

# The --shift-date option (a plugin module, so a probe session can load it with -p).
pytest_plugins = ["wijkteam.core.testing.clock"]

STRICT = os.environ.get("WIJKTEAM_STRICT_TESTS") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[Any]) -> None:
    """``postgres_only`` tests are left out on SQLite (deselected, not skipped: strict mode
    fails a run that skips); the PostgreSQL run of the suite runs them. ``once`` tests are
    left out under ``WIJKTEAM_SKIP_ONCE=1`` (the PostgreSQL run of scripts/test.sh)."""
    from django.conf import settings

    items.sort(key=lambda item: 0 if _runs_first(item) else 1)  # stable: the rest keep order
    if os.environ.get("WIJKTEAM_SKIP_ONCE") == "1":
        # ``once`` tests ran in the SQLite run of the same full run (scripts/test.sh).
        keep = [item for item in items if item.get_closest_marker("once") is None]
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    keep = [item for item in items if item.get_closest_marker("postgres_only") is None]
    if len(keep) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep


def _runs_first(item: Any) -> bool:
    """``long`` tests go to the front, so each worker starts on one and none is left running
    a four-minute test alone at the end. Not the transactional ones: they empty the
    database when done, so pytest-django runs them after the tests that need its migrated
    rows, and that order stays (the same rule as pytest-django's own ordering)."""
    if item.get_closest_marker("long") is None:
        return False
    fixtures = getattr(item, "fixturenames", ())
    if "live_server" in fixtures or "transactional_db" in fixtures:
        return False
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return True
    return not (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))


_outcomes: dict[str, int] = {"browser_passed": 0, "skipped": 0}


def pytest_runtest_logreport(report: Any) -> None:
    if report.skipped:
        _outcomes["skipped"] += 1
    if report.when == "call" and report.passed and "browser" in report.keywords:
        _outcomes["browser_passed"] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not STRICT or exitstatus != 0:
        return
    problems = []
    if _outcomes["skipped"]:
        problems.append(f"{_outcomes['skipped']} test(s) were skipped")
    full_run = not session.config.getoption("keyword") and not session.config.getoption("markexpr")
    if full_run and session.testscollected > 50 and _outcomes["browser_passed"] == 0:
        problems.append("no browser test ran")
    expected = os.environ.get("WIJKTEAM_EXPECT_DB")
    if expected:
        from django.db import connection

        if connection.vendor != expected:
            problems.append(f"ran on {connection.vendor}, expected {expected}")
    if problems:
        session.config.get_terminal_writer().line(
            "STRICT TEST RUN FAILED: " + "; ".join(problems), red=True
        )
        session.exitstatus = 1
