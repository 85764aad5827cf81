"""The shared form base: NL Design System (Utrecht) classes on every widget, the ISO date
widget, and a service's ValidationError shown on the form."""

from __future__ import annotations

from typing import Any

from django import forms

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
