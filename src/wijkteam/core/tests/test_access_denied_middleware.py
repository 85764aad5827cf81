"""Pages answer the policy's refusal with a 404 in one place (core.middleware), so no view
catches ``AccessDenied`` only to raise ``Http404``: a view that forgot would have given a 500."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import RequestFactory

from wijkteam.core.middleware import AccessDeniedMiddleware
from wijkteam.privacy.policy import AccessDenied

SRC = Path(__file__).resolve().parents[2]
CATCH_TO_404 = re.compile(
    r"except (?:policy\.)?AccessDenied(?: as \w+)?:\s*\n\s*raise Http404\b", re.MULTILINE
)


def test_a_refusal_leaving_a_view_is_a_404() -> None:
    from django.http import Http404

    middleware = AccessDeniedMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    request = RequestFactory().get("/households/1/")
    with pytest.raises(Http404):
        middleware.process_exception(request, AccessDenied("not involved"))
    assert middleware.process_exception(request, ValueError("other")) is None


def test_no_view_catches_access_denied_only_to_raise_404() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "tests" not in path.parts and CATCH_TO_404.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
