"""The ``--shift-date`` option really moves a whole pytest session, so CI's shifted run catches
tests that only pass in the week they were written."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine

from wijkteam.core.testing.clock import parse_shift

REPO_ROOT = Path(__file__).resolve().parents[4]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+400d", dt.timedelta(days=400)),
        ("-30d", dt.timedelta(days=-30)),
        ("+12h", dt.timedelta(hours=12)),
        (" -90m ", dt.timedelta(minutes=-90)),
    ],
)
def test_offsets_are_parsed(value: str, expected: dt.timedelta) -> None:
    assert parse_shift(value) == expected


@pytest.mark.parametrize("value", ["400d", "+400", "+4y", "+-3d", "", "+1.5d"])
def test_other_offsets_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="shift-date"):
        parse_shift(value)


def test_a_shifted_session_runs_on_the_other_date(tmp_path: Path) -> None:
    # The real date, also when this session itself runs shifted.
    escape = time_machine.escape_hatch
    real_now = escape.datetime.datetime.now() if escape.is_travelling() else dt.datetime.now()
    real_today = real_now.date()
    expected = real_today + dt.timedelta(days=400)
    probe = tmp_path / "test_probe.py"
    probe.write_text(
        "import datetime as dt\n"
        "import time\n"
        "from django.utils import timezone\n\n"
        "def test_probe():\n"
        f"    expected = dt.date.fromisoformat({expected.isoformat()!r})\n"
        "    assert abs((dt.date.today() - expected).days) <= 1\n"
        "    assert abs((timezone.localdate() - expected).days) <= 1\n"
        "    # The process keeps Django's time zone: the system's 'today' is Django's, at any hour.\n"
        "    assert time.strftime('%z') == timezone.localtime().strftime('%z')\n"
        "    assert dt.date.today() == timezone.localdate()\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["WIJKTEAM_STRICT_TESTS"] = "0"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-p",
            "wijkteam.core.testing.clock",
            "-q",
            "-n",
            "0",
            "--rootdir",
            str(REPO_ROOT),
            "-c",
            str(REPO_ROOT / "pyproject.toml"),
            "--shift-date=+400d",
            str(probe),
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout
