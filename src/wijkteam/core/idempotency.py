"""Double submits create one record: idempotency for the forms of the user interface.

Every POST form carries a fresh, unguessable token (``{% form_token %}``, next to
``{% csrf_token %}``). The first request with a token claims it for the person, in the same
transaction as the write it leads to; a repeat (double click, a browser resending the POST
after a timeout, the back button) gets the outcome of the first (the same redirect, with the
notice "This was already saved.") and the view does not run again.

Why a claim row with a unique constraint, inside the write's transaction: a check such as
"was this token used?" followed by the write lets two concurrent requests both pass. With the
claim inserted first, the second insert waits: on SQLite the IMMEDIATE transaction queues
behind the first's write lock, on PostgreSQL the insert blocks on the unique index until the
first commits. Either way the repeat then finds the committed row with its outcome. If the
first request fails (validation errors, a 5xx) its claim is released, so sending the form
again runs normally: only a completed write (a redirect, post/redirect/get) is remembered.

The API has its own entrance with the ``Idempotency-Key`` header (``api/idempotency.py``)
on the same table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.core.models import IdempotencyChannel, IdempotencyRecord

FORM_TOKEN_FIELD = "form_token"
# How long a first outcome is remembered; older rows are purged by the job runner.
RETENTION = dt.timedelta(hours=24)
REPLAY_HEADER = "Idempotent-Replayed"
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


def sha256(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Claim:
    record: IdempotencyRecord
    first: bool  # False: an earlier request holds this key; ``record`` is its outcome


def idempotency_claim(*, user_id: int, channel: str, key: str, request_hash: str) -> Claim:
    """Claim ``key`` for the person, or return the earlier claim. Run inside the transaction
    of the write it guards (the caller's ``transaction.atomic``)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("idempotency_claim must run inside the write's transaction")
    key_hash = sha256(channel, key)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user_id=user_id, channel=channel, key_hash=key_hash, request_hash=request_hash
                )
            return Claim(record, first=True)
        except IntegrityError:
            existing = IdempotencyRecord.objects.filter(
                user_id=user_id, channel=channel, key_hash=key_hash
            ).first()
            if existing is None:
                continue  # purged in between: claim again
            if existing.created_at < timezone.now() - RETENTION:
                existing.delete()  # expired but not yet purged: this is a new request
                continue
            return Claim(existing, first=False)
    raise RuntimeError("could not claim the idempotency key")  # pragma: no cover


def idempotency_complete(claim: Claim, *, response: HttpResponse, store_body: bool = False) -> None:
    """Remember the first request's outcome with its claim (same transaction)."""
    record = claim.record
    record.status_code = response.status_code
    record.location = response.get("Location", "")[:2000]
    if store_body:
        record.content_type = response.get("Content-Type", "")[:200]
        record.body = response.content
    record.save(update_fields=["status_code", "location", "content_type", "body"])


def idempotency_release(claim: Claim) -> None:
    """The first request wrote nothing (errors, refused): forget the claim."""
    IdempotencyRecord.objects.filter(pk=claim.record.pk).delete()


def idempotency_purge(*, now: dt.datetime | None = None) -> int:
    """Delete records older than a day; returns how many. For the job runner (hourly or daily
    is plenty: expired rows are also ignored when a key comes back)."""
    cutoff = (now or timezone.now()) - RETENTION
    deleted, _by_model = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _view_is_atomic(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return "default" not in getattr(match.func, "_non_atomic_requests", set())


def _form_token(request: HttpRequest) -> str | None:
    try:
        token = request.POST.get(FORM_TOKEN_FIELD, "")
    except Exception:  # an unreadable body is the view's to refuse, not ours
        return None
    return token if _TOKEN_RE.match(token) else None


def _replay(request: HttpRequest, record: IdempotencyRecord) -> HttpResponse:
    if record.status_code is None:
        # Only seen when the first request shares our transaction (tests' shared connection)
        # or a view commits by itself; normally the repeat waits for the first to finish.
        message = _(
            "This form is still being saved. Wait a moment, then reload the page to see the result."
        )
        html = render_to_string("core/error.html", {"status": 409, "message": message}, request)
        return HttpResponse(html, status=409)
    messages.info(request, _("This was already saved."))
    response = HttpResponse(status=record.status_code)
    response["Location"] = record.location
    response[REPLAY_HEADER] = "true"
    return response


class FormIdempotencyMiddleware:
    """Answer a repeated form POST with the outcome of the first (see the module docstring).

    Sits after authentication and the request-size guard. POSTs without a token (tests,
    scripts, the API) pass through unchanged; the template test makes sure every form has one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or request.path.startswith("/api/"):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        token = _form_token(request)
        if token is None or not _view_is_atomic(request):
            return self.get_response(request)
        with transaction.atomic():
            # The path is part of the key: one token, one form, one action URL.
            claim = idempotency_claim(
                user_id=user.pk,
                channel=IdempotencyChannel.FORM,
                key=f"{request.path}\0{token}",
                request_hash=sha256("POST", request.path),
            )
            if not claim.first:
                return _replay(request, claim.record)
            response = self.get_response(request)
            if _completed(request, response):
                idempotency_complete(claim, response=response)
            else:
                idempotency_release(claim)
        return response


def _completed(request: HttpRequest, response: HttpResponse) -> bool:
    """Post/redirect/get: a redirect is a completed write, unless the view redirected with an
    error message (some views report a refusal that way); then a repeat should run again and
    be told the same, not "already saved"."""
    if not (300 <= response.status_code < 400 and response.has_header("Location")):
        return False
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
    return not any(message.level >= messages.ERROR for message in queued)
