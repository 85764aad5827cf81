"""The shared form base: NL Design System (Utrecht) classes on every widget, the ISO date
widget, a service's ValidationError shown on the form, and the conflict-safe save of an edit
form (:func:`save_versioned`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from wijkteam.core import conflicts
from wijkteam.core.conflicts import ConflictError, ConflictNotice
from wijkteam.ui.widgets import DateInput

DATE = DateInput(attrs={"class": "utrecht-textbox"})


def style(form: forms.BaseForm) -> None:
    """Give each widget its Utrecht class (a class set on the widget itself is kept)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "utrecht-select utrecht-select--html-select")
        elif isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("class", "utrecht-textarea")
            widget.attrs.setdefault("rows", 3)
        elif not isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "utrecht-textbox utrecht-textbox--html-input")


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


def add_service_error(form: forms.BaseForm, error: Any) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@dataclass(frozen=True)
class Saved:
    """What a conflict-safe edit form's valid POST came to: saved, a 409 notice (the person's
    input kept in the form, next to the stored values), or the service's errors on the form
    (neither saved nor a conflict)."""

    saved: bool = False
    conflict: ConflictNotice | None = None


StoredOf = Callable[[ConflictError], tuple[int, Mapping[str, Any]]]


def stored_fields(names: Iterable[str]) -> StoredOf:
    """The usual stored side of a conflict: the row the service found, its version and the
    form's fields read from it."""
    fields = list(names)

    def stored(error: ConflictError) -> tuple[int, Mapping[str, Any]]:
        return error.current.lock_version, conflicts.values_of(error.current, fields)

    return stored


def save_versioned(
    form: forms.BaseForm,
    save: Callable[[dict[str, Any], int, str], object],
    *,
    stored: StoredOf,
    invalid: Callable[[forms.BaseForm, ValidationError], None] | None = None,
) -> Saved:
    """Save a valid edit form that carries its row's version (``conflicts.add_version_fields``).

    ``save(data, version, rendered)`` calls the service with the cleaned data without the
    version fields. A :class:`ConflictError` becomes the 409 notice (``stored`` gives the
    stored version and values); a ``ValidationError`` goes on the form (``invalid``, by
    default :func:`add_service_error`). Any other exception is the caller's.
    """
    data = dict(form.cleaned_data)
    version, rendered = conflicts.pop_version(data)
    try:
        save(data, version, rendered)
    except ConflictError as error:
        lock_version, values = stored(error)
        notice = conflicts.conflict_page(
            form, error, lock_version=lock_version, rendered=rendered, values=values
        )
        return Saved(conflict=notice)
    except ValidationError as error:
        (invalid or add_service_error)(form, error)
        return Saved()
    return Saved(saved=True)
