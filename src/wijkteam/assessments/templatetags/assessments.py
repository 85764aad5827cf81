from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from wijkteam.assessments import selectors
from wijkteam.assessments.chart import bar_chart
from wijkteam.households.models import Household
from wijkteam.privacy.policy import Actor

register = template.Library()


@register.filter
def trend_label(trend: str) -> str:
    return {
        "up": _("up"),
        "same": _("same"),
        "down": _("down"),
    }.get(trend, _("not comparable"))


@register.filter
def trend_symbol(trend: str) -> str:
    return {"up": "▲", "same": "=", "down": "▼"}.get(trend, "\u2013")


@register.filter
def score(value: int | None) -> str:
    return "\u2013" if value is None else str(value)


@register.simple_tag
def chart_for(rows: list[Any], code: str, title: str) -> Any:
    return bar_chart(rows, scale_max=6 if code == selectors.LADDER else 5, title=title)


@register.inclusion_tag("assessments/_household_summary_body.html", takes_context=True)
def household_assessment_summary(context: dict[str, Any], household: Household) -> dict[str, Any]:
    """The household's first-against-latest summary for the household file (FULL view only)."""
    request = context["request"]
    actor = Actor.from_request(request, purpose="assessments")
    members = selectors.household_summary(actor=actor, household=household)
    return {
        "household": household,
        "members": [_compact(mp) for mp in members or []],
        "visible": members is not None,
    }


URGENT_AT_MOST = 2  # ZRM 1 (acute problems) and 2 (not self-reliant)


def _compact(mp: selectors.MemberProgress) -> dict[str, Any]:
    """One line per member for the household file: the trends, how many domains went up,
    stayed or went down, the participation level and the domains that need attention now.
    The full table and chart are on the assessments page."""
    counts = {"up": 0, "same": 0, "down": 0}
    urgent = []
    for row in mp.zrm:
        if row.trend in counts:
            counts[row.trend] += 1
        current = row.latest if row.latest is not None else row.first
        if current is not None and current <= URGENT_AT_MOST and not row.older_version:
            urgent.append((current, row.order, row.domain_name, row.trend))
    ladder = next(iter(mp.ladder), None)
    level = None
    if ladder is not None:
        level = ladder.latest if ladder.latest is not None else ladder.first
    return {
        "member": mp.member,
        "self_reliance": mp.self_reliance,
        "participation": mp.participation,
        "counts": counts,
        "ladder_level": level,
        "urgent": [(name, value, trend) for value, _order, name, trend in sorted(urgent)],
        "measured": bool(mp.zrm or mp.ladder),
    }


@register.inclusion_tag("assessments/_domain_score.html", takes_context=True)
def domain_score(context: dict[str, Any], household: Household, life_domain: str) -> dict[str, Any]:
    """The current ZRM score of one life domain (for the plan's problem statements).

    Computed once per household object and request, so a plan with many problems costs the
    same queries as one. Empty for anybody without the full file.
    """
    actor = Actor.from_request(context["request"], purpose="assessments")
    scores = selectors.domain_scores_for_household(actor=actor, household=household)
    return {"value": scores.get(life_domain)}
