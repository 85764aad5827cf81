"""Date and time widgets for the browser's own pickers.

`<input type="date">` only accepts ISO values (yyyy-mm-dd). Django's DateInput renders its
value with the active language's first input format (Dutch: dd-mm-yyyy), which the browser
throws away: the field looks empty and the first save fails on a required date. These
widgets always render the ISO form the input type needs; the form fields parse it back in
any language. Use them for every date, date-time and time field (the form round-trip test in
`ui/tests/test_form_roundtrip.py` checks all forms of the product).
"""

from __future__ import annotations

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"
ISO_TIME = "%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or ISO_DATETIME)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or ISO_TIME)
