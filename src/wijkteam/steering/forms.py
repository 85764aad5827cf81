"""The dashboards' filters: period, area, team and legal framework (a GET form).

A value that cannot be used is reported in Dutch and replaced by its default, so a mistyped
address still shows a dashboard; the API uses the same parsing and answers 400 instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkteam.organisations.models import Area, Team
from wijkteam.steering.indicators import INDICATORS
from wijkteam.steering.tables import FRAMEWORKS, Period, PeriodKind, Selection

FRAMEWORK_LABELS = {
    "wmo": gettext_lazy("Wmo (social support)"),
    "jeugdwet": gettext_lazy("Jeugdwet (youth care)"),
    "participatiewet": gettext_lazy("Participatiewet (work and income)"),
}
# How many periods of each kind the period menu offers, counting back from today's.
RECENT = {"month": 13, "quarter": 9, "year": 4}


def default_period(today: datetime.date | None = None) -> Period:
    return Period.containing(today or timezone.localdate(), "quarter")


def recent_periods(kind: PeriodKind, today: datetime.date | None = None) -> list[Period]:
    period = Period.containing(today or timezone.localdate(), kind)
    periods = []
    for _i in range(RECENT[kind]):
        periods.append(period)
        period = period.previous()
    return periods


def period_choices(today: datetime.date | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    groups = {"quarter": _("Quarters"), "month": _("Months"), "year": _("Years")}
    return [
        (str(groups[kind]), [(p.slug, p.label) for p in recent_periods(kind, today)])
        for kind in ("quarter", "month", "year")
    ]


class PeriodField(forms.Field):
    """A period slug (2026-05, 2026-Q2, 2026); any period, not only the ones in the menu."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Choose a period such as 2026-05 (a month), 2026-Q2 (a quarter) or 2026 (a year)."
        )
    }

    def to_python(self, value: object) -> Period | None:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            if len(text) > 10:
                raise ValueError(text)
            period = Period.from_slug(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not 2000 <= period.start.year <= 2100:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return period


class SteeringFilterForm(forms.Form):
    period = PeriodField(label=gettext_lazy("Period"), required=False)
    area = forms.TypedChoiceField(
        label=gettext_lazy("Area"), required=False, coerce=int, empty_value=None
    )
    team = forms.TypedChoiceField(
        label=gettext_lazy("Team"), required=False, coerce=int, empty_value=None
    )
    framework = forms.ChoiceField(label=gettext_lazy("Legal framework"), required=False)

    def __init__(
        self, data: object, *, areas: Iterable[Area], teams: Iterable[Team], **kwargs: object
    ) -> None:
        super().__init__(data, **kwargs)  # type: ignore[arg-type]
        everything = [("", _("All"))]
        choice_fields = {
            name: field
            for name, field in self.fields.items()
            if isinstance(field, forms.ChoiceField)
        }
        choice_fields["area"].choices = everything + [(str(a.pk), a.name) for a in areas]
        choice_fields["team"].choices = everything + [(str(t.pk), t.name) for t in teams]
        choice_fields["framework"].choices = everything + [
            (key, str(FRAMEWORK_LABELS[key])) for key in FRAMEWORKS
        ]
        self.fields["area"].error_messages["invalid_choice"] = _("That area is not in the list.")
        self.fields["team"].error_messages["invalid_choice"] = _("That team is not in the list.")
        self.fields["framework"].error_messages["invalid_choice"] = _(
            "Choose Wmo, Jeugdwet or Participatiewet."
        )


@dataclass(frozen=True)
class Filters:
    selection: Selection
    errors: list[str]  # Dutch messages for values that were replaced by their default
    menu: list[tuple[str, list[tuple[str, str]]]]  # the period menu, grouped by kind


def filters_from(
    data: object, *, municipality_id: int, areas: Sequence[Area], teams: Sequence[Team]
) -> tuple[SteeringFilterForm, Filters]:
    """Parse the GET filters; every unusable value falls back to its default with a message."""
    form = SteeringFilterForm(data, areas=areas, teams=teams)
    form.is_valid()
    cleaned = form.cleaned_data
    errors = [
        f"{form.fields[name].label}: {' '.join(str(m) for m in msgs)}"
        for name, msgs in form.errors.items()
    ]
    period = cleaned.get("period") or default_period()
    selection = Selection(
        municipality_id=municipality_id,
        period=period,
        area_id=cleaned.get("area"),
        team_id=cleaned.get("team"),
        framework=cleaned.get("framework") or None,
    )
    menu = period_choices()
    if all(period.slug != slug for _group, options in menu for slug, _label in options):
        menu = [(_("Chosen"), [(period.slug, period.label)]), *menu]
    return form, Filters(selection=selection, errors=errors, menu=menu)


def chosen_indicators(data: object, allowed: Iterable[str]) -> list[str]:
    """The indicator keys asked for with ?indicator=… (all allowed ones when none is given)."""
    allowed_keys = [key for key in INDICATORS if key in set(allowed)]
    getlist = getattr(data, "getlist", None)
    asked = [key for key in (getlist("indicator") if getlist else []) if key in allowed_keys]
    return asked or allowed_keys
