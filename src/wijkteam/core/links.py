"""Links and dates for lists of many rows: the work done once per list, not once per row.

A list page with a hundred rows that calls ``reverse()`` and the ``date`` filter in every cell
spends more of its time building links and dates than reading the rows (docs/benchmark.md,
"Load test"). These build a route's link pattern once and format a date once per day shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.urls import reverse
from django.utils import dateformat, formats

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


class DateText:
    """A day as the ``date`` filter shows it (the language's DATE_FORMAT), formatted once per
    day however many rows show it. One per request: the language is the request's."""

    def __init__(self) -> None:
        self._format = formats.get_format("DATE_FORMAT")
        self._shown: dict[dt.date, str] = {}

    def __call__(self, day: dt.date | None) -> str:
        if day is None:
            return ""
        text = self._shown.get(day)
        if text is None:
            text = self._shown[day] = dateformat.format(day, self._format)
        return text
