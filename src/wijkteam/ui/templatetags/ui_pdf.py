"""The theme's fonts for WeasyPrint: the same @font-face rules as the pages (ui/fonts.css).

WeasyPrint renders from a string without a base URL, so the rules' relative URLs are turned
into file URLs of the static files on this machine; nothing is fetched over the network.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@cache
def _font_faces() -> str:
    found = finders.find("ui/fonts.css")
    if not found:
        return ""
    css = Path(str(found)).read_text(encoding="utf-8")
    vendor = (Path(str(found)).parent.parent / "vendor" / "fonts").resolve().as_uri()
    # WOFF only: WeasyPrint decodes WOFF2 through Brotli on every render (about 4 s per PDF
    # here, against 0.05 s for WOFF); browsers keep the smaller WOFF2 from fonts.css.
    css = re.sub(r"url\([^)]*\.woff2\) format\('woff2'\), ", "", css)
    return css.replace("url(../vendor/fonts", f"url({vendor}")


@register.simple_tag
def pdf_font_faces() -> SafeString:
    return mark_safe(_font_faces())  # noqa: S308 - our own static file, no user input
