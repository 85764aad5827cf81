from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wijkteam.accounts.models import User
from wijkteam.casework.models import (
    ActionStatus,
    Answered,
    Direction,
    Frame,
    Intensity,
    LegalFramework,
    NoteKind,
    OwnerKind,
    TakeoverReason,
    Trend,
)
from wijkteam.core import limits
from wijkteam.lifedomains import LifeDomain
from wijkteam.ui.form_fields import choice_field, model_choice_field
from wijkteam.ui.forms import DATE, StyledForm

PARTICIPATION_LEVELS = [
    ("", _("Not chosen")),
    (1, _("1 — isolated")),
    (2, _("2 — social contacts outside the home")),
    (3, _("3 — organised activities")),
    (4, _("4 — unpaid work, volunteering or education")),
    (5, _("5 — paid work with support")),
    (6, _("6 — paid work")),
]


class NoteForm(StyledForm):
    kind = forms.ChoiceField(label=_("Type"), choices=NoteKind.choices)
    text = forms.CharField(
        label=_("Note"),
        max_length=limits.NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "data-ctrl-enter-submit": "true"}),
        help_text=_("Ctrl+Enter saves."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No autofocus: it scrolled the household file down to the timeline on every visit.
        # The access key N (Alt+N) lands here instead: a note is Alt+N, Tab,
        # the text, Ctrl+Enter.
        self.fields["kind"].widget.attrs["accesskey"] = "n"


class ConversationForm(StyledForm):
    question_asked = forms.CharField(
        label=_("What does the household ask?"),
        widget=forms.Textarea,
        max_length=limits.CONVERSATION_TEXT,
    )
    question_behind = forms.CharField(
        label=_("What is the question behind it?"),
        widget=forms.Textarea,
        required=False,
        max_length=limits.CONVERSATION_TEXT,
    )
    strengths = forms.CharField(
        label=_("Strengths and resources"),
        widget=forms.Textarea,
        max_length=limits.CONVERSATION_TEXT,
        required=False,
        help_text=_("What goes well, who helps, what the household can do itself."),
    )
    ambitions = forms.CharField(
        label=_("Ambitions and needs"),
        widget=forms.Textarea,
        required=False,
        max_length=limits.CONVERSATION_TEXT,
    )
    participation_level = forms.TypedChoiceField(
        label=_("Desired participation level"),
        choices=PARTICIPATION_LEVELS,
        coerce=int,
        empty_value=None,
        required=False,
    )
    held_on = forms.DateField(label=_("Date of the conversation"), widget=DATE, required=False)


class TrajectoryForm(StyledForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    coordinator = forms.ModelChoiceField(label=_("Coordinator"), queryset=User.objects.none())
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    takeover_reason = forms.ChoiceField(
        label=_("Reason for taking over"),
        choices=[("", _("Not applicable")), *TakeoverReason.choices],
        required=False,
    )
    intensity = forms.ChoiceField(label=_("Intensity"), choices=Intensity.choices)
    escalated_to = forms.CharField(label=_("Escalated to"), max_length=200, required=False)
    escalated_on = forms.DateField(label=_("Escalated on"), widget=DATE, required=False)
    escalation_reason = forms.CharField(
        label=_("Why escalated"),
        widget=forms.Textarea,
        required=False,
        max_length=limits.REASON_TEXT,
    )

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "coordinator").queryset = colleagues


ACTION_OUTCOME_CHOICES = [
    (ActionStatus.DONE, _("Done")),
    (ActionStatus.CANCELLED, pgettext_lazy("action outcome", "Cancel")),
]


class CloseForm(StyledForm):
    """Closing: the reason, the legal frameworks (prefilled by the caller), and one choice per
    open action plus a confirmation when the monitoring period still runs."""

    reason = forms.CharField(
        label=_("Reason for closing"), widget=forms.Textarea, max_length=limits.REASON_TEXT
    )
    frameworks = forms.MultipleChoiceField(
        label=_("Legal framework(s) of the support"),
        choices=LegalFramework.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Decides how long the file is kept. Choose at least one."),
        error_messages={"required": _("Choose at least one legal framework of the support.")},
    )

    def __init__(
        self, *args: Any, actions: list[Any], monitoring_runs: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for action in actions:
            self.fields[f"action_{action.pk}"] = forms.ChoiceField(
                label=_("Open action: %(text)s") % {"text": action.text},
                choices=ACTION_OUTCOME_CHOICES,
                widget=forms.RadioSelect,
                initial=ActionStatus.CANCELLED,
                error_messages={"required": _("Mark this action done or cancel it.")},
            )
        if monitoring_runs:
            self.fields["end_monitoring"] = forms.BooleanField(
                label=_("End the monitoring period now"), required=False
            )
        self.action_ids = [action.pk for action in actions]

    def action_outcomes(self) -> dict[int, str]:
        return {pk: self.cleaned_data[f"action_{pk}"] for pk in self.action_ids}


class InvolvementForm(StyledForm):
    user = forms.ModelChoiceField(label=_("Professional"), queryset=User.objects.none())
    role = forms.CharField(label=_("Role"), max_length=120)

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "user").queryset = colleagues


class ProblemForm(StyledForm):
    life_domain = forms.ChoiceField(label=_("Life domain"), choices=LifeDomain.choices)
    description = forms.CharField(
        label=_("Problem"), widget=forms.Textarea, max_length=limits.PLAN_TEXT
    )


class GoalForm(StyledForm):
    problem = forms.TypedChoiceField(label=_("For problem"), coerce=int, choices=[])
    text = forms.CharField(label=_("Goal"), widget=forms.Textarea, max_length=limits.PLAN_TEXT)
    results = forms.CharField(
        label=_("Intended results"),
        widget=forms.Textarea,
        required=False,
        help_text=_("One per line: what is visibly different when the goal is reached."),
    )

    def clean_results(self) -> str:
        """The same limits as the API: a number of results, each of a bounded length."""
        value: str = self.cleaned_data["results"]
        lines = [line for line in value.splitlines() if line.strip()]
        if len(lines) > limits.PLAN_RESULTS_MAX:
            raise forms.ValidationError(
                _("Enter at most %(max)d intended results.") % {"max": limits.PLAN_RESULTS_MAX}
            )
        if any(len(line) > limits.PLAN_RESULT_TEXT for line in lines):
            raise forms.ValidationError(
                _("Each intended result may be at most %(max)d characters.")
                % {"max": limits.PLAN_RESULT_TEXT}
            )
        return value

    def __init__(self, *args: Any, problems: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "problem").choices = problems


class SolutionForm(StyledForm):
    frame = forms.ChoiceField(label=_("Frame"), choices=Frame.choices)
    text = forms.CharField(label=_("Solution"), widget=forms.Textarea, max_length=limits.PLAN_TEXT)


class ActionForm(StyledForm):
    solution = forms.TypedChoiceField(
        label=_("For solution"), coerce=int, choices=[], required=False, empty_value=None
    )
    # The household file's "Add an action" link (access key A) lands on this field.
    text = forms.CharField(
        label=_("Action"),
        max_length=limits.ACTION_TEXT,
        widget=forms.TextInput(attrs={"accesskey": "a"}),
    )
    owner_kind = forms.ChoiceField(label=_("Who does it?"), choices=OwnerKind.choices)
    owner_user = forms.ModelChoiceField(
        label=_("Team member"), queryset=User.objects.none(), required=False
    )
    owner_name = forms.CharField(
        label=_("Name"),
        max_length=160,
        required=False,
        help_text=_("When it is not a team member."),
    )
    due_on = forms.DateField(label=_("Due"), widget=DATE, required=False)

    def __init__(
        self, *args: Any, solutions: list[tuple[int, str]], colleagues: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "solution").choices = [("", _("No particular solution")), *solutions]
        model_choice_field(self, "owner_user").queryset = colleagues


class ActionUpdateForm(StyledForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Action"), max_length=limits.ACTION_TEXT)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    due_on = forms.DateField(label=_("Due"), widget=DATE, required=False)


class AgreeForm(StyledForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DATE)


class EvaluationForm(StyledForm):
    question_answered = forms.ChoiceField(
        label=_("Was the question answered?"), choices=Answered.choices
    )
    what_worked = forms.CharField(
        label=_("What worked, and why?"),
        widget=forms.Textarea,
        required=False,
        max_length=limits.EVALUATION_TEXT,
    )
    self_reliance = forms.ChoiceField(label=_("Self-reliance"), choices=Trend.choices)
    participation = forms.ChoiceField(label=_("Participation"), choices=Trend.choices)
    lessons = forms.CharField(
        label=_("Lessons"),
        widget=forms.Textarea,
        required=False,
        max_length=limits.EVALUATION_TEXT,
    )


class MonitoringForm(StyledForm):
    follow_up_on = forms.DateField(label=_("Next follow-up"), widget=DATE, required=False)
    monitoring_until = forms.DateField(label=_("Monitoring until"), widget=DATE, required=False)
