"""A busy database gets a clear "try again" (503) instead of a 500 after a long wait.

On SQLite one request at a time writes; a web request waits at most
``SQLITE_WEB_BUSY_TIMEOUT_SECONDS`` for the write lock (PostgreSQL: the same ``lock_timeout``)
and then gets "database is locked" / "lock timeout". The request's transaction
(ATOMIC_REQUESTS) has already rolled back, so nothing half was saved. This middleware turns
that error into a 503 with ``Retry-After``; for a form it shows the submitted fields again in
a form that sends them once more, so nothing typed is lost. The same holds when psycopg's
connection pool has no free connection within its timeout (PostgreSQL, web processes). A
busy error raised before the view (in a middleware that reads the session or the user) does
not reach ``process_exception``; Django's 500 handler (``core.views.server_error``) then
answers the same 503.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5
# SQLite: "database is locked", "database table is locked"; PostgreSQL: lock_timeout (55P03).
LOCK_NOT_AVAILABLE = "55P03"


def _pool_exhausted(cause: BaseException | None) -> bool:
    """psycopg's pool had no free connection within its timeout (every one is in use)."""
    try:
        from psycopg_pool import PoolTimeout
    except ImportError:  # SQLite-only installs
        return False
    return isinstance(cause, PoolTimeout)


def is_busy(error: BaseException) -> bool:
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) == LOCK_NOT_AVAILABLE or _pool_exhausted(cause):
        return True
    text = str(error).lower()
    return "locked" in text or "lock timeout" in text


def busy_response(request: HttpRequest) -> HttpResponse:
    message = _("The system is busy for a moment; please try again shortly.")
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse({"detail": message, "code": "busy"}, status=503)
    else:
        fields = []
        if request.method == "POST":
            fields = [(k, v) for k in request.POST for v in request.POST.getlist(k)]
        html = render_to_string(
            "jobs/busy.html",
            {
                "message": message,
                "fields": fields,
                "had_files": bool(request.method == "POST" and request.FILES),
                "action": request.get_full_path(),
            },
            request,
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_busy(exception):
            return busy_response(request)
        return None
