"""Figures as people read them: whole numbers with the language's thousands separator.

``{{ area.inhabitants|figure }}`` shows 12.000 in Dutch (12,000 in English). We do not switch
on USE_THOUSAND_SEPARATOR for the whole site: it would also group ids and numbers written
into URLs, form values and data attributes.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value: Any) -> Any:
    """A count or amount rounded to a whole number, grouped by thousands."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return value  # not a number (empty, a dash): shown as it is
    if not number.is_finite():
        return value
    rounded = int(number.quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    return number_format(rounded, use_l10n=True, force_grouping=True)
