"""The idle warning's two questions, and the person's kept input (drafts)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wijkteam.accounts import selectors, services
from wijkteam.accounts.middleware import seconds_left, touch
from wijkteam.privacy.policy import Actor

DRAFT_PURPOSE = "give back unsaved input"


@login_not_required
@require_GET
def session_status_view(request: HttpRequest) -> JsonResponse:
    """Seconds until the idle end; asking does not count as activity (IdleTimeoutMiddleware)."""
    return JsonResponse({"seconds_left": seconds_left(request.session)})


@require_POST
def session_renew_view(request: HttpRequest) -> JsonResponse:
    """ "Stay logged in": this request is the activity; the session starts its idle time anew."""
    touch(request.session)
    return JsonResponse({"seconds_left": seconds_left(request.session)})


@require_GET
def drafts_view(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request, purpose=DRAFT_PURPOSE)
    return render(request, "accounts/drafts.html", {"drafts": selectors.draft_list(actor=actor)})


@require_GET
def draft_fields_view(request: HttpRequest, draft_id: int) -> JsonResponse:
    """The kept fields, for ui/static/ui/session.js to fill the form again."""
    actor = Actor.from_request(request, purpose=DRAFT_PURPOSE)
    draft = selectors.draft_get(actor=actor, draft_id=draft_id)
    return JsonResponse({"url": draft.url, "fields": draft.fields})


@require_POST
def draft_discard_view(request: HttpRequest, draft_id: int) -> HttpResponse:
    actor = Actor.from_request(request, purpose=DRAFT_PURPOSE)
    services.draft_discard(actor=actor, draft_id=draft_id)
    messages.success(request, _("The unsaved input has been thrown away."))
    return redirect("accounts:drafts")
