"""What every API answer carries, whichever part of the stack wrote it.

Every answer under ``/api/`` gets the ``API-Version`` header (NL GOV API Design Rules,
/core/version-header), and every error becomes a problem (RFC 9457, ``application/problem+json``,
api/errors.py::as_problem). A middleware rather than the exception handler alone: errors
also come from other middleware (size limit, busy database, idempotency key, MFA) and from
views that build their own 409/428 answer, and an endpoint added tomorrow is covered without
knowing about it. It sits just inside LocaleMiddleware so the titles come out in the
request's language.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from wijkteam.api.errors import PROBLEM_CONTENT_TYPE, as_problem

VERSION_HEADER = "API-Version"
API_PREFIX = "/api/"


def api_version() -> str:
    return str(settings.SPECTACULAR_SETTINGS["VERSION"])


class ApiContractMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        if response.status_code >= 400 and not response.streaming:
            # A GET is refused for its query string; a write for its body.
            where = "query" if request.method in ("GET", "HEAD", "DELETE") else "body"
            response = _as_problem_response(response, where)
        response[VERSION_HEADER] = api_version()
        return response


def _as_problem_response(response: HttpResponse, where: str) -> HttpResponse:
    content_type = response.get("Content-Type", "")
    body: object = None
    if "json" in content_type:
        try:
            body = json.loads(response.content)
        except ValueError:
            body = None
    if body is None:
        # Django's own pages (an unknown URL, a CSRF refusal): no HTML in a JSON API.
        body = {"detail": _generic_detail(response.status_code)}
    problem = as_problem(response.status_code, body, where=where)
    new = HttpResponse(
        json.dumps(problem, ensure_ascii=False),
        status=response.status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    for header, value in response.items():
        if header.lower() not in ("content-type", "content-length"):
            new[header] = value
    new.cookies = response.cookies
    return new


def _generic_detail(status_code: int) -> str:
    if status_code == 404:
        return _("Not found, or you have no access to it.")
    if status_code == 405:
        return _("This method is not available at this address.")
    if status_code == 403:
        return _("You may not do this.")
    return _("The request could not be handled.")
