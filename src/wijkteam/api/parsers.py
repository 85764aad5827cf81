"""The API's one request parser: JSON with a size and a nesting limit, Dutch messages.

Python's ``json`` module decodes recursively, so a body of 10,000 ``[`` brackets raises
``RecursionError`` deep inside the parser (a 500). We count the nesting before decoding,
which is one linear scan of the text, and refuse anything deeper than any real request of
ours (the deepest, a household with members, is three levels). The size guard repeats the
request-size middleware for bodies without a Content-Length (chunked uploads), and applies
the smaller JSON limit: nobody types megabytes of JSON.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings
from rest_framework.utils.mediatypes import _MediaType

from wijkteam.core import limits

# The characters that matter for nesting: brackets, and quotes/backslashes for strings.
_STRUCTURE = re.compile(r'[\[\]{}"\\]')


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def nesting_depth(text: str) -> int:
    """The deepest bracket nesting of a JSON text, ignoring brackets inside strings."""
    depth = deepest = 0
    in_string = False
    escaped_at = -1  # the position of the character a backslash escapes
    for match in _STRUCTURE.finditer(text):
        char, at = match.group(), match.start()
        if in_string:
            if at == escaped_at:
                continue
            if char == "\\":
                escaped_at = at + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


class LimitedJSONParser(JSONParser):
    """JSON only, at most ``limits.API_JSON_MAX_BYTES`` bytes and ``API_JSON_MAX_DEPTH`` deep."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding") or "utf-8"
        if media_type:
            encoding = _MediaType(media_type).params.get("charset", encoding)
        raw = stream.read(limits.API_JSON_MAX_BYTES + 1) if stream is not None else b""
        if len(raw) > limits.API_JSON_MAX_BYTES:
            raise PayloadTooLarge(
                _("The request is too large. Send at most %(kb)d kB of JSON.")
                % {"kb": limits.API_JSON_MAX_BYTES // 1024}
            )
        try:
            text = codecs.decode(raw, encoding)
        except (LookupError, UnicodeDecodeError) as error:
            raise exceptions.ParseError(_("The request body is not valid UTF-8 text.")) from error
        if nesting_depth(text) > limits.API_JSON_MAX_DEPTH:
            raise exceptions.ParseError(
                _("The JSON is nested too deeply. At most %(depth)d levels are allowed.")
                % {"depth": limits.API_JSON_MAX_DEPTH}
            )
        parse_constant = _refuse_constant if api_settings.STRICT_JSON else None
        try:
            return json.loads(text, parse_constant=parse_constant)
        except (ValueError, RecursionError) as error:
            raise exceptions.ParseError(_("The request body is not valid JSON.")) from error


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")
