"""``Idempotency-Key`` on every POST of the API: one shared piece for all create endpoints.

A client that may send a POST twice (a retry after a timeout) sends a key of its own choice
with it. The first response (status and body) is stored for the person and key for 24 hours
(``core.idempotency.RETENTION``); a repeat with the same key and the same request (method,
path, JSON body) gets the stored response with ``Idempotent-Replayed: true`` and the endpoint
does not run again; the same key with another request gets 422. Only completed writes are
stored (status below 400): a refused request wrote nothing (the API rolls back on every
error), so a corrected retry may use the same key.

A middleware rather than a mixin on each view: the API views of every app get it without
knowing about it. It authenticates the request with the API's own authenticators to know the
person before the view runs (the view authenticates again, as always), and claims the key in
the same transaction as the write, exactly as the form tokens do (core/idempotency.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.views import APIView

from wijkteam.core.idempotency import (
    REPLAY_HEADER,
    Claim,
    idempotency_claim,
    idempotency_complete,
    idempotency_release,
    sha256,
)
from wijkteam.core.models import IdempotencyChannel, IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def _problem(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def _api_user_id(request: HttpRequest) -> int | None:
    """The person the API will see, or None (the view then answers 401/403 itself)."""
    original = request.__dict__.get("user")
    drf_request = Request(request, authenticators=APIView().get_authenticators())
    try:
        user = drf_request.user
    except APIException:
        return None
    finally:
        # DRF writes the user back onto the request; leave it as the view expects to find it.
        if original is not None:
            request.user = original
    return user.pk if user is not None and user.is_authenticated else None


def _request_hash(request: HttpRequest) -> str:
    body = request.body
    try:
        # The same JSON, however it is spaced or ordered, is the same request.
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"))
    except (ValueError, RecursionError):  # not JSON, or nested too deep: compare the bytes
        return sha256(request.method or "", request.path, body)
    return sha256(request.method or "", request.path, canonical)


def _replay(record: IdempotencyRecord, request_hash: str) -> HttpResponse:
    if record.request_hash != request_hash:
        return _problem(
            422,
            _(
                "This Idempotency-Key was already used for another request. Use a new key for "
                "a new request."
            ),
        )
    if record.status_code is None:
        return _problem(
            409, _("The first request with this Idempotency-Key is still running. Try again.")
        )
    response = HttpResponse(
        bytes(record.body), status=record.status_code, content_type=record.content_type or None
    )
    if record.location:
        response["Location"] = record.location
    response[REPLAY_HEADER] = "true"
    return response


def _finish(claim: Claim, response: HttpResponse) -> None:
    if response.status_code < 400 and not response.streaming:
        idempotency_complete(claim, response=response, store_body=True)
    else:
        idempotency_release(claim)


class IdempotencyKeyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not key.strip() or len(key) > MAX_KEY_LENGTH or not key.isascii():
            return _problem(
                400,
                _("The Idempotency-Key header must be 1 to %(max)d plain characters.")
                % {"max": MAX_KEY_LENGTH},
            )
        user_id = _api_user_id(request)
        if user_id is None:
            return self.get_response(request)
        request_hash = _request_hash(request)
        with transaction.atomic():
            claim = idempotency_claim(
                user_id=user_id, channel=IdempotencyChannel.API, key=key, request_hash=request_hash
            )
            if not claim.first:
                return _replay(claim.record, request_hash)
            response = self.get_response(request)
            _finish(claim, response)
        return response


def schema_parameter() -> Any:
    """The header as drf-spectacular documents it on every POST operation (api/schema.py)."""
    from drf_spectacular.utils import OpenApiParameter

    return OpenApiParameter(
        name=HEADER,
        # What the middleware accepts: 1 to 255 plain (ASCII) characters, not only spaces.
        type={
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_KEY_LENGTH,
            "pattern": "^[ -~]*[!-~][ -~]*$",
        },
        location=OpenApiParameter.HEADER,
        required=False,
        description=(
            "Optional key of your choice (at most 255 characters) that makes a retry safe: "
            "the first response is stored for you and this key for 24 hours; sending the "
            "same request again with the key returns that response (header "
            "`Idempotent-Replayed: true`) without doing the work twice. The same key with a "
            "different request is refused with 422; while the first is still running, 409. "
            "Refused requests (4xx) are not stored."
        ),
    )
