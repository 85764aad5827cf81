"""``wijkteam loadtest`` on a tiny city behind the live server: correctness only, no times."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.core.servers.basehttp import WSGIServer
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from wijkteam.accounts.models import ApiToken, User
from wijkteam.accounts.security import MAX_ACTIVE_TOKENS
from wijkteam.assessments.shipped import ensure_shipped
from wijkteam.casework.models import Note
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.tooling.benchmarks.load import KINDS

FIGURES = ("requests", "rps", "p50", "p95", "p99", "mean", "errors")


class _OneRequestAtATime(WSGIServer):
    """The live server without a thread per request: the in-memory test database is one
    connection shared with the server, and two requests' transactions must not interleave on
    it. The clients still come concurrently (they queue); concurrency itself is measured
    against gunicorn (docs/benchmark.md)."""

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


@pytest.fixture
def serial_live_server(transactional_db: Any) -> Any:
    server = LiveServer("localhost:0", start=False)
    server.thread.server_class = _OneRequestAtATime
    server._live_server_modified_settings.enable()
    server.start()
    yield server
    server.stop()
    server._live_server_modified_settings.disable()


def test_loadtest_logs_in_runs_every_kind_and_reports_numbers(
    serial_live_server: Any, tmp_path: Path
) -> None:
    # A transactional test flushes the database after it ran: shipped rows (the assessment
    # instruments from their data migration) are put back first, as other such tests do.
    ensure_shipped()
    call_command("generate_city", size="tiny", seed=42, stdout=StringIO())
    # Earlier runs left as many valid API tokens as a person may hold: the run ends them.
    now = timezone.now()
    ApiToken.objects.bulk_create(
        ApiToken(
            user=user,
            token_hash=secrets.token_hex(32),
            prefix="load",
            created_at=now,
            expires_at=now + dt.timedelta(days=1),
        )
        for user in User.objects.filter(username__startswith="bench-")
        for _ in range(MAX_ACTIVE_TOKENS)
    )
    notes, log_rows = Note.objects.count(), AccessLogEntry.objects.count()
    target = tmp_path / "load.json"
    call_command(
        "loadtest",
        base_url=serial_live_server.url,
        duration=3,
        users=3,
        floor_duration=0.5,
        json_path=str(target),
        stdout=StringIO(),
    )
    report = json.loads(target.read_text(encoding="utf-8"))

    assert report["errors"] == {"total": 0, "locked": 0, "by_kind": {}}, report
    assert report["users"] == 3 and report["leaders"] == 1
    assert set(report["kinds"]) == set(KINDS), report  # every request kind ran
    for figures in [report["overall"], report["floor"], *report["kinds"].values()]:
        assert all(isinstance(figures[key], int | float) for key in FIGURES)
        assert figures["requests"] > 0 and figures["errors"] == 0
    assert report["floor"]["path"] == "/health/"
    assert all(len(report["load_average"][at]) == 3 for at in ("start", "end"))
    assert report["ratio"]["rps"] > 0 and report["ratio"]["p50"] > 0
    # The writes went through the real services, the reads through the logged policy.
    written = report["kinds"]["note_write"]["requests"]
    assert Note.objects.count() == notes + written
    assert AccessLogEntry.objects.count() > log_rows + report["kinds"]["household_file"]["requests"]


def test_loadtest_refuses_a_server_on_another_host() -> None:
    with pytest.raises(CommandError, match="this machine only"):
        call_command("loadtest", base_url="http://example.org", duration=1, stdout=StringIO())


@pytest.mark.django_db
def test_loadtest_needs_a_generated_city() -> None:
    with pytest.raises(CommandError, match="generate_city"):
        call_command(
            "loadtest", base_url="http://127.0.0.1:9", duration=1, users=1, stdout=StringIO()
        )


def test_cross_server_check_refuses_a_server_on_another_host() -> None:
    with pytest.raises(CommandError, match="this machine only"):
        call_command(
            "loadtest",
            base_url="http://127.0.0.1:9",
            across="http://example.org",
            stdout=StringIO(),
        )
