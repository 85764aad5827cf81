"""Small template helpers for team design."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: Any, key: str) -> Any:
    """``{{ indicators|lookup:item.system_indicator }}``; None when absent."""
    if not isinstance(mapping, dict) or not key:
        return None
    return mapping.get(key)
