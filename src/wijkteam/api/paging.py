"""Paging of every API list, as the NL GOV API Design Rules' pagination module asks
(/pagination/format, /pagination/links): the query parameters ``cursor`` (opaque) and
``limit`` (1 to 200, default 50), and a ``Link`` header (RFC 8288) with ``rel="next"`` while
there is more and ``rel="prev"`` where the list can go back. The body stays the list itself.

Two kinds of cursor; a client treats both as opaque and follows the links:

- **by position** (``by_position``, cursor ``p<n>``): the place in the list's fixed order.
  For lists sorted on something else than their age (names, teams, configuration); next
  and prev. A position past the end is an empty page.
- **by key** (``by_key``, cursor ``k<id>``): the id of the last row shown, for lists newest
  first that grow at the top while you page (notes, the access log): a new row never shifts
  the next page. Next only.

The document gives each list's cursor its exact pattern, so whatever a client (or a fuzzer)
sends that fits it is a valid page; anything else is a 400 naming ``cursor``, never a 500
or a silent first page. docs/api.md, "Paging", describes it for integrators.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

CURSOR = "cursor"
LIMIT = "limit"
MAX_LIMIT = 200
POSITION = "p"
KEY = "k"
# At most 18 digits: below 2**62, so never an overflow in SQL's OFFSET or an id comparison.
CURSOR_PATTERNS = {POSITION: "^p[0-9]{1,18}$", KEY: "^k[0-9]{1,18}$"}
_CURSOR_RES = {kind: re.compile(pattern) for kind, pattern in CURSOR_PATTERNS.items()}
_LIMIT_RE = re.compile(r"^[0-9]{1,3}$")


def default_limit() -> int:
    return int(str(settings.REST_FRAMEWORK["PAGE_SIZE"]))


def encode(kind: str, number: int) -> str:
    return f"{kind}{number}"


def decode(text: str, kind: str) -> int:
    """The number in a cursor of this kind; a 400 naming ``cursor`` for anything else."""
    if not _CURSOR_RES[kind].match(text):
        message = _(
            "This cursor is not valid. Leave it out for the first page, or follow the link "
            'rel="next" or rel="prev" of the previous answer.'
        )
        raise serializers.ValidationError({CURSOR: [message]}, code="invalid")
    return int(text[1:])


def requested_limit(request: Request) -> int:
    text = request.query_params.get(LIMIT)
    if text is None:
        return default_limit()
    if not _LIMIT_RE.match(text) or not 1 <= int(text) <= MAX_LIMIT:
        message = _("Give a whole number from 1 to %(max)s.") % {"max": MAX_LIMIT}
        raise serializers.ValidationError({LIMIT: [message]}, code="invalid")
    return int(text)


def _cursor(request: Request, kind: str) -> int | None:
    text = request.query_params.get(CURSOR)
    if text is None:
        return None
    return decode(text, kind)


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None = None
    # A "prev" link: None for none; "" for the first page (the link without a cursor).
    prev_cursor: str | None = None


def position(request: Request) -> tuple[int, int]:
    """(offset, limit) asked for a list paged by position; validated."""
    return _cursor(request, POSITION) or 0, requested_limit(request)


def by_position(request: Request, items: Any) -> Page:
    """One page of a list (or queryset: sliced in SQL) in its fixed order."""
    offset, limit = position(request)
    if isinstance(items, QuerySet):
        # A deterministic order (/pagination/sorting): the list's own, then the id.
        ordering = items.query.order_by or items.model._meta.ordering
        items = items.order_by(*ordering, "pk")
    return page_at(list(items[offset : offset + limit + 1]), offset, limit)


def page_at(rows: Sequence[Any], offset: int, limit: int, more: bool | None = None) -> Page:
    """The page at ``offset`` from the rows fetched there: ``limit + 1`` of them (the extra
    one says there is more; it is not shown), or the page itself and ``more``."""
    rows = list(rows)
    page = Page(rows[:limit])
    if more if more is not None else len(rows) > limit:
        page.next_cursor = encode(POSITION, offset + limit)
    if offset > 0:
        back = max(0, offset - limit)
        page.prev_cursor = encode(POSITION, back) if back else ""
    return page


def by_key(
    request: Request,
    fetch: Callable[[int | None, int], Sequence[Any]],
    key: Callable[[Any], int] = lambda row: int(row.pk),
    *,
    most: int | None = None,
) -> Page:
    """One page of a newest-first list: ``fetch(before, count)`` gives up to ``count`` rows
    older than the row ``before`` (None: from the newest). ``most``: the most rows ``fetch``
    ever gives; a full page of that many gets a next link (it may lead to an empty page)."""
    before, limit = _cursor(request, KEY), requested_limit(request)
    rows = list(fetch(before, limit + 1))
    page = Page(rows[:limit])
    if len(rows) > limit or (most is not None and limit >= most and len(rows) == most):
        page.next_cursor = encode(KEY, key(page.items[-1]))
    return page


def link_header(request: Request, page: Page) -> str:
    url = request.build_absolute_uri()
    links = []
    if page.next_cursor is not None:
        links.append(f'<{replace_query_param(url, CURSOR, page.next_cursor)}>; rel="next"')
    if page.prev_cursor == "":
        links.append(f'<{remove_query_param(url, CURSOR)}>; rel="prev"')
    elif page.prev_cursor is not None:
        links.append(f'<{replace_query_param(url, CURSOR, page.prev_cursor)}>; rel="prev"')
    return ", ".join(links)


def paged_response(request: Request, page: Page, data: Any) -> Response:
    """``data`` (the serialised page) with the links to the other pages."""
    response = Response(data)
    links = link_header(request, page)
    if links:
        response["Link"] = links
    return response


# --- In the OpenAPI document -------------------------------------------------------------

LINK_HEADER_SCHEMA: dict[str, Any] = {
    "description": 'The other pages (RFC 8288): `<...>; rel="next"` while there is more, '
    '`<...>; rel="prev"` where the list can go back. Follow the links as given; absent on '
    "a list that fits on one page.",
    "schema": {"type": "string"},
}


def schema_parameters(kind: str, *, limit: bool = True) -> list[OpenApiParameter]:
    """``cursor`` (with this kind's pattern) and ``limit`` for a paged list's GET."""
    parameters = [
        OpenApiParameter(
            CURSOR,
            {"type": "string", "pattern": CURSOR_PATTERNS[kind]},
            OpenApiParameter.QUERY,
            description="Where the page starts: take it from the `Link` header of the previous "
            "answer and treat it as opaque; leave it out for the first page.",
        )
    ]
    if limit:
        parameters.append(
            OpenApiParameter(
                LIMIT,
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 50},
                OpenApiParameter.QUERY,
                description=f"Rows per page, 1 to {MAX_LIMIT}; 50 when left out.",
            )
        )
    return parameters
