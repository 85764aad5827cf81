from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.accounts.models import TEAM_ROLES, Role, SecrecyStatus
from wijkteam.organisations.models import HomeOrganisation, Municipality, Team
from wijkteam.ui.form_fields import model_choice_field
from wijkteam.ui.widgets import DateInput


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Login name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your app"),
        max_length=8,
        help_text=_("Scan the QR code, then type the 6-digit code your app shows."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        max_length=256,
        help_text=_("At least 12 characters; not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class MembershipFields(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        help_text=_("Leave empty for a municipality-wide role (policy, administration, privacy)."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    secrecy_status = forms.ChoiceField(
        label=_("Secrecy status"),
        choices=SecrecyStatus.choices,
        help_text=_(
            "Professional secrecy for professionals of care and welfare organisations; duty to "
            "report for civil servants of the municipality."
        ),
    )
    function_title = forms.CharField(label=_("Function"), max_length=120, required=False)
    # No initial value: a guessed 0.5 was saved unnoticed. Required for a team role (clean).
    fte = forms.DecimalField(
        label=_("FTE in the team"),
        min_value=0,
        max_value=1.5,
        decimal_places=2,
        required=False,
        help_text=_("E.g. 0.8 for four days a week. Needed for a role in a team."),
    )
    home_organisation = forms.ModelChoiceField(
        label=_("Home organisation"), queryset=HomeOrganisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "team").queryset = Team.objects.filter(municipality=municipality)
        model_choice_field(self, "home_organisation").queryset = HomeOrganisation.objects.filter(
            municipality=municipality
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role in (Role.TEAM_MEMBER, Role.CIVIL_SERVANT, Role.TEAM_LEADER) and not data.get(
            "team"
        ):
            self.add_error("team", _("This role is held in a team: choose the team."))
        if role in TEAM_ROLES and data.get("fte") is None and "fte" not in self.errors:
            self.add_error("fte", _("Enter the FTE this person works in the team."))
        if (
            role == Role.CIVIL_SERVANT
            and data.get("secrecy_status") != SecrecyStatus.DUTY_TO_REPORT
        ):
            self.add_error("secrecy_status", _("A civil servant in the team has a duty to report."))
        return data


class MembershipEditForm(forms.Form):
    """What can change in a role afterwards: function, FTE, home organisation and period."""

    function_title = forms.CharField(label=_("Function"), max_length=120, required=False)
    fte = forms.DecimalField(
        label=_("FTE in the team"), min_value=0, max_value=1.5, decimal_places=2, required=False
    )
    home_organisation = forms.ModelChoiceField(
        label=_("Home organisation"), queryset=HomeOrganisation.objects.none(), required=False
    )
    valid_from = forms.DateField(label=_("From"), widget=DateInput)
    valid_until = forms.DateField(
        label=_("Until"),
        widget=DateInput,
        required=False,
        help_text=_("The last day of the role; leave empty while it lasts."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "home_organisation").queryset = HomeOrganisation.objects.filter(
            municipality=municipality
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end date cannot be before the start date."))
        return data


class InviteForm(MembershipFields):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    username = forms.RegexField(
        label=_("Login name"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Letters, digits and . @ + - _ only."),
    )

    field_order = [
        "first_name",
        "last_name",
        "email",
        "username",
        "team",
        "role",
        "secrecy_status",
        "function_title",
        "fte",
        "home_organisation",
    ]


class LanguageForm(forms.Form):
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=[("nl", "Nederlands"), ("en", "English")]
    )


class PasswordChangeForm(SetPasswordForm):
    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    field_order = ["current_password", "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].widget.attrs.pop("autofocus", None)
