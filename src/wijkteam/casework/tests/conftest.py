"""``postgres_only`` tests of casework are deselected on SQLite, as those of core."""

from wijkteam.core.tests.conftest import pytest_collection_modifyitems

__all__ = ["pytest_collection_modifyitems"]
