"""Every POST form carries the idempotency token (core/idempotency.py), and it is fresh."""

from __future__ import annotations

import re
from pathlib import Path

from django.template import Context, Template

SRC = Path(__file__).resolve().parents[2]
FORM_OPEN = re.compile(r"<form\b[^>]*>", re.IGNORECASE | re.DOTALL)
POST = re.compile(r"""method\s*=\s*["']?post""", re.IGNORECASE)
# A form without a token of its own says why inside the form, e.g. the "busy, send again" page
# (it resends the original fields with their token) or the "stay logged in" form that a script
# sends repeatedly (renewing twice is harmless): {# form_token: <the reason> #}.
RESENT = "{# form_token: "


def _has_token(body: str) -> bool:
    return "{% form_token %}" in body or RESENT in body


def _post_forms(text: str) -> list[tuple[int, str]]:
    """(line, body up to the closing tag) of each POST form in a template."""
    forms = []
    for match in FORM_OPEN.finditer(text):
        if not POST.search(match.group(0)):
            continue
        end = text.find("</form>", match.end())
        body = text[match.end() : end if end != -1 else len(text)]
        forms.append((text.count("\n", 0, match.start()) + 1, body))
    return forms


def test_every_post_form_in_every_template_has_a_form_token() -> None:
    templates = sorted(SRC.glob("*/templates/**/*.html"))
    assert len(templates) > 40  # the glob finds the apps' templates
    missing = [
        f"{path.relative_to(SRC)}:{line}"
        for path in templates
        for line, body in _post_forms(path.read_text(encoding="utf-8"))
        if not _has_token(body)
    ]
    assert missing == [], "POST forms without {% form_token %} (put it next to {% csrf_token %})"


def test_the_checker_sees_a_form_without_the_token() -> None:
    text = '<form method="post" action="/x/">{% csrf_token %}<button>OK</button></form>'
    assert [line for line, body in _post_forms(text) if not _has_token(body)] == [1]
    assert _post_forms('<form method="get">{% csrf_token %}</form>') == []


def test_each_rendering_gets_a_fresh_unguessable_token() -> None:
    template = Template("{% form_token %}")
    first, second = template.render(Context()), template.render(Context())
    token = re.search(r'name="form_token" value="([A-Za-z0-9_-]+)"', first)
    assert token is not None and len(token.group(1)) >= 40
    assert first != second
