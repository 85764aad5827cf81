"""Every form of the product, rendered with initial values and sent back unchanged.

A date rendered in a format `<input type="date">` does not accept (dd-mm-yyyy) looks empty in
the browser and is sent back empty: the first save fails. This test finds all forms under
`src/wijkteam` (no list to keep up to date), gives every field a realistic initial value,
renders the form with the product's form component, reads the values back out of the HTML as a
browser would send them, and checks that
- every date, date-time and time input carries the ISO value its input type needs, and the
  bound form parses it back to the same value;
- no field that had an initial value comes back empty (the value survives the round trip).
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from decimal import Decimal
from functools import cache
from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone

import wijkteam
from wijkteam.accounts.models import User
from wijkteam.assessments.models import Instrument
from wijkteam.casework.models import Action as CaseAction
from wijkteam.casework.tests.helpers import make_household
from wijkteam.households.models import Member
from wijkteam.teamdesign.models import Block
from wijkteam.teamdesign.services.instrument import EDITABLE_TEXTS

# Modules that start the application or a process when imported; they hold no forms.
SKIP_MODULES = ("wijkteam.wsgi", "wijkteam.cli", "wijkteam.settings", "wijkteam.conftest")


@cache
def _product_forms() -> list[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(wijkteam.__path__, "wijkteam."):
        name = info.name
        if name in SKIP_MODULES or any(
            part in {"tests", "migrations", "benchmarks"} for part in name.split(".")
        ):
            continue
        importlib.import_module(name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type[Any]] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            module = sub.__module__
            if module.startswith("wijkteam.") and ".tests" not in module and sub not in found:
                found.append(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _arguments(world: Any) -> dict[str, Any]:
    """Values for the keyword-only arguments the product's forms take, by name."""
    household = make_household(world)
    block = Block.objects.order_by("pk").first()
    assert block is not None  # the shipped building blocks (data migration)
    instrument = Instrument.objects.filter(municipality=None).order_by("pk").first()
    assert instrument is not None
    return {
        "team": world.team_a,
        "teams": [world.team_a],
        "team_id": world.team_a.pk,
        "municipality": world.municipality,
        "areas": [world.area_a, world.area_b],
        "municipalities": [world.municipality],
        "user": world.member_a,
        "colleagues": User.objects.filter(pk__in=[world.member_a.pk, world.member_b.pk]),
        "household": household,
        "members": list(Member.objects.filter(household=household)),
        "problems": [(1, "Schulden")],
        "solutions": [(1, "Budgetcoach")],
        "rows": [],
        "instrument": instrument,
        "competences": [],
        "items": [],
        "swot": [],
        "scale": [],
        "headers": ["Naam", "Adres"],
        "questions": [],
        "answers": {},
        "obj": block,
        "fields": EDITABLE_TEXTS[Block],
        "actions": list(CaseAction.objects.filter(plan__household=household)),
        "monitoring_runs": True,
    }


def _kwargs_for(cls: type[forms.BaseForm], known: dict[str, Any]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    for klass in cls.__mro__:
        if "__init__" not in vars(klass) or klass.__module__.startswith("django."):
            continue
        for param in inspect.signature(vars(klass)["__init__"]).parameters.values():
            if param.kind is param.KEYWORD_ONLY and param.default is param.empty:
                assert param.name in known, (
                    f"{cls.__qualname__} takes {param.name}=: add a realistic value to _arguments"
                )
                kwargs[param.name] = known[param.name]
    return kwargs


def _first_choice(field: forms.ChoiceField) -> Any:
    for value, _label in field.choices:
        if isinstance(_label, list | tuple):  # option group
            return _label[0][0]
        if value not in ("", None):
            return value.value if hasattr(value, "value") else value  # ModelChoiceIteratorValue
    return None


def _initial_for(field: forms.Field, today: dt.date) -> Any:
    """A realistic value per field type; a day after the 12th shows day/month mix-ups."""
    if isinstance(field, forms.FileField):
        return None
    if isinstance(field, forms.DateTimeField):
        return timezone.make_aware(dt.datetime.combine(today, dt.time(14, 35)))
    if isinstance(field, forms.DateField):
        return today
    if isinstance(field, forms.TimeField):
        return dt.time(9, 45)
    if isinstance(field, forms.BooleanField):
        return True
    if isinstance(field, forms.ModelMultipleChoiceField):
        first = field.queryset.order_by("pk").first()  # type: ignore[union-attr]
        return [first.pk] if first is not None else None
    if isinstance(field, forms.ModelChoiceField):
        first = field.queryset.order_by("pk").first()  # type: ignore[union-attr]
        return first.pk if first is not None else None
    if isinstance(field, forms.MultipleChoiceField):
        value = _first_choice(field)
        return [value] if value is not None else None
    if isinstance(field, forms.ChoiceField):
        return _first_choice(field)
    if isinstance(field, forms.DecimalField):
        return Decimal("0.5") if (field.max_value is None or field.max_value >= 1) else None
    if isinstance(field, forms.IntegerField):
        low = field.min_value if field.min_value is not None else 1
        return max(1, int(low))
    if isinstance(field, forms.EmailField):
        return "wijkteam@example.nl"
    if isinstance(field, forms.URLField):
        return "https://example.nl/"
    if isinstance(field, forms.CharField):
        return "Tekst" if (field.max_length or 5) >= 5 else "a"
    return None


class _Values(HTMLParser):
    """What a browser sends for a form: the values of its inputs, selects and textareas."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.types: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            self.types[name] = kind
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            elif kind not in ("file", "submit", "button"):
                self._add(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            self.types[name] = "select"
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.types[name] = "textarea"
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # The browser drops the one newline right after <textarea>.
            self._add(self._textarea, "".join(self._text).removeprefix("\n"))
            self._textarea = None


ISO_PARSERS = {
    "date": dt.date.fromisoformat,
    "datetime-local": dt.datetime.fromisoformat,
    "time": dt.time.fromisoformat,
}


def _round_trip(cls: type[forms.BaseForm], known: dict[str, Any]) -> list[str]:
    kwargs = _kwargs_for(cls, known)
    today = timezone.localdate() + dt.timedelta(days=20)
    form = cls(None, **kwargs)  # every form's first argument is its data; None: unbound
    initial: dict[str, Any] = {}
    for name, field in form.fields.items():
        # Values the form sets itself (today for a consent, an instance's own) are kept.
        if form.get_initial_for_field(field, name) in (None, "", []):
            field.initial = _initial_for(field, today)
        value = form.get_initial_for_field(field, name)
        if value not in (None, "", []) and not isinstance(field, forms.FileField):
            initial[name] = value
    html = render_to_string("ui/form_fields.html", {"form": form})
    parser = _Values()
    parser.feed(html)
    problems: list[str] = []
    for name, values in parser.data.items():
        parse = ISO_PARSERS.get(parser.types.get(name, ""))
        for value in values:
            if parse is None or value == "":
                continue
            try:
                parse(value)
            except ValueError:
                problems.append(f"{name}: <input type={parser.types[name]}> got {value!r}")
    query = QueryDict(mutable=True)
    for name, values in parser.data.items():
        query.setlist(name, values)
    bound = cls(query, **kwargs)
    bound.is_valid()
    for name, field in bound.fields.items():
        if name not in initial or isinstance(field.widget, forms.PasswordInput):
            continue
        if initial[name] is not False and (not parser.data.get(name) or parser.data[name] == [""]):
            problems.append(f"{name}: initial {initial[name]!r} came back empty")
        if isinstance(field, forms.DateField | forms.DateTimeField | forms.TimeField):
            # A rule of the form itself (a birthday in the future) is not a round-trip error.
            codes = {error.code for error in bound.errors.as_data().get(name, [])}
            if codes & {"invalid", "required"}:
                problems.append(f"{name}: {bound.errors[name].as_text()}")
            elif name not in bound.errors and bound.cleaned_data.get(name) != initial[name]:
                problems.append(
                    f"{name}: {initial[name]!r} came back as {bound.cleaned_data[name]!r}"
                )
    return problems


def test_the_discovery_finds_the_forms_with_dates() -> None:
    names = {cls.__qualname__ for cls in _product_forms()}
    assert {"ConsentRecordForm", "ServiceForm", "MonitoringForm", "RosterGenerateForm"} <= names
    assert len(_product_forms()) > 50


@pytest.mark.django_db
def test_every_form_submitted_unchanged_keeps_its_initial_values(world: Any) -> None:
    known = _arguments(world)
    failures = {
        f"{cls.__module__}.{cls.__qualname__}": problems
        for cls in _product_forms()
        if not inspect.isabstract(cls) and (problems := _round_trip(cls, known))
    }
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())


def test_a_date_widget_of_django_itself_would_be_caught() -> None:
    """The check above is not vacuous: Django's own DateInput renders Dutch dd-mm-yyyy."""
    from django.utils import translation

    class Plain(forms.Form):
        on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    with translation.override("nl"):
        assert _round_trip(Plain, {}) != []
