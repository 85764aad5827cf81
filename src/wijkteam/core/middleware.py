"""Request-level guards shared by the whole application."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from wijkteam.privacy.policy import AccessDenied


class RequestSizeLimitMiddleware:
    """Refuse oversize bodies early with a clear message (413), before anything parses them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            message = _("The request is too large. The maximum is %(mb)d MB.") % {
                "mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)
            }
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            html = render_to_string("core/error.html", {"status": 413, "message": message}, request)
            return HttpResponse(html, status=413)
        return self.get_response(request)


class AccessDeniedMiddleware:
    """A refusal of the access policy that leaves a page view is a plain 404 ("not found"):
    whoever may not see a thing learns nothing about whether it exists. Views let
    ``AccessDenied`` propagate instead of catching it one by one; the request's transaction
    has rolled back by then, and the denial is logged by ``privacy.denials``. The API's
    exception handler (api/errors.py) answers the same refusal as a 404 problem."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, AccessDenied):
            raise Http404 from exception
        return None
