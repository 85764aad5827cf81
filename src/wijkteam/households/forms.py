from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.core import limits
from wijkteam.households.bsn import is_valid_bsn
from wijkteam.households.models import Member, MemberRelationKind, RelationType
from wijkteam.ui.form_fields import model_choice_field
from wijkteam.ui.forms import DATE, StyledForm, style


class HouseholdForm(StyledForm):
    name = forms.CharField(
        label=_("Name of the household"), max_length=160, help_text=_("E.g. 'Family Jansen'.")
    )
    street_address = forms.CharField(
        label=_("Street and house number"), max_length=200, required=False
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    city = forms.CharField(label=_("Town or city"), max_length=120, required=False)
    confirm_duplicates = forms.BooleanField(
        label=_("I checked the possible duplicates: create a new household anyway"), required=False
    )

    def __init__(self, *args: Any, teams: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(teams) > 1:  # only asked of people who work in several teams
            self.fields["team"] = forms.ChoiceField(
                label=_("Team"), choices=[(str(t.pk), t.name) for t in teams]
            )
            self.order_fields(["team"])
            style(self)


class HouseholdDetailsForm(StyledForm):
    """Name and address of an existing household (the version fields are added by the view)."""

    name = forms.CharField(
        label=_("Name of the household"), max_length=160, help_text=_("E.g. 'Family Jansen'.")
    )
    street_address = forms.CharField(
        label=_("Street and house number"), max_length=200, required=False
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    city = forms.CharField(label=_("Town or city"), max_length=120, required=False)


class MemberForm(StyledForm):
    first_name = forms.CharField(label=_("First name"), max_length=120)
    last_name = forms.CharField(label=_("Last name"), max_length=120)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=9,
        required=False,
        help_text=_("Optional. Nine digits that pass the 11-check."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    language = forms.CharField(label=_("Language"), max_length=60, required=False)
    interpreter_needed = forms.BooleanField(label=_("Interpreter needed"), required=False)

    def clean_bsn(self) -> str:
        value: str = self.cleaned_data.get("bsn", "").replace(" ", "").replace(".", "")
        if value and not is_valid_bsn(value):
            raise forms.ValidationError(
                _("This is not a valid BSN: it must have nine digits and pass the 11-check.")
            )
        return value

    def clean_date_of_birth(self) -> Any:
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("A date of birth cannot be in the future."))
        return value


def add_confirm_other_household(form: forms.BaseForm) -> None:
    """Shown after the warning that the BSN is in another open household."""
    form.fields["confirm_other_household"] = forms.BooleanField(
        label=_("I checked it: add this resident to this household as well"), required=False
    )
    style(form)


class MemberRemoveForm(StyledForm):
    reason = forms.CharField(
        label=_("Why is this member removed?"),
        widget=forms.Textarea,
        max_length=limits.REASON_TEXT,
        help_text=_("E.g. added to the wrong household, or entered twice."),
    )


class BaseMemberFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.has_changed() and not f.cleaned_data.get("DELETE")]
        if not filled:
            raise forms.ValidationError(_("Enter at least one member."))
        bsns = [f.cleaned_data["bsn"] for f in filled if f.cleaned_data.get("bsn")]
        if len(bsns) != len(set(bsns)):
            raise forms.ValidationError(_("The same BSN is entered for two members."))


# At most as many members as the API takes in one request; more forms than that are refused
# (Django would otherwise build up to 1,000 extra forms from a crafted POST).
MemberFormSet = forms.formset_factory(
    MemberForm,
    formset=BaseMemberFormSet,
    extra=3,
    max_num=limits.HOUSEHOLD_MEMBERS_MAX,
    validate_max=True,
    absolute_max=limits.HOUSEHOLD_MEMBERS_MAX,
)


class NetworkPersonForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=160)
    relation_type = forms.ChoiceField(label=_("Relation"), choices=RelationType.choices)
    contributes = forms.CharField(
        label=_("What does this person contribute?"),
        required=False,
        widget=forms.Textarea,
        max_length=limits.MEMBER_CONTRIBUTES_TEXT,
    )
    contact = forms.CharField(label=_("Contact details"), max_length=200, required=False)


class MemberRelationForm(StyledForm):
    from_member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    kind = forms.ChoiceField(label=_("Relation"), choices=MemberRelationKind.choices)
    to_member = forms.ModelChoiceField(label=_("Other member"), queryset=Member.objects.none())

    def __init__(self, *args: Any, members: list[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [m.pk for m in members]
        for name in ("from_member", "to_member"):
            model_choice_field(self, name).queryset = Member.objects.filter(pk__in=ids)
