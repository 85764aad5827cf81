"""Team pages of the intake app: the signalling network (partners) and the duty roster."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkteam.intake import selectors, services
from wijkteam.intake.forms import PartnerForm, RosterGenerateForm, ShiftForm, parse_week
from wijkteam.organisations.models import Team
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.intake import EDIT


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, purpose="signalling network")


def partner_list_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    rows = selectors.partner_list(actor=actor)
    if not rows:
        raise Http404
    return render(request, "intake/partner_list.html", {"rows": rows, "EDIT": EDIT})


@require_http_methods(["GET", "POST"])
def partner_create_view(request: HttpRequest, team_id: int) -> HttpResponse:
    actor = _actor(request)
    team, decision = selectors.roster_team(actor=actor, team_id=team_id)
    if EDIT not in decision.actions:
        raise Http404
    return _partner_form(request, actor, team, None)


@require_http_methods(["GET", "POST"])
def partner_edit_view(request: HttpRequest, partner_id: int) -> HttpResponse:
    actor = _actor(request)
    partner = selectors.partner_get(actor=actor, partner_id=partner_id, action=EDIT)
    return _partner_form(request, actor, partner.team, partner)


def _partner_form(request: HttpRequest, actor: Actor, team: Team, partner: object) -> HttpResponse:
    form = PartnerForm(request.POST or None, instance=partner, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_save(actor=actor, team=team, partner=partner, data=form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("intake:partner_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "intake/partner_form.html", {"form": form, "team": team}, status=status)


def _team(request: HttpRequest, team_id: int) -> tuple[Actor, Team, bool]:
    actor = _actor(request)
    team, decision = selectors.roster_team(actor=actor, team_id=team_id)
    return actor, team, EDIT in decision.actions


def roster_view(request: HttpRequest, team_id: int) -> HttpResponse:
    _, team, can_edit = _team(request, team_id)
    today = timezone.localdate()
    start = selectors.week_start(parse_week(request.GET.get("week")) or today)
    context = {
        "team": team,
        "can_edit": can_edit,
        "week": selectors.roster_week(team=team, start=start),
        "start": start,
        "previous": start - dt.timedelta(days=7),
        "next": start + dt.timedelta(days=7),
        "today": today,
        "on_duty": selectors.on_duty(team=team, day=today),
        "generate_form": RosterGenerateForm(initial={"start": start}) if can_edit else None,
        "shift_form": ShiftForm(team=team, initial={"date": today}) if can_edit else None,
    }
    return render(request, "intake/roster.html", context)


@require_POST
def roster_generate_view(request: HttpRequest, team_id: int) -> HttpResponse:
    actor, team, can_edit = _team(request, team_id)
    if not can_edit:
        raise Http404
    form = RosterGenerateForm(request.POST)
    if form.is_valid():
        try:
            services.duty_roster_generate(actor=actor, team=team, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Duty roster planned."))
            week = form.cleaned_data["start"].isoformat()
            return redirect(f"{reverse('intake:roster', args=[team.pk])}?week={week}")
    else:
        messages.error(request, _("Check the first day and the number of working days."))
    return redirect("intake:roster", team_id=team.pk)


@require_POST
def roster_shift_view(request: HttpRequest, team_id: int) -> HttpResponse:
    actor, team, can_edit = _team(request, team_id)
    if not can_edit:
        raise Http404
    form = ShiftForm(request.POST, team=team)
    if form.is_valid():
        try:
            services.duty_shift_set(actor=actor, team=team, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Duty shift saved."))
            week = form.cleaned_data["date"].isoformat()
            return redirect(f"{reverse('intake:roster', args=[team.pk])}?week={week}")
    else:
        messages.error(request, _("Check the date and the person."))
    return redirect("intake:roster", team_id=team.pk)
