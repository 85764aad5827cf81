"""A form's fields by their kind, for the typed ``__init__`` that narrows them.

``form.fields[name]`` is typed as the base ``Field``; a form that sets a queryset or choices
per request asks for the field as the kind it declared, and a wrong name or kind fails
loudly instead of silently setting an attribute nothing reads.
"""

from __future__ import annotations

from typing import Any

from django import forms


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    return field


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field")
    return field


def char_field(form: forms.BaseForm, name: str) -> forms.CharField:
    field = form.fields[name]
    if not isinstance(field, forms.CharField):
        raise TypeError(f"{type(form).__name__}.{name} is not a text field")
    return field
