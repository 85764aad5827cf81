"""Forms of the intake app: few fields, sensible defaults, keyboard first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.models import Membership, SecrecyStatus, User
from wijkteam.core import limits
from wijkteam.intake.models import (
    Channel,
    OutreachKind,
    OutreachOutcome,
    SignallingPartner,
    SignalStatus,
    SourceKind,
    Urgency,
)
from wijkteam.intake.selectors import SignalFilter
from wijkteam.intake.services import OUTREACH_CLOCK_SLACK
from wijkteam.organisations.models import Area, Team
from wijkteam.ui.form_fields import model_choice_field
from wijkteam.ui.widgets import DateInput, DateTimeInput


class SignalForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("Team"), empty_label=None)
    source_kind = forms.ChoiceField(
        label=_("Source"), choices=SourceKind.choices, initial=SourceKind.PARTNER
    )
    partner = forms.ModelChoiceField(
        queryset=SignallingPartner.objects.none(),
        label=_("Signalling partner"),
        required=False,
        help_text=_("A partner with an agreed response time sets the deadline by itself."),
    )
    signaller = forms.CharField(
        label=_("Signaller (if not a partner)"), max_length=200, required=False
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    subject_name = forms.CharField(label=_("Name of the resident"), max_length=200, required=False)
    subject_address = forms.CharField(label=_("Address"), max_length=200, required=False)
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(), label=_("Area"), required=False, empty_label=_("Not known")
    )
    concern = forms.CharField(
        label=_("Concern"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.SIGNAL_CONCERN,
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty to use the partner's agreed response time, if any."),
    )

    # The most common case first: a partner calls about an address; the rest has defaults.
    field_order = [
        "team",
        "source_kind",
        "partner",
        "subject_name",
        "subject_address",
        "area",
        "concern",
        "urgency",
        "deadline",
        "channel",
        "signaller",
    ]

    def __init__(
        self, *args: Any, teams: list[Team], autofocus: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if autofocus:
            self.fields["source_kind"].widget.attrs["autofocus"] = True
        team_ids = [t.pk for t in teams]
        model_choice_field(self, "team").queryset = Team.objects.filter(pk__in=team_ids).order_by(
            "name"
        )
        if len(teams) == 1:
            self.fields["team"].initial = teams[0].pk
            self.fields["team"].widget = forms.HiddenInput()
        partners = SignallingPartner.objects.filter(team_id__in=team_ids, is_active=True).order_by(
            "name"
        )
        model_choice_field(self, "partner").queryset = partners
        areas = Area.objects.filter(teams__in=team_ids).distinct().order_by("name")
        model_choice_field(self, "area").queryset = areas

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("subject_name") and not data.get("subject_address"):
            self.add_error("subject_name", _("Give the resident's name, address or both."))
        partner = data.get("partner")
        if data.get("source_kind") == SourceKind.PARTNER and partner is None:
            self.add_error("partner", _("Choose the signalling partner, or another source."))
        team = data.get("team")
        if partner is not None and team is not None and partner.team_id != team.pk:
            self.add_error("partner", _("This partner belongs to another team."))
        area = data.get("area")
        if area is not None and team is not None and not team.areas.filter(pk=area.pk).exists():
            self.add_error("area", _("This area is not one of the team's areas."))
        return data


def _this_minute() -> dt.datetime:
    """Now, to the minute: what the date-time input shows and sends back."""
    return timezone.now().replace(second=0, microsecond=0)


class SignalFilterForm(forms.Form):
    """The GET form above the signal list: every field optional, bad values are named."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, address, concern or signaller."),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *SignalStatus.choices]
    )
    deadline = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[
            ("", _("Any")),
            ("overdue", _("Overdue")),
            ("7", _("Within 7 days")),
            ("14", _("Within 14 days")),
            ("30", _("Within 30 days")),
        ],
    )
    partner = forms.ModelChoiceField(
        queryset=SignallingPartner.objects.none(),
        label=_("Signalling partner"),
        required=False,
        empty_label=_("All"),
    )
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(), label=_("Area"), required=False, empty_label=_("All")
    )

    def __init__(
        self, *args: Any, teams: list[Team], searchable: list[Team] | None = None, **kwargs: Any
    ) -> None:
        """``searchable``: the teams whose signals the actor sees in full (text and partner
        search); all ``teams`` when not given."""
        super().__init__(*args, **kwargs)
        full_ids = [t.pk for t in (teams if searchable is None else searchable)]
        partners = SignallingPartner.objects.filter(team_id__in=full_ids).order_by("name")
        model_choice_field(self, "partner").queryset = partners
        areas = Area.objects.filter(teams__in=[t.pk for t in teams]).distinct().order_by("name")
        model_choice_field(self, "area").queryset = areas
        if not full_ids:
            del self.fields["q"]
            del self.fields["partner"]

    def wanted(self) -> SignalFilter:
        """The filter to apply: the valid fields (call after ``is_valid``)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        partner = data.get("partner")
        area = data.get("area")
        return SignalFilter(
            status=data.get("status") or "",
            partner_id=partner.pk if partner else None,
            deadline=data.get("deadline") or "",
            area_id=area.pk if area else None,
            text=(data.get("q") or "").strip(),
        )


class OutreachForm(forms.Form):
    """One short form: what came of it first (the field that changes most), then how, when
    (now unless logged afterwards) and, optionally, the next attempt. Alt+O (the access key)
    lands on the result; Ctrl+Enter saves from any field."""

    outcome = forms.ChoiceField(
        label=_("Result"), choices=OutreachOutcome.choices, initial=OutreachOutcome.NO_ANSWER
    )
    kind = forms.ChoiceField(
        label=_("How"), choices=OutreachKind.choices, initial=OutreachKind.VISIT
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.SIGNAL_NOTE,
    )
    attempted_at = forms.DateTimeField(
        label=_("When"),
        widget=DateTimeInput,
        initial=_this_minute,
        required=False,  # left empty: now
        help_text=_("Now, unless you log the attempt afterwards."),
        error_messages={"invalid": _("Give the date and time of the attempt.")},
    )
    next_attempt_on = forms.DateField(
        label=_("Next attempt"),
        required=False,
        widget=DateInput,
        help_text=_("Optional: the colleague on duty that day sees it in My work."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].widget.attrs.update({"accesskey": "o"})

    def clean_attempted_at(self) -> dt.datetime | None:
        value: dt.datetime | None = self.cleaned_data["attempted_at"]
        if value is not None and value > timezone.now() + OUTREACH_CLOCK_SLACK:
            raise forms.ValidationError(_("An attempt cannot be in the future."))
        return value


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.SIGNAL_NOTE,
        help_text=_(
            "E.g. no concern after all, already known to another service, resident moved away."
        ),
        error_messages={"required": _("Give the reason for closing this signal.")},
    )


class FeedbackForm(forms.Form):
    given_to = forms.CharField(label=_("Told to"), max_length=200)
    given_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    content = forms.CharField(
        label=_("What was fed back"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.SIGNAL_NOTE,
    )


class LinkExistingForm(forms.Form):
    household = forms.IntegerField(label=_("Household"), widget=forms.HiddenInput)


class NewHouseholdForm(forms.Form):
    name = forms.CharField(label=_("Name of the household"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)


class RestartForm(forms.Form):
    """Re-registration: who coordinates the new trajectory (the actor by default)."""

    coordinator = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Coordinator"),
        empty_label=None,
        help_text=_(
            "A professional of the team. The coordinator sees the whole file, earlier "
            "trajectories included."
        ),
    )

    def __init__(self, *args: Any, team: Team, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = (
            Membership.objects.active()
            .filter(team=team, secrecy_status=SecrecyStatus.PROFESSIONAL_SECRECY)
            .values("user_id")
        )
        field = model_choice_field(self, "coordinator")
        field.queryset = User.objects.filter(pk__in=ids, is_active=True).order_by(
            "last_name", "first_name", "pk"
        )
        field.initial = user.pk


class PartnerForm(forms.ModelForm):
    class Meta:
        model = SignallingPartner
        fields = [
            "name",
            "kind",
            "contact_person",
            "partner_contact",
            "agreement",
            "deadline_days",
            "is_active",
        ]
        widgets = {
            "partner_contact": forms.Textarea(attrs={"rows": 2}),
            "agreement": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = Membership.objects.active().filter(team=team).values_list("user_id", flat=True)
        model_choice_field(self, "contact_person").queryset = User.objects.filter(pk__in=ids)


class RosterGenerateForm(forms.Form):
    start = forms.DateField(label=_("First day"), widget=DateInput)
    working_day_count = forms.IntegerField(
        label=_("Number of working days"),
        min_value=1,
        max_value=260,
        initial=20,
        help_text=_("Core members take turns, one working day each; weekends are skipped."),
    )


class ShiftForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("On duty"), required=False)

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = Membership.objects.active().filter(team=team).values_list("user_id", flat=True)
        model_choice_field(self, "user").queryset = User.objects.filter(pk__in=ids)


def parse_week(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
