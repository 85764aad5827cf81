"""Consent per household: list, record, withdraw; and disclosures on a legal ground."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from wijkteam.core import limits
from wijkteam.core.conflicts import ConflictError
from wijkteam.households.models import Household, Member
from wijkteam.privacy import consent as services
from wijkteam.privacy import policy
from wijkteam.privacy.models import (
    Consent,
    ConsentForm,
    ConsentGiver,
    DataCategory,
    Disclosure,
    LegalGround,
)
from wijkteam.privacy.policy import Actor, ViewLevel
from wijkteam.privacy.services import log_read
from wijkteam.socialmap.models import Provider
from wijkteam.ui.form_fields import model_choice_field
from wijkteam.ui.widgets import DateInput


class ConsentRecordForm(forms.Form):
    member = forms.ModelChoiceField(label=gettext_lazy("Resident"), queryset=Member.objects.none())
    purpose = forms.CharField(label=gettext_lazy("Purpose"), max_length=limits.CONSENT_PURPOSE)
    recipient_providers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Recipient organisations"),
        queryset=Provider.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=gettext_lazy(
            "Choose from the social map (hold Ctrl or Cmd to choose more than one)."
        ),
    )
    recipients = forms.CharField(
        label=gettext_lazy("Other organisations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Only organisations that are not in the social map, one per line."),
    )
    data_categories = forms.MultipleChoiceField(
        label=gettext_lazy("Data that may be shared"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    given_by = forms.ChoiceField(label=gettext_lazy("Given by"), choices=ConsentGiver.choices)
    form = forms.ChoiceField(label=gettext_lazy("Form"), choices=ConsentForm.choices)
    given_on = forms.DateField(label=gettext_lazy("Given on"), widget=DateInput())
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"),
        required=False,
        widget=DateInput(),
    )
    document = forms.FileField(
        label=gettext_lazy("Signed form"),
        required=False,
        help_text=gettext_lazy(
            "Optional: a scan or photo of the signed consent (PDF, JPG, PNG; at most 5 MB)."
        ),
    )

    def __init__(self, *args: object, household: Household, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        model_choice_field(self, "member").queryset = Member.objects.filter(household=household)
        model_choice_field(self, "recipient_providers").queryset = Provider.objects.filter(
            municipality_id=household.team.municipality_id
        ).order_by("name")
        self.fields["given_on"].initial = timezone.localdate()

    def clean_recipients(self) -> str:
        """The same limits as the API: so many recipients, each of a bounded length."""
        value: str = self.cleaned_data["recipients"]
        lines = [line for line in value.splitlines() if line.strip()]
        if len(lines) > limits.CONSENT_RECIPIENTS_MAX:
            raise forms.ValidationError(
                _("Name at most %(max)d recipient organisations.")
                % {"max": limits.CONSENT_RECIPIENTS_MAX}
            )
        if any(len(line.strip()) > limits.CONSENT_RECIPIENT_TEXT for line in lines):
            raise forms.ValidationError(
                _("Each recipient may be at most %(max)d characters.")
                % {"max": limits.CONSENT_RECIPIENT_TEXT}
            )
        return value

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        chosen = data.get("recipient_providers") or str(data.get("recipients") or "").strip()
        if not chosen and "recipients" not in self.errors:
            self.add_error(
                "recipient_providers",
                _("Choose at least one organisation, or name another one."),
            )
        return data


class DisclosureForm(forms.Form):
    recipient = forms.CharField(label=gettext_lazy("Recipient"), max_length=200)
    legal_ground = forms.ChoiceField(
        label=gettext_lazy("Legal ground"), choices=LegalGround.choices
    )
    explanation = forms.CharField(
        label=gettext_lazy("Explanation"), widget=forms.Textarea(attrs={"rows": 3})
    )


def _household(request: HttpRequest, household_id: int) -> tuple[Actor, Household, policy.Decision]:
    actor = Actor.from_request(request, purpose="consent")
    household = Household.objects.select_related("team").filter(pk=household_id).first()
    if household is None:
        raise Http404
    decision = policy.decide(actor, household)
    if decision.level < ViewLevel.FULL:
        raise Http404
    return actor, household, decision


@require_http_methods(["GET", "POST"])
def consent_list_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, household, decision = _household(request, household_id)
    form = ConsentRecordForm(request.POST or None, request.FILES or None, household=household)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                actor=actor,
                member=data["member"],
                purpose=data["purpose"],
                recipients=data["recipients"].splitlines(),
                recipient_providers=list(data["recipient_providers"]),
                data_categories=data["data_categories"],
                given_by=data["given_by"],
                form=data["form"],
                given_on=data["given_on"],
                expires_on=data["expires_on"],
                document=data.get("document"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect("privacy:consent_list", household_id=household.pk)
    return _render_list(request, actor, household, decision, form, 400 if form.errors else 200)


def _render_list(
    request: HttpRequest,
    actor: Actor,
    household: Household,
    decision: policy.Decision,
    form: ConsentRecordForm,
    status: int,
) -> HttpResponse:
    log_read(actor, household, decision, object_type="households.household.consent")
    consents = (
        Consent.objects.filter(member__household=household)
        .select_related("member")
        .prefetch_related("recipient_providers")
        .order_by("-given_on")
    )
    disclosures = Disclosure.objects.filter(household=household).order_by("-disclosed_on")
    return render(
        request,
        "privacy/consent_list.html",
        {
            "household": household,
            "consents": consents,
            "disclosures": disclosures,
            "form": form,
            "disclosure_form": DisclosureForm(),
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_POST
def consent_withdraw_view(request: HttpRequest, household_id: int, consent_id: int) -> HttpResponse:
    actor, household, _decision = _household(request, household_id)
    consent = Consent.objects.filter(pk=consent_id, member__household=household).first()
    if consent is None:
        raise Http404
    version = request.POST.get("lock_version", "")
    try:
        services.consent_withdraw(
            actor=actor,
            consent=consent,
            lock_version=int(version) if version.isascii() and version.isdigit() else None,
        )
    except ConflictError as conflict:
        # 409: the list as it is now, saying who changed this consent and when.
        messages.error(request, str(conflict))
        form = ConsentRecordForm(household=household)
        return _render_list(request, actor, household, _decision, form, 409)
    messages.success(request, _("The consent has been withdrawn."))
    return redirect("privacy:consent_list", household_id=household.pk)


@require_POST
def disclosure_record_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, household, _decision = _household(request, household_id)
    form = DisclosureForm(request.POST)
    if form.is_valid():
        try:
            services.disclosure_record(actor=actor, household=household, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The disclosure and its legal ground have been recorded."))
    else:
        messages.error(request, _("Fill in the recipient, the legal ground and an explanation."))
    return redirect("privacy:consent_list", household_id=household.pk)


def consent_document_view(
    request: HttpRequest, household_id: int, consent_id: int
) -> HttpResponseBase:
    actor, household, decision = _household(request, household_id)
    consent = Consent.objects.filter(pk=consent_id, member__household=household).first()
    if consent is None or not consent.document:
        raise Http404
    log_read(actor, consent, decision, object_type="privacy.consent.document")
    return FileResponse(
        consent.document.open("rb"),
        as_attachment=True,
        filename=(consent.document.name or "document").rsplit("/", 1)[-1],
    )
