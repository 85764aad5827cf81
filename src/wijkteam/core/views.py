"""Start page ("Mijn werk"), health check and error pages."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkteam.accounts import drafts
from wijkteam.accounts.middleware import keep_request_input
from wijkteam.accounts.models import DraftReason, User
from wijkteam.accounts.selectors import draft_list, my_memberships
from wijkteam.casework.choices import Phase
from wijkteam.casework.selectors import my_work as my_work_casework
from wijkteam.core.links import DateText, id_link
from wijkteam.intake.selectors import MyIntakeWork, my_work_intake
from wijkteam.jobs.middleware import busy_response, is_busy
from wijkteam.organisations import selectors as organisation_selectors
from wijkteam.privacy.policy import Actor

logger = logging.getLogger(__name__)


def home_view(request: HttpRequest) -> HttpResponse:
    return redirect("core:my_work")


@dataclass(frozen=True)
class DueDate:
    """One date on Mijn werk that asks for action, with where to act, as the table shows it."""

    on: dt.date
    what: str
    title: str
    url: str
    days: int  # days left; negative when overdue
    date_text: str = ""  # ``on`` in the language's date format
    days_text: str = ""  # "3 days left", "today", "2 days overdue"

    @property
    def days_overdue(self) -> int:
        return -self.days


class _DaysText:
    """How far off a date is, in words, made once per number of days on the page."""

    def __init__(self) -> None:
        self._said: dict[int, str] = {}
        self._today = _("today")

    def __call__(self, days: int) -> str:
        said = self._said.get(days)
        if said is None:
            if days == 0:
                said = self._today
            elif days > 0:
                said = ngettext("%(n)s day left", "%(n)s days left", days) % {"n": days}
            else:
                n = -days
                said = ngettext("%(n)s day overdue", "%(n)s days overdue", n) % {"n": n}
            self._said[days] = said
        return said


def _due_dates(intake: MyIntakeWork, casework: dict[str, Any], today: dt.date) -> list[DueDate]:
    """Every dated thing of both selectors' read models, soonest first (nothing is read here).

    Labels, links and dates are made once per kind or day, not once per row."""
    rows: list[tuple[dt.date, str, str, str]] = []
    follow_up, monitoring_ends = _("Follow-up"), _("Monitoring ends")
    for t in casework["trajectories"]:
        if t.phase == Phase.MONITORING and t.follow_up_on:
            rows.append((t.follow_up_on, follow_up, t.household_name, t.url))
        if t.phase == Phase.MONITORING and t.monitoring_until:
            rows.append((t.monitoring_until, monitoring_ends, t.household_name, t.url))
    evaluation_url = id_link("casework:evaluation_record")
    evaluation_due = _("Evaluation due")
    for t in casework["evaluations_due"]:
        since = timezone.localtime(t.phase_changed_at).date()
        rows.append((since, evaluation_due, t.household_name, evaluation_url(t.household_id)))
    action = _("Action")
    for a in casework["actions"]:
        if a.due_on:
            rows.append((a.due_on, action, f"{a.text} — {a.household_name}", a.url))
    signal_url = id_link("intake:signal_detail")
    signal_deadline, next_attempt = _("Signal deadline"), _("Next outreach attempt")
    for work in intake.teams:
        for s in work.deadline_signals:
            if s.deadline:  # the selector only returns signals with one
                rows.append((s.deadline, signal_deadline, str(s), signal_url(s.pk)))
        for attempt in work.next_attempts:
            if not attempt.next_attempt_on:  # idem
                continue
            url = signal_url(attempt.signal_id) + "#outreach-form"
            rows.append((attempt.next_attempt_on, next_attempt, str(attempt.signal), url))
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    date_text, days_text = DateText(), _DaysText()
    return [
        DueDate(on, what, title, url, days, date_text(on), days_text(days))
        for on, what, title, url in rows
        for days in ((on - today).days,)
    ]


def my_work_view(request: HttpRequest) -> HttpResponse:
    """The landing page of every person: every date that asks for action, their work, their
    teams and colleagues."""
    actor = Actor.from_request(request, purpose="my work")
    memberships = my_memberships(actor=actor)
    team_ids = [m.team_id for m in memberships if m.team_id]
    teams = [organisation_selectors.team_get(actor=actor, team_id=team_id) for team_id in team_ids]
    # Every team's areas in one query, here: the template only shows them.
    prefetch_related_objects([view.team for view in teams], "areas")
    wide_roles = [m for m in memberships if m.team_id is None]
    intake = my_work_intake(actor=actor)
    casework = my_work_casework(actor=actor)
    return render(
        request,
        "core/my_work.html",
        {
            "team_views": teams,
            "wide_roles": wide_roles,
            "memberships": memberships,
            "intake": intake,
            "casework": casework,
            "due_dates": _due_dates(intake, casework, casework["today"]),
            "drafts": draft_list(
                actor=Actor.from_request(request, purpose="give back unsaved input")
            ),
        },
    )


@login_not_required
def health_view(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok", "database": connection.vendor})


def _error(request: HttpRequest, status: int, message: str, kept: str = "") -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    context = {"status": status, "message": message, "kept": kept}
    return render(request, "core/error.html", context, status=status)


def _keep_input(request: HttpRequest, reason: str) -> str:
    """Keep what a failed POST brought, for the person who sent it (accounts/drafts.py).

    The person: the logged-in, verified user, or the one whose session just ended by
    idleness. Keeping must never turn an error page into a second error: if it fails (the
    database may be why we are here), the page says the input could not be kept.
    """
    if request.method != "POST":
        return drafts.Outcome.NOTHING
    try:
        user = getattr(request, "user", None)
        if not (user is not None and user.is_authenticated and user.is_verified()):
            owner_id = drafts.expired_owner(request.session)
            user = User.objects.filter(pk=owner_id).first() if owner_id is not None else None
        return keep_request_input(request, reason=reason, user=user)
    except Exception:  # whatever it is, the error page must still be shown
        logger.exception("could not keep the input of a failed POST")
        return drafts.Outcome.FAILED


@login_not_required
def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 400, _("The request could not be understood. Check what you entered."))


@login_not_required
def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 403, _("You may not do this."))


@login_not_required
def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 404, _("This page does not exist, or you have no access to it."))


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this handler inside its ``except``: a busy database (no free pooled
    # connection, a lock wait) raised in a middleware before the view is a 503 "try again"
    # with the typed fields, not a 500 (the view's own are turned into it by the middleware).
    error = sys.exc_info()[1]
    if error is not None and is_busy(error):
        return busy_response(request)
    kept = _keep_input(request, DraftReason.SERVER_ERROR)
    if kept == drafts.Outcome.KEPT:
        message = _("Something went wrong on our side, so what you sent was not saved.")
    else:
        message = _(
            "Something went wrong on our side. Nothing you entered was saved; please try again."
        )
    return _error(request, 500, message, kept)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    kept = _keep_input(request, DraftReason.CSRF_FAILURE)
    if kept == drafts.Outcome.KEPT:
        message = _("Your form had expired, so what you sent was not saved.")
    else:
        message = _("Your form had expired or came from elsewhere. Reload the page and try again.")
    return _error(request, 403, message, kept)
