"""``{{ row|label:"field" }}``: a choice field's label, as ``get_<field>_display`` shows it.

``get_<field>_display()`` translates every label of the field's choices on each call (Django
hashes the whole choices list to look one value up), so a timeline of twenty notes translated
the note kinds twenty times over. Here the labels are translated once per field and language
for the life of the process: choices and their translations are fixed by the code.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.utils.translation import get_language

register = template.Library()

_LABELS: dict[tuple[type[models.Model], str, str | None], dict[Any, str]] = {}


@register.filter
def label(row: models.Model, field_name: str) -> Any:
    """The label of ``row``'s value of the choice field ``field_name`` (a value without a
    label is shown as it is, as ``get_<field>_display`` does)."""
    key = (type(row), field_name, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        field = row._meta.get_field(field_name)
        assert isinstance(field, models.Field), field_name  # a column with choices
        labels = _LABELS[key] = {value: str(text) for value, text in field.flatchoices}
    value = getattr(row, field_name)
    return labels.get(value, value)
