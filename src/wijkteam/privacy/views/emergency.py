"""Break-the-glass request and the review list for team leaders and privacy officers."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from wijkteam.core import limits
from wijkteam.households.models import Household
from wijkteam.privacy import emergency
from wijkteam.privacy.models import ReviewerRole
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.protocol import settings_for


class EmergencyForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why must you open this file now?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limits.EMERGENCY_REASON,
        help_text=gettext_lazy(
            "Describe the emergency. Your team leader and the privacy officer will read this."
        ),
    )


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000)
    role = forms.ChoiceField(choices=ReviewerRole.choices, widget=forms.HiddenInput)


@require_http_methods(["GET", "POST"])
def emergency_request_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = Actor.from_request(request, purpose="emergency access")
    household = Household.objects.select_related("team").filter(pk=household_id).first()
    if household is None or not emergency.may_request(actor, household):
        raise Http404
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            emergency.emergency_access_grant(
                actor=actor, household=household, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.warning(
                request,
                _("Emergency access granted. It is logged and will be reviewed."),
            )
            return redirect(reverse("casework:household_file", args=[household.pk]))
    return render(
        request,
        "privacy/emergency_request.html",
        {
            "form": form,
            "household": household,
            "hours": settings_for(household.team.municipality_id).emergency_access_hours,
        },
        status=400 if form.errors else 200,
    )


def emergency_review_view(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request, purpose="emergency access review")
    if not emergency.may_review(actor):
        raise Http404
    from wijkteam.privacy.views.supervision import fresh_mfa_redirect

    needs_mfa = fresh_mfa_redirect(request)
    if needs_mfa is not None:
        return needs_mfa
    return render(
        request, "privacy/emergency_review.html", {"reviews": emergency.reviews_for(actor)}
    )


@require_POST
def emergency_acknowledge_view(request: HttpRequest, grant_id: int) -> HttpResponse:
    actor = Actor.from_request(request, purpose="emergency access review")
    if not emergency.may_review(actor):
        raise Http404
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This could not be acknowledged. Try again from the list."))
        return redirect("privacy:emergency_review")
    emergency.emergency_access_acknowledge(
        actor=actor,
        grant_id=grant_id,
        role=form.cleaned_data["role"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("Acknowledged."))
    return redirect("privacy:emergency_review")
