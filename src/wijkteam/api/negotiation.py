"""Content negotiation for the API: JSON, whatever the client says it accepts.

The API has one representation. A browser (``Accept: text/html``), a client asking for the
browsable renderer (``?format=api``) or any other media type gets the JSON instead of a 406
or a 404; the OpenAPI schema view keeps its own renderers (JSON and YAML) and its ``format``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request


class JSONFallbackNegotiation(DefaultContentNegotiation):
    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        try:
            return super().select_renderer(request, renderers, format_suffix)  # type: ignore[no-any-return]
        except (exceptions.NotAcceptable, Http404):
            renderer: Any = next(iter(renderers))
            return renderer, renderer.media_type
