"""The ``--shift-date`` test option: run a whole pytest session on another date.

Tests must pass on any date. A test that travels to a fixed calendar day while its fixtures
are made "today" passes in the week it was written and fails later; running the suite once more
with the clock moved (CI picks a varying offset) makes such a test fail at once.

A pytest plugin (loaded by the root conftest): the session travels with time-machine from
configure to unconfigure, the clock ticking; each xdist worker configures its own travel. The
databases keep the real clock, so code that compares Python time with the database's NOW()
shows up here too.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

_OFFSET = re.compile(r"^([+-])(\d+)([dhm])$")
_UNITS = {"d": dt.timedelta(days=1), "h": dt.timedelta(hours=1), "m": dt.timedelta(minutes=1)}


def parse_shift(value: str) -> dt.timedelta:
    """``+400d``, ``-30d``, ``+12h``, ``-90m`` -> a timedelta; anything else raises ValueError."""
    match = _OFFSET.match(value.strip())
    if not match:
        raise ValueError(f"--shift-date takes +Nd, -Nd, +Nh or +Nm, not {value!r}")
    sign, amount, unit = match.groups()
    return (-1 if sign == "-" else 1) * int(amount) * _UNITS[unit]


_TRAVELLER = pytest.StashKey[Any]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--shift-date",
        default=None,
        help="run the whole session moved from the real date by this offset, e.g. +400d",
    )


def pytest_configure(config: pytest.Config) -> None:
    value = config.getoption("shift_date", None)
    if not value:
        return
    import time_machine

    try:
        offset = parse_shift(value)
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None
    # A timestamp, not an aware datetime: time-machine would also switch the process's time
    # zone to the datetime's (UTC), so ``date.today()`` would give the UTC date while Django
    # gives the Amsterdam one, and tests comparing the two fail between 22:00 and 24:00 UTC.
    import time

    traveller = time_machine.travel(time.time() + offset.total_seconds(), tick=True)
    traveller.start()
    config.stash[_TRAVELLER] = traveller


def pytest_report_header(config: pytest.Config) -> str | None:
    value = config.getoption("shift_date", None)
    if not value:
        return None
    return f"clock shifted by {value}: the session runs on {dt.datetime.now(dt.UTC):%Y-%m-%d} UTC"


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_TRAVELLER, None)
    if traveller is not None:
        traveller.stop()
