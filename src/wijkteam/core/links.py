"""Links and dates for lists of many rows: the work done once per list, not once per row.

A list page with a hundred rows that calls ``reverse()`` and the ``date`` filter in every cell
spends more of its time building links and dates than reading the rows (docs/benchmark.md,
"Load test"). These build a route's link pattern once and format a date once per day shown.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language

# Stand-ins for the ids while the pattern is reversed: larger than any id in use, and digits,
# so every ``int`` path converter takes them and they cannot occur elsewhere in the path.
_MARKERS = ("918273645", "918273646", "918273647")


def id_link(name: str, arity: int = 1) -> Callable[..., str]:
    """``reverse(name, args=ids)`` for any ids, reversing the route once.

    For routes whose arguments are all integer ids. Build it per request (the script prefix
    is the request's), then call it per row: ``file_url = id_link("casework:household_file")``,
    ``file_url(household.pk)``.
    """
    markers = _MARKERS[:arity]
    pattern = reverse(name, args=markers).replace("{", "{{").replace("}", "}}")
    for index, marker in enumerate(markers):
        pattern = pattern.replace(marker, f"{{{index}}}")
    return pattern.format


@functools.lru_cache(maxsize=4096)
def _date_text(day: dt.date, language: str | None) -> str:
    # ``language`` is the active one (part of the key): DATE_FORMAT and the month names are
    # fixed per language, so a day once written is the same text for every request.
    return formats.date_format(day)


class DateText:
    """A day as the ``date`` filter shows it (the language's DATE_FORMAT), each day written
    once per language however many rows and requests show it. Make one per request or list:
    it takes the language active when it is made."""

    def __init__(self) -> None:
        self._language = get_language()

    def __call__(self, day: dt.date | None) -> str:
        if day is None:
            return ""
        return _date_text(day, self._language)
