from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from wijkteam.core import limits
from wijkteam.organisations.models import Area, HomeOrganisation, Municipality, Team
from wijkteam.ui.form_fields import char_field, model_choice_field


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["name", "cbs_code"]


class AreaForm(forms.ModelForm):
    inhabitants = forms.IntegerField(
        label=_("inhabitants"),
        min_value=0,
        max_value=2_000_000,
        help_text=_("Number of inhabitants of the area (a whole number, 0 to 2,000,000)."),
        # A text box with a numeric keyboard: the server explains a wrong entry in words.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Enter the number of inhabitants as a whole number, e.g. 8250."),
        },
    )

    class Meta:
        model = Area
        fields = ["name", "neighbourhoods", "inhabitants"]
        widgets = {"neighbourhoods": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The same limit as the API (core/limits.py); the column itself has none.
        field = char_field(self, "neighbourhoods")
        field.max_length = limits.AREA_NEIGHBOURHOODS_TEXT
        field.validators.append(MaxLengthValidator(limits.AREA_NEIGHBOURHOODS_TEXT))
        field.widget.attrs["maxlength"] = str(limits.AREA_NEIGHBOURHOODS_TEXT)


class HomeOrganisationForm(forms.ModelForm):
    class Meta:
        model = HomeOrganisation
        fields = ["name", "kind"]


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "areas", "organisation_model", "variant", "is_active"]
        widgets = {"areas": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "areas").queryset = Area.objects.filter(municipality=municipality)
        self.fields["areas"].required = True
