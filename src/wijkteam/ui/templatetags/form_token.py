"""``{% form_token %}``: the idempotency token of one rendered form (see core/idempotency.py).

Put it next to ``{% csrf_token %}`` in every POST form; it is a builtin (settings.TEMPLATES),
so no ``{% load %}`` is needed. Each rendering gets a fresh token, so a form shown again after
validation errors keeps the typed input and can be sent again.
"""

from __future__ import annotations

import secrets

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from wijkteam.core.idempotency import FORM_TOKEN_FIELD

register = template.Library()


@register.simple_tag
def form_token() -> SafeString:
    return format_html(
        '<input type="hidden" name="{}" value="{}">', FORM_TOKEN_FIELD, secrets.token_urlsafe(32)
    )
