"""Small facts for showing a team's people once each (no queries: the rows are loaded)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django import template

from wijkteam.accounts.models import Membership

register = template.Library()


@register.filter
def fte_sum(memberships: Iterable[Membership]) -> Decimal:
    """A person with two roles in a team (member and leader) works the sum of both."""
    return sum((m.fte for m in memberships), Decimal(0))


@register.filter
def distinct_functions(memberships: Iterable[Membership]) -> str:
    seen: list[str] = []
    for m in memberships:
        if m.function_title and m.function_title not in seen:
            seen.append(m.function_title)
    return ", ".join(seen)


@register.filter
def distinct_home_organisations(memberships: Iterable[Membership]) -> str:
    seen: list[str] = []
    for m in memberships:
        name = m.home_organisation.name if m.home_organisation else ""
        if name and name not in seen:
            seen.append(name)
    return ", ".join(seen)
