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
from django.utils.translation import gettext_lazy
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


# --- Problem details (RFC 9457): the one error shape of every API answer -------------------

PROBLEM_CONTENT_TYPE = "application/problem+json"
# The short, fixed summary per status (``title``); ``detail`` says what happened this time.
TITLES = {
    400: gettext_lazy("The request is not valid"),
    401: gettext_lazy("Not logged in"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Answer format not available"),
    409: gettext_lazy("Conflict"),
    412: gettext_lazy("Version does not match"),
    413: gettext_lazy("Request too large"),
    415: gettext_lazy("Data type not supported"),
    422: gettext_lazy("Request cannot be processed"),
    428: gettext_lazy("Version missing"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Server error"),
    503: gettext_lazy("Temporarily unavailable"),
}
# Members every problem has; every other top-level member is an extension (e.g. ``current``
# on a conflict, or a field name with its messages on a 400).
PROBLEM_MEMBERS = ("type", "title", "status", "detail", "instance", "errors")


def problem_title(status_code: int) -> str:
    title = TITLES.get(status_code)
    if title is None:
        title = TITLES[500] if status_code >= 500 else TITLES[400]
    return str(title)


def field_errors(body: dict[str, Any], *, where: str = "body") -> list[dict[str, Any]]:
    """The field messages of a 400 as a list, each naming its field: a JSON pointer for the
    body, the parameter's name for the query string.

    The same messages also stay under the field's own name at the top level, where clients
    written before the problem shape read them (except under a name the problem itself uses,
    such as a query parameter ``type``: those are only in this list)."""
    errors = []
    for name, messages in body.items():
        if name in PROBLEM_MEMBERS and isinstance(messages, str | int):
            continue  # a member of the problem, not a field
        if name == "code":
            continue
        for pointer, message in _flatten(f"/{name}", messages):
            location: dict[str, Any] = {"pointer": pointer}
            if name == api_settings.NON_FIELD_ERRORS_KEY:
                location = {"pointer": ""}
            elif where == "query":
                location = {"name": name}
            errors.append({"in": where, "location": location, "detail": message})
    return errors


def _flatten(pointer: str, messages: Any) -> list[tuple[str, str]]:
    if isinstance(messages, dict):
        return [
            pair for key, value in messages.items() for pair in _flatten(f"{pointer}/{key}", value)
        ]
    if isinstance(messages, list):
        if all(isinstance(item, str) for item in messages):
            return [(pointer, item) for item in messages]
        return [
            pair
            for index, item in enumerate(messages)
            for pair in _flatten(f"{pointer}/{index}", item)
        ]
    return [(pointer, str(messages))]


def as_problem(status_code: int, body: Any, *, where: str = "body") -> dict[str, Any]:
    """Any error body of ours (``{"detail": ..., <field>: [...]}``, a list, nothing) as a
    problem: ``type``, ``title``, ``status`` and ``detail`` always, ``errors`` on a 400 that
    names fields (``where``: the body or the query string). Other members stay as they are."""
    if not isinstance(body, dict):
        body = {"detail": " ".join(str(item) for item in body)} if body else {}
    problem: dict[str, Any] = {
        "type": "about:blank",
        "title": problem_title(status_code),
        "status": status_code,
    }
    for name, value in body.items():
        # A field that happens to share a problem member's name is a field error, never
        # the member (a query parameter ``type`` must not replace the problem's type).
        if name not in PROBLEM_MEMBERS or (isinstance(value, str) and name != "status"):
            problem[name] = value
    if not isinstance(problem.get("detail"), str) or not problem["detail"]:
        problem["detail"] = problem["title"]
    if status_code == 400:
        errors = field_errors(body, where=where)
        if errors:
            problem["errors"] = errors
    return problem
