"""The fault-injection run on the database kind the suite runs on (a scratch database of that
kind, never the test database): kill -9 of the server during a plan save, of the job worker
during an import and of the sealer mid-run lose nothing committed and leave nothing half."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from wijkteam.tooling import faults


@pytest.mark.long
@pytest.mark.django_db
def test_faultcheck_kills_mid_work_and_finds_everything_committed_and_nothing_half() -> None:
    out = StringIO()
    call_command("faultcheck", "--seed", "11", stdout=out)
    report = out.getvalue()
    assert f"== faultcheck on {connection.vendor}" in report
    assert report.count("\n    OK") == len(faults.SCENARIOS), report
    assert "rolled back" in report and "FAILED" not in report
    assert "access log chain OK" in report and "after the restart the job is" in report
    assert report.rstrip().endswith("all faults OK")
