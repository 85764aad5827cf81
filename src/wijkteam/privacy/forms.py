from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.privacy.models import AccessOutcome
from wijkteam.ui.widgets import DateInput


class LogSearchForm(forms.Form):
    person = forms.CharField(
        label=_("Person who acted"),
        required=False,
        max_length=150,
        help_text=_("Login name or part of the name."),
    )
    object_type = forms.CharField(
        label=_("Kind of data"),
        required=False,
        max_length=60,
        help_text=_("E.g. households.household for a household file."),
    )
    object_id = forms.CharField(label=_("Number of the record"), required=False, max_length=64)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("All outcomes")), *AccessOutcome.choices],
        help_text=_("Choose “Denied” to see only refused access."),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("date_from")
            and data.get("date_until")
            and data["date_from"] > data["date_until"]
        ):
            self.add_error("date_until", _("The end date lies before the start date."))
        return data


class ProtocolSettingsForm(forms.ModelForm):
    class Meta:
        from wijkteam.privacy.models import ProtocolSettings

        model = ProtocolSettings
        fields = [
            "leader_sees_caseload",
            "uninvolved_members_see_metadata",
            "emergency_access_hours",
            "civil_servants_see_contact_details",
        ]
