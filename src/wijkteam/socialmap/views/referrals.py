"""Referral pages: create one from a plan's solution, follow and advance it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from wijkteam.core import limits
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.casework import WORK
from wijkteam.socialmap import referrals
from wijkteam.socialmap.models import Service
from wijkteam.ui.form_fields import choice_field
from wijkteam.ui.widgets import DateInput


class ReferralForm(forms.Form):
    service = forms.ModelChoiceField(label=gettext_lazy("Service"), queryset=Service.objects.none())
    recipient = forms.CharField(
        label=gettext_lazy("Recipient (person or department)"), required=False, max_length=200
    )


class AdvanceForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"))
    on = forms.DateField(label=gettext_lazy("Date"), required=False, widget=DateInput())
    outcome = forms.CharField(
        label=gettext_lazy("Outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.REFERRAL_OUTCOME_TEXT,
    )


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, purpose="referral")


@require_http_methods(["GET", "POST"])
def referral_create_view(request: HttpRequest, solution_id: int) -> HttpResponse:
    actor = _actor(request)
    solution = referrals.solution_for_referral(actor=actor, solution_id=solution_id)
    municipality_id = solution.plan.household.team.municipality_id
    initial = (
        {"service": request.GET.get("service")} if request.GET.get("service", "").isdigit() else {}
    )
    form = ReferralForm(request.POST or None, initial=initial)
    field = form.fields["service"]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = Service.objects.filter(municipality_id=municipality_id).order_by(
        "type_rank", "name"
    )
    field.widget.attrs["class"] = "utrecht-select"
    form.fields["recipient"].widget.attrs["class"] = "utrecht-textbox"
    consent_missing = False
    if request.method == "POST" and form.is_valid():
        try:
            referral = referrals.referral_create(
                actor=actor,
                solution=solution,
                service=form.cleaned_data["service"],
                recipient=form.cleaned_data["recipient"],
            )
        except referrals.ConsentMissing as error:
            form.add_error(None, error)
            consent_missing = True
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Referral proposed."))
            return redirect("socialmap:referral_detail", referral_id=referral.pk)
    existing = referrals.referrals_for_solution(actor=actor, solution=solution)
    context = {
        "form": form,
        "solution": solution,
        "existing": existing,
        "consent_missing": consent_missing,
        "household_id": solution.plan.household_id,
    }
    return render(
        request,
        "socialmap/referral_create.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def referral_detail_view(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = _actor(request)
    referral, decision = referrals.referral_get(actor=actor, referral_id=referral_id)
    may_work = WORK in decision.actions
    form = AdvanceForm(request.POST or None)
    choice_field(form, "status").choices = referral.next_statuses()
    for name, field in form.fields.items():
        field.widget.attrs["class"] = "utrecht-select" if name == "status" else "utrecht-textbox"
    if request.method == "POST":
        if not may_work:
            raise Http404
        if form.is_valid():
            try:
                referrals.referral_advance(
                    actor=actor,
                    referral=referral,
                    to_status=form.cleaned_data["status"],
                    on=form.cleaned_data["on"],
                    outcome=form.cleaned_data["outcome"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Referral updated."))
                return redirect("socialmap:referral_detail", referral_id=referral.pk)
    context = {
        "referral": referral,
        "form": form,
        "may_work": may_work and bool(referral.next_statuses()),
    }
    return render(
        request,
        "socialmap/referral_detail.html",
        context,
        status=400 if request.method == "POST" else 200,
    )
