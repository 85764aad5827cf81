"""Forms of the result logic. Dutch labels through gettext; the services validate again."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.organisations.models import Team
from wijkteam.results.models import (
    LINKABLE,
    Element,
    ElementKind,
    Likelihood,
    OutcomeKind,
    SignalKind,
)
from wijkteam.results.prevented import Option
from wijkteam.steering.indicators import indicators_for
from wijkteam.ui.form_fields import choice_field

PERIOD_HELP = _("A quarter (2026-Q3), a month (2026-09) or a year (2026).")


class LogicForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("The whole municipality"),
    )

    def __init__(self, *args: Any, teams: Iterable[Team] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["team"]
        field.queryset = Team.objects.filter(pk__in=[t.pk for t in teams]).order_by("name")


def _indicator_choices() -> list[tuple[str, str]]:
    choices = [("", str(_("No indicator: figures entered by hand")))]
    return choices + [(s.key, str(s.title)) for s in indicators_for("policy")]


class ElementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ElementKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    indicator_key = forms.ChoiceField(
        label=_("Indicator"),
        required=False,
        help_text=_("Only for effects and results. Approaches get no figures."),
    )
    signal_kind = forms.ChoiceField(
        label=_("Early signal"), choices=SignalKind.choices, required=False
    )
    threshold = forms.DecimalField(
        label=_("Threshold"), required=False, max_digits=12, decimal_places=2
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "indicator_key").choices = _indicator_choices()
        if editing:  # the kind of an element does not change; make a new one instead
            del self.fields["kind"]


class LinkForm(forms.Form):
    source = forms.TypedChoiceField(label=_("From (contributes)"), coerce=int)
    target = forms.TypedChoiceField(label=_("To (is helped by it)"), coerce=int)
    rationale = forms.CharField(
        label=_("Rationale"),
        max_length=500,
        help_text=_("In one sentence: why does the one lead to the other?"),
    )

    def __init__(self, *args: Any, elements: Iterable[Element] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = list(elements)
        sources = [e for e in items if e.kind in LINKABLE]
        targets = [e for e in items if e.kind in LINKABLE.values()]
        label = {k: str(v) for k, v in ElementKind.choices}
        choice_field(self, "source").choices = [
            (e.pk, f"{label[e.kind]}: {e.title}") for e in sources
        ]
        choice_field(self, "target").choices = [
            (e.pk, f"{label[e.kind]}: {e.title}") for e in targets
        ]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ObservationForm(forms.Form):
    period = forms.CharField(label=_("Period"), max_length=10, help_text=PERIOD_HELP)
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ReadingForm(forms.Form):
    period = forms.CharField(label=_("Period"), max_length=10, help_text=PERIOD_HELP)
    reading = forms.CharField(
        label=_("How do we read the figures?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    conclusion = forms.CharField(
        label=_("What do we conclude?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    adjust_policy = forms.CharField(
        label=_("Adjustment of policy"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    adjust_work = forms.CharField(
        label=_("Adjustment of the work"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    adjust_support = forms.CharField(
        label=_("Adjustment of support for professionals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MkbaForm(forms.Form):
    """The calculator's assumptions (GET): shown next to the result, written into the XLSX."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    # Required, no default: the team's own cost is the largest item of A and nothing publishes
    # it for a municipality, so the estimate does not run without the municipality's figure.
    cost_per_fte = forms.DecimalField(
        label=_("Cost per FTE per year (EUR)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_(
            "Your own figure: what one FTE in the team costs per year (salary and overhead), "
            "for instance from the budget. There is no default."
        ),
        error_messages={
            "required": _(
                "Enter what one FTE in the team costs per year: without it the team's costs "
                "cannot be calculated."
            )
        },
    )
    hours_saved = forms.DecimalField(
        label=_("Coordination hours saved per trajectory"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=1,
        help_text=_(
            "Your own estimate: the hours of coordination one household, one plan saves per "
            "trajectory. Empty: the saving is left out."
        ),
    )
    relapse_baseline = forms.IntegerField(
        label=_("Relapses expected without the team (baseline)"),
        required=False,
        min_value=0,
        help_text=_(
            "Your own figure: how many households would have needed a new trajectory within "
            "12 months without this way of working. Empty: fewer relapses are left out."
        ),
    )
    likely_weight = forms.DecimalField(
        label=_("Weight of likely cases (0 to 1)"),
        min_value=0,
        max_value=1,
        max_digits=3,
        decimal_places=2,
        help_text=_("Low counts certain cases only, high counts every likely case too."),
    )


class UnitCostForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (EUR)"), min_value=0, max_digits=12, decimal_places=2
    )
    unit = forms.CharField(label=_("Unit"), max_length=80, required=False)
    year = forms.IntegerField(label=_("Year of the figure"), min_value=2000, max_value=2100)
    price_level = forms.IntegerField(label=_("Price level (year)"), min_value=2000, max_value=2100)
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_(
            "Where the figure comes from, e.g. the municipality's own calculation of 2025."
        ),
    )


class IndexValueForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    value = forms.DecimalField(
        label=_("Index value"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text=_("On one base for every year of the series, e.g. 2015 = 100."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_(
            "Where the value comes from, e.g. the index the municipality uses in its budget."
        ),
    )


class IndexChoiceForm(forms.Form):
    series = forms.ChoiceField(label=_("Index series for the MKBA"))

    def __init__(self, *args: Any, choices: Iterable[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "series").choices = list(choices)


class OutcomeOptionForm(forms.Form):
    label = forms.CharField(label=_("Outcome"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=OutcomeKind.choices)
    unit_cost_key = forms.ChoiceField(
        label=_("Unit cost"),
        required=False,
        help_text=_("The figure that values an avoided case; empty: not given a euro value."),
    )

    def __init__(self, *args: Any, costs: Iterable[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", str(_("Not given a euro value"))), *costs]
        choice_field(self, "unit_cost_key").choices = choices


class OutcomeForm(forms.Form):
    """The optional "what was prevented or achieved" ticks on the evaluation and the closing
    form (one screen: both forms post together). Per option no / likely / certain, prefilled
    by :func:`wijkteam.results.prevented.prevented_options`; nothing is required."""

    def __init__(self, *args: Any, outcomes: Sequence[Option] = (), **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "outcome")
        super().__init__(*args, **kwargs)
        self.options = {o.key: o for o in outcomes}
        choices = [("", _("No")), *Likelihood.choices]
        for option in outcomes:
            self.fields[option.key] = forms.ChoiceField(
                label=option.label,
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                initial=option.chosen,
            )

    def rows(self) -> list[tuple[Any, Option]]:
        """Each bound field with its option (the template marks achieved and suggested)."""
        return [(self[key], option) for key, option in self.options.items()]

    def chosen(self) -> dict[str, str]:
        """Outcome key -> likelihood ("" for not ticked), for ``prevented_record``."""
        return {key: self.cleaned_data.get(key) or "" for key in self.options}
