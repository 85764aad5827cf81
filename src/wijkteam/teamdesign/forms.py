"""Forms of team design. Block and quickscan forms are built from the instrument's data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.models import Membership, User
from wijkteam.core import limits
from wijkteam.lifedomains import LifeDomain
from wijkteam.teamdesign.models import (
    Competence,
    PlanActionStatus,
    Question,
    QuestionKind,
    ReflectionItem,
    pick,
)
from wijkteam.teamdesign.services.design import AnswerInput
from wijkteam.ui.widgets import DateInput

SCORES = [(str(n), str(n)) for n in range(1, 6)]


def _date_widget() -> DateInput:
    return DateInput(attrs={"class": "utrecht-textbox"})


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "utrecht-textarea"})


class BlockForm(forms.Form):
    """All questions of one building block; ``v<id>`` carries the answer version shown."""

    def __init__(
        self, data: Any = None, *, questions: list[Question], answers: dict[int, Any]
    ) -> None:
        initial: dict[str, Any] = {}
        for question in questions:
            answer = answers.get(question.pk)
            initial[f"v{question.pk}"] = answer.version if answer else 0
            if answer is not None:
                initial[f"q{question.pk}"] = (
                    answer.text
                    if question.kind == QuestionKind.TEXT
                    else (
                        answer.choices[0]
                        if question.kind == QuestionKind.CHOICE and answer.choices
                        else answer.choices
                    )
                )
        super().__init__(data, initial=initial)
        self.questions = questions
        for question in questions:
            choices = [(c.code, c.label) for c in question.choices.all()]
            name = f"q{question.pk}"
            if question.kind == QuestionKind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=question.text, required=False, choices=choices, widget=forms.RadioSelect
                )
            elif question.kind == QuestionKind.MULTICHOICE:
                self.fields[name] = forms.MultipleChoiceField(
                    label=question.text,
                    required=False,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text, required=False, max_length=20_000, widget=_textarea(4)
                )
            self.fields[name].help_text = question.help
            self.fields[f"v{question.pk}"] = forms.IntegerField(
                min_value=0, required=False, widget=forms.HiddenInput
            )

    def inputs(self) -> list[AnswerInput]:
        result = []
        for question in self.questions:
            if f"v{question.pk}" not in self.data:
                continue  # not part of the submitted form: leave the answer alone
            value = self.cleaned_data.get(f"q{question.pk}")
            version = self.cleaned_data.get(f"v{question.pk}") or 0
            if question.kind == QuestionKind.TEXT:
                result.append(AnswerInput(question=question, text=value or "", version=version))
            else:
                choices = list(value) if isinstance(value, list) else ([value] if value else [])
                result.append(AnswerInput(question=question, choices=choices, version=version))
        return result


class CompositionLineForm(forms.Form):
    role = forms.CharField(label=_("Role"), max_length=160)
    fte = forms.DecimalField(label=_("FTE"), min_value=0, max_value=20, decimal_places=2)
    home_organisation = forms.CharField(
        label=_("Home organisation"), max_length=160, required=False
    )
    domains = forms.MultipleChoiceField(
        label=_("Domains"),
        required=False,
        choices=LifeDomain.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        required=False,
        widget=_textarea(),
        max_length=limits.TEAMDESIGN_TEXT,
    )


class AssessmentForm(forms.Form):
    lived_experience = forms.BooleanField(
        label=_("I bring lived-experience expertise to the team"), required=False
    )

    def __init__(self, *args: Any, competences: list[Competence], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.competences = competences
        for competence in competences:
            self.fields[f"c_{competence.code}"] = forms.ChoiceField(
                label=competence.label,
                help_text=competence.help,
                required=False,
                choices=[("", _("Not scored")), *SCORES],
                widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
            )

    def scores(self) -> dict[str, int | None]:
        return {
            c.code: int(v) if (v := self.cleaned_data.get(f"c_{c.code}")) else None
            for c in self.competences
        }


class QuickscanForm(forms.Form):
    held_on = forms.DateField(label=_("Date of the quickscan"), widget=_date_widget())

    def __init__(
        self,
        *args: Any,
        items: list[ReflectionItem],
        swot: list[ReflectionItem],
        scale: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        self.swot = swot
        for item in items:
            key = "pitfall_label" if item.kind == "pitfall" else "label"
            labels = [
                (str(s["value"]), f"{s['value']}: {pick(s[key]['nl'], s[key]['en'])}")
                for s in scale
            ]
            self.fields[f"s_{item.code}"] = forms.ChoiceField(
                label=_("Score"),
                required=False,
                choices=[("", _("Not scored")), *(labels or SCORES)],
                widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
            )
            self.fields[f"e_{item.code}"] = forms.CharField(
                label=_("Evidence"), required=False, max_length=5000, widget=_textarea(2)
            )
        for prompt in swot:
            self.fields[f"swot_{prompt.code}"] = forms.CharField(
                label=prompt.title,
                help_text=prompt.explanation,
                required=False,
                max_length=10_000,
                widget=_textarea(3),
            )

    def rows(self) -> list[tuple[ReflectionItem, Any, Any]]:
        return [(i, self[f"s_{i.code}"], self[f"e_{i.code}"]) for i in self.items]

    def swot_fields(self) -> list[Any]:
        return [self[f"swot_{p.code}"] for p in self.swot]

    def scores(self) -> dict[str, tuple[int | None, str]]:
        return {
            i.code: (
                int(v) if (v := self.cleaned_data.get(f"s_{i.code}")) else None,
                self.cleaned_data.get(f"e_{i.code}") or "",
            )
            for i in self.items
        }

    def swot_values(self) -> dict[str, str]:
        return {p.code: self.cleaned_data.get(f"swot_{p.code}") or "" for p in self.swot}


class PlanGoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=_textarea(),
        max_length=limits.TEAMDESIGN_TEXT,
    )


class PlanActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ModelChoiceField(
        label=_("Owner (team member)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    owner_text = forms.CharField(label=_("Owner (other)"), max_length=160, required=False)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=_date_widget())

    def __init__(self, *args: Any, team_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member_ids = Membership.objects.active().filter(team_id=team_id).values("user_id")
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = User.objects.filter(pk__in=member_ids)


class PlanActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=PlanActionStatus.choices,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )


class PlanReviewForm(forms.Form):
    planned_on = forms.DateField(label=_("Date"), widget=_date_widget())
    topic = forms.CharField(label=_("Topic"), max_length=300, required=False)


class FreezeForm(forms.Form):
    note = forms.CharField(label=_("Note with this version"), max_length=200, required=False)


class TextsForm(forms.Form):
    """The Dutch and English texts of one part of an instrument draft."""

    def __init__(self, *args: Any, obj: Model, fields: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in fields:
            model_field = obj._meta.get_field(name)
            assert not model_field.is_relation
            long_text = model_field.get_internal_type() == "TextField"
            # Text columns have no limit of their own: the form's comes from core/limits.py.
            limit = (
                limits.INSTRUMENT_TEXT if long_text else getattr(model_field, "max_length", None)
            )
            self.fields[name] = forms.CharField(
                label=str(getattr(model_field, "verbose_name", name)).capitalize(),
                required=name.endswith("_nl") and name == fields[0],
                initial=getattr(obj, name),
                max_length=limit,
                widget=_textarea(4)
                if long_text
                else forms.TextInput(attrs={"class": "utrecht-textbox"}),
            )
