from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.lifedomains import LifeDomain
from wijkteam.organisations.models import Area, Municipality
from wijkteam.socialmap.columns import COLUMNS
from wijkteam.socialmap.models import Provider, Service, ServiceType
from wijkteam.ui.form_fields import choice_field, model_choice_field
from wijkteam.ui.widgets import DateInput

TEXT = {"class": "utrecht-textbox"}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    domain = forms.ChoiceField(label=_("Life domain"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    area = forms.ModelChoiceField(label=_("Area"), required=False, queryset=Area.objects.none())
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=150)
    free = forms.BooleanField(label=_("Free of charge"), required=False)
    no_indication = forms.BooleanField(label=_("No indication needed"), required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "domain").choices = [("", _("All life domains")), *LifeDomain.choices]
        choice_field(self, "type").choices = [("", _("All types")), *ServiceType.choices]
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = Area.objects.filter(municipality=municipality).order_by("name")
        area_field.empty_label = _("All areas")
        for name, field in self.fields.items():
            if name not in ("free", "no_indication"):
                field.widget.attrs.update(
                    {"class": "utrecht-textbox" if name in ("q", "age") else "utrecht-select"}
                )


class ProviderForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = ["name", "description", "website", "phone", "email"]


class ServiceForm(forms.ModelForm):
    domains = forms.MultipleChoiceField(
        label=_("Life domains"),
        choices=LifeDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Service
        fields = [
            "provider", "external_id", "name", "description", "service_type", "domains",
            "target_groups", "min_age", "max_age", "areas", "address", "latitude", "longitude",
            "contact", "opening_hours", "accessibility", "costs", "is_free", "needs_indication",
            "how_to_refer", "active_from", "active_until", "last_checked",
        ]  # fmt: skip
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "active_from": DateInput(),
            "active_until": DateInput(),
            "last_checked": DateInput(),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "provider").queryset = Provider.objects.filter(
            municipality=municipality
        )
        model_choice_field(self, "areas").queryset = Area.objects.filter(municipality=municipality)
        if self.instance.pk:
            self.initial["domains"] = self.instance.domains
        for field in self.fields.values():
            if isinstance(
                field.widget,
                forms.TextInput
                | forms.NumberInput
                | forms.URLInput
                | forms.EmailInput
                | forms.DateInput
                | forms.Textarea,
            ):
                field.widget.attrs.setdefault("class", "utrecht-textbox")


class ProposalForm(forms.ModelForm):
    """A team member's proposal: what they know of the service; the editor adds the rest."""

    domains = forms.MultipleChoiceField(
        label=_("Life domains"),
        choices=LifeDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Service
        fields = [
            "provider", "name", "description", "service_type", "domains", "target_groups",
            "contact", "how_to_refer",
        ]  # fmt: skip

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "provider").queryset = Provider.objects.filter(
            municipality=municipality
        )
        self.fields["provider"].help_text = _(
            "Not in the list? Name the organisation in the description; the editor adds it."
        )
        for field in self.fields.values():
            if isinstance(field.widget, forms.TextInput | forms.Textarea):
                field.widget.attrs.setdefault("class", "utrecht-textbox")


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve: put it on the social map")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note for the proposer"),
        required=False,
        max_length=300,
        help_text=_("Needed when you reject the proposal."),
    )


class ExpertiseForm(forms.Form):
    domains = forms.MultipleChoiceField(
        label=_("My life domains of expertise"),
        choices=LifeDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX, at most 10 MB)"))


class MappingForm(forms.Form):
    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            ("", _("(not in the file)")),
            *[(str(i), h or f"#{i + 1}") for i, h in enumerate(headers)],
        ]
        for key, label, required, _aliases in COLUMNS:
            self.fields[key] = forms.ChoiceField(
                label=str(label),
                choices=choices,
                required=required,
                widget=forms.Select(attrs={"class": "utrecht-select"}),
            )

    def mapping(self) -> dict[str, int | None]:
        return {k: int(v) if v not in ("", None) else None for k, v in self.cleaned_data.items()}


class ImportModeForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("What to do when rows have errors"),
        choices=[
            ("all", _("All or nothing: import only when every row is valid")),
            ("valid", _("Import the valid rows and report the rest")),
        ],
        widget=forms.RadioSelect,
    )
