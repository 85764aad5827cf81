"""``postgres_only`` tests are left out (deselected, not skipped: strict mode fails a run that
skips) when the suite runs on SQLite; the PostgreSQL run of the suite runs them."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings


def pytest_collection_modifyitems(config: pytest.Config, items: list[Any]) -> None:
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    keep = [item for item in items if item.get_closest_marker("postgres_only") is None]
    if len(keep) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep
