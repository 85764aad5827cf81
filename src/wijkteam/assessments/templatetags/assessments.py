from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import gettext as _

from wijkteam.assessments import selectors
from wijkteam.assessments.chart import bar_chart

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


@register.inclusion_tag("assessments/_domain_score.html")
def domain_score(scores: Mapping[str, int], life_domain: str) -> dict[str, Any]:
    """The current ZRM score of one life domain (for the plan's problem statements), from the
    household's scores the page read once (``selectors.domain_scores_for_household``)."""
    return {"value": scores.get(life_domain)}
