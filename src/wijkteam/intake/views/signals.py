"""Pages of the intake app: the team's signal list, a signal's file, partners and roster."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkteam.intake import linking, selectors, services
from wijkteam.intake.forms import (
    CloseForm,
    FeedbackForm,
    NewHouseholdForm,
    OutreachForm,
    RestartForm,
    SignalFilterForm,
    SignalForm,
)
from wijkteam.intake.models import Signal, SignalStatus
from wijkteam.privacy.policy import Actor, Decision, ViewLevel
from wijkteam.privacy.rules.intake import EDIT


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, purpose="signals")


def _signal_form(actor: Actor, data: Any = None, autofocus: bool = False) -> SignalForm | None:
    teams = [team for team, _decision in selectors.signal_teams(actor=actor, editable=True)]
    return SignalForm(data, teams=teams, autofocus=autofocus) if teams else None


def signal_list_view(request: HttpRequest) -> HttpResponse:
    """The team's signal list, narrowed by the GET filter form (invalid fields are named and
    left out of the filter)."""
    actor = _actor(request)
    teams = selectors.signal_teams(actor=actor)
    if not teams:
        raise Http404
    filter_form = SignalFilterForm(
        request.GET or None,
        teams=[team for team, _d in teams],
        searchable=[team for team, d in teams if d.level >= ViewLevel.FULL],
        auto_id="filter_%s",
    )
    wanted = None
    if filter_form.is_bound:
        filter_form.is_valid()  # an invalid field is named on the page and not filtered on
        wanted = filter_form.wanted()
    views = selectors.signal_list(actor=actor, wanted=wanted)
    context = {
        "views": views,
        "form": _signal_form(actor),
        "filter_form": filter_form,
        "filtered": wanted is not None and wanted.active,
        "today": timezone.localdate(),
    }
    return render(request, "intake/signal_list.html", context)


@require_http_methods(["GET", "POST"])
def signal_create_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = _signal_form(actor, request.POST or None, autofocus=True)
    if form is None:
        raise Http404
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            signal = services.signal_register(actor=actor, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Signal registered."))
            return redirect("intake:signal_detail", signal_id=signal.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "intake/signal_form.html", {"form": form}, status=status)


def _detail(
    request: HttpRequest,
    actor: Actor,
    signal: Signal,
    decision: Decision,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    full = decision.level >= ViewLevel.FULL
    can_edit = EDIT in decision.actions
    context: dict[str, Any] = {
        "signal": signal,
        "full": full,
        "can_edit": can_edit,
        "today": timezone.localdate(),
    }
    if full:
        context["attempts"] = selectors.outreach_attempts(signal=signal)
        context["feedback"] = selectors.feedback_list(signal=signal)
    if can_edit:
        context["outreach_form"] = forms.get("outreach_form") or OutreachForm()
        context["feedback_form"] = forms.get("feedback_form") or FeedbackForm(
            initial={"given_to": signal.partner.name if signal.partner else signal.signaller}
        )
        context["close_form"] = forms.get("close_form") or CloseForm()
        _restart_context(actor, signal, context, forms.get("restart_form"))
    return render(request, "intake/signal_detail.html", context, status=status)


def _restart_context(
    actor: Actor, signal: Signal, context: dict[str, Any], form: RestartForm | None
) -> None:
    """Re-registration: offered on a linked signal whose household's trajectories are all
    closed, to those who may start work in the team. A refused attempt shows its reason."""
    if signal.status != SignalStatus.LINKED and form is None:
        return
    if not linking.may_start_work(actor=actor, team=signal.team):
        return
    refusal = services.signal_restart_refusal(actor=actor, signal=signal)
    if refusal is None or form is not None:
        context["restart_refusal"] = refusal
        context["restart_form"] = form or RestartForm(team=signal.team, user=actor.user)


def signal_detail_view(request: HttpRequest, signal_id: int) -> HttpResponse:
    actor = _actor(request)
    signal, decision = selectors.signal_get(actor=actor, signal_id=signal_id)
    return _detail(request, actor, signal, decision)


def _for_edit(request: HttpRequest, signal_id: int) -> tuple[Actor, Signal]:
    actor = _actor(request)
    return actor, selectors.signal_for_edit(actor=actor, signal_id=signal_id)


def _rerender(request: HttpRequest, actor: Actor, signal: Signal, **forms: Any) -> HttpResponse:
    _signal, decision = selectors.signal_get(actor=actor, signal_id=signal.pk)
    return _detail(request, actor, signal, decision, status=400, **forms)


@require_POST
def signal_outreach_view(request: HttpRequest, signal_id: int) -> HttpResponse:
    actor, signal = _for_edit(request, signal_id)
    form = OutreachForm(request.POST)
    if form.is_valid():
        try:
            services.outreach_attempt_record(actor=actor, signal=signal, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Outreach attempt logged."))
            return redirect("intake:signal_detail", signal_id=signal.pk)
    return _rerender(request, actor, signal, outreach_form=form)


@require_POST
def signal_close_view(request: HttpRequest, signal_id: int) -> HttpResponse:
    actor, signal = _for_edit(request, signal_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.signal_close(actor=actor, signal=signal, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Signal closed."))
            return redirect("intake:signal_detail", signal_id=signal.pk)
    return _rerender(request, actor, signal, close_form=form)


@require_POST
def signal_feedback_view(request: HttpRequest, signal_id: int) -> HttpResponse:
    actor, signal = _for_edit(request, signal_id)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.signal_feedback_record(actor=actor, signal=signal, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Feedback recorded."))
            return redirect("intake:signal_detail", signal_id=signal.pk)
    return _rerender(request, actor, signal, feedback_form=form)


@require_POST
def signal_restart_view(request: HttpRequest, signal_id: int) -> HttpResponse:
    """Re-registration (heraanmelding): a new trajectory for the linked, known household."""
    actor, signal = _for_edit(request, signal_id)
    if not linking.may_start_work(actor=actor, team=signal.team):
        raise Http404
    form = RestartForm(request.POST, team=signal.team, user=actor.user)
    if form.is_valid():
        try:
            restarted = services.signal_restart_trajectory(
                actor=actor, signal=signal, coordinator=form.cleaned_data["coordinator"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("A new trajectory has started for this household; %(name)s is its coordinator.")
                % {"name": form.cleaned_data["coordinator"]},
            )
            return redirect("casework:household_file", household_id=restarted.household_id)
    return _rerender(request, actor, signal, restart_form=form)


@require_http_methods(["GET", "POST"])
def signal_link_view(request: HttpRequest, signal_id: int) -> HttpResponse:
    """Find a household of the team by name or address, or create a new one, and link."""
    actor, signal = _for_edit(request, signal_id)
    query = request.GET.get("q", signal.subject_name or signal.subject_address)
    new_form = NewHouseholdForm(
        request.POST or None,
        initial={"name": signal.subject_name, "address": signal.subject_address},
    )
    error = ""
    if request.method == "POST":
        try:
            if "household" in request.POST:
                services.signal_link_household(
                    actor=actor, signal=signal, household_id=_int(request.POST["household"])
                )
            elif new_form.is_valid():
                services.signal_link_new_household(
                    actor=actor,
                    signal=signal,
                    data={
                        "name": new_form.cleaned_data["name"],
                        "street_address": new_form.cleaned_data["address"],
                    },
                )
            else:
                raise ValidationError(_("Check the household's name."))
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
        else:
            messages.success(request, _("Signal linked to the household."))
            return redirect("intake:signal_detail", signal_id=signal.pk)
    context = {
        "signal": signal,
        "query": query,
        "hits": linking.household_search(actor=actor, team=signal.team, query=query),
        "new_form": new_form,
        "error": error,
    }
    return render(request, "intake/signal_link.html", context, status=400 if error else 200)


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError as invalid:
        raise ValidationError(_("Choose a household from the list.")) from invalid
