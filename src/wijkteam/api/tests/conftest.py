"""``WIJKTEAM_SKIP_FUZZ=1`` leaves the schemathesis run out (deselected, not skipped: strict
mode fails a run that skips). scripts/test.sh sets it for the PostgreSQL run, so
the fuzzing runs once per full run, on SQLite."""

from __future__ import annotations

import os
from typing import Any

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[Any]) -> None:
    if os.environ.get("WIJKTEAM_SKIP_FUZZ") != "1":
        return
    keep = [item for item in items if item.get_closest_marker("fuzz") is None]
    if len(keep) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep
