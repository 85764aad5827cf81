"""API errors: always JSON, always a clear message, never a 500 for bad input.

Every exception a view lets through comes here (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``) and
leaves as a JSON body with a Dutch (or, by Accept-Language, English) ``detail``; validation
errors also name each field (``{"detail": ..., "<field>": [messages]}``). Database errors
never show their text: a constraint name or SQL means nothing to a client and tells an
attacker about the schema. Every handled error rolls the request's transaction back
(``ATOMIC_REQUESTS``), so a refused request writes nothing, its access-log rows included.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from wijkteam.privacy.policy import AccessDenied

logger = logging.getLogger(__name__)

# Seconds a client should wait before retrying when the database is busy.
BUSY_RETRY_AFTER_SECONDS = 5


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = _response_for(exc, context)
    if response is not None:
        set_rollback()
    return response


def _response_for(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, AccessDenied | Http404 | exceptions.NotFound):
        return _detail(_("Not found, or you have no access to it."), status.HTTP_404_NOT_FOUND)
    if isinstance(exc, DjangoValidationError):
        if not hasattr(exc, "error_dict"):
            return _invalid({api_settings.NON_FIELD_ERRORS_KEY: exc.messages})
        # Django's key for errors of the whole object is "__all__"; DRF's (ours) is another.
        fields = dict(exc.message_dict)
        if NON_FIELD_ERRORS in fields:
            fields[api_settings.NON_FIELD_ERRORS_KEY] = fields.pop(NON_FIELD_ERRORS)
        return _invalid(fields)
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if not isinstance(detail, dict):
            detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
        return _invalid(detail)
    if isinstance(exc, exceptions.ParseError):
        message = str(exc.detail)
        if message == str(exceptions.ParseError.default_detail):
            message = _("The request body is not valid JSON.")
        return _detail(message, status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _detail(
            _("Send the data as JSON, with the header Content-Type: application/json."),
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
        )
    if isinstance(exc, RecursionError):
        return _detail(
            _("The request is nested too deeply to be processed."), status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, IntegrityError):
        logger.warning("API request refused by a database constraint: %s", exc)
        return _detail(
            _(
                "This conflicts with data that already exists (for example, it is already "
                "registered). Nothing was saved."
            ),
            status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DataError):
        logger.warning("API request refused by the database: %s", exc)
        return _detail(
            _("A value is too long or out of range. Nothing was saved."),
            status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, OperationalError) and _is_busy(exc):
        response = _detail(
            _("The system is busy right now. Nothing was saved; please try again in a moment."),
            status.HTTP_503_SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
        return response
    handled = drf_exception_handler(exc, context)
    if handled is not None and not isinstance(handled.data, dict):
        handled.data = {"detail": handled.data}
    return handled


def _is_busy(exc: OperationalError) -> bool:
    """SQLite's "database is locked/busy" and PostgreSQL's lock timeouts: worth a retry."""
    text = str(exc).lower()
    return any(word in text for word in ("locked", "busy", "lock timeout", "deadlock"))


def _detail(message: str, code: int) -> Response:
    return Response({"detail": message}, status=code)


def _invalid(fields: Any) -> Response:
    body = {"detail": _("Some fields are not filled in correctly; see each field.")}
    body.update(fields)
    return Response(body, status=status.HTTP_400_BAD_REQUEST)
