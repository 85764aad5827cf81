"""Every form of the user interface, posted with garbage: never a 500, nothing half-written.

The forms are found, not listed: each page of the role x route matrix is opened by a persona
who may see it, and every ``<form method="post">`` on it is sent back three ways: every text
field far over any limit, every field with a value of the wrong kind, and with nothing at all.
A POST route of the matrix without a page of its own is sent its matrix data the same ways.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import connection, models
from django.db.models.functions import Length
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from wijkteam.conftest import build_world, verified_client
from wijkteam.core.testing.routes import PERSONA_NAMES, Route
from wijkteam.core.tests.test_route_matrix import DECLARED

pytestmark = pytest.mark.django_db

# Forms of the page frame (language, logout): not the page's own input.
FRAME_FORMS = {"set_language", "accounts:logout"}
# Bookkeeping a refused request may leave: the session, login throttling, the access-log row of
# the page shown again, an idempotency or draft record. Not the person's data.
BOOKKEEPING = {
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "privacy.AccessLogEntry",
}
OVER_LONG = "x" * 100_001
TEXT_INPUTS = {"text", "search", "email", "tel", "url", ""}


@dataclass
class Form:
    action: str
    multipart: bool
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, kind, value)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = Form(a.get("action", ""), "multipart" in a.get("enctype", ""))
            self.forms.append(self._form)
        if self._form is not None and tag == "option" and self._select:
            name, kind, value = self._form.fields[-1]
            if not value and a.get("value"):
                self._form.fields[-1] = (name, kind, a["value"])
        if self._form is None or not a.get("name"):
            return
        if tag == "input":
            kind = a.get("type", "").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self._form.fields.append((a["name"], kind, a.get("value", "")))
        elif tag == "textarea":
            self._form.fields.append((a["name"], "textarea", ""))
        elif tag == "select":
            self._select = a["name"]
            self._form.fields.append((a["name"], "select", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _row_counts() -> dict[str, int]:
    tables = set(connection.introspection.table_names())
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if not m._meta.proxy
        and m._meta.managed
        and m._meta.db_table in tables
        and m._meta.label not in BOOKKEEPING
        and not m._meta.label.startswith("core.")  # idempotency tokens and drafts
    }


def _stored_over_long() -> list[str]:
    """Text columns that hold the over-long value: a field without a maximum."""
    found = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.CharField | models.TextField):
                rows = model._default_manager.annotate(_n=Length(f.name))
                if rows.filter(_n__gte=len(OVER_LONG)).exists():
                    found.append(f"{model._meta.label}.{f.name}")
    return found


def _persona(route: Route) -> str | None:
    allowed = [
        p for p in PERSONA_NAMES if p != "anonymous" and route.expect[p] not in (302, 401, 403, 404)
    ]
    if route.method != "get":
        allowed = [p for p in PERSONA_NAMES if p != "anonymous" and route.expect[p] == 302]
    return allowed[0] if allowed else None


UI_ROUTES = sorted(
    name
    for name, route in DECLARED.items()
    if ":" in name
    and not name.split(":")[0].endswith("api")
    and name not in ("api:schema", "api:docs")
    and _persona(route) is not None
)


def _forms(client: Client, url: str, route: Route, world: Any) -> list[Form]:
    if route.method != "get":
        data = route.data(world) if route.data else {}
        return [Form(url, False, [(k, "text", str(v)) for k, v in data.items()])]
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = _FormParser()
    parser.feed(response.content.decode())
    forms = []
    for form in parser.forms:
        action = urljoin(url, form.action) if form.action else url
        try:
            name = resolve(urlsplit(action).path).view_name
        except Resolver404:
            continue
        if name not in FRAME_FORMS:
            form.action = action
            forms.append(form)
    return forms


def _refused(response: Any) -> bool:
    """A 4xx, or the page shown again with the form's error messages."""
    if 400 <= response.status_code < 500:
        return True
    body = response.content.decode(errors="replace") if response.status_code == 200 else ""
    return "utrecht-form-field-error-message" in body or "utrecht-alert--error" in body


def _over_long(form: Form) -> dict[str, Any] | None:
    texts = [n for n, kind, _v in form.fields if kind in TEXT_INPUTS or kind == "textarea"]
    if not texts:
        return None
    return {n: OVER_LONG if n in texts else v for n, _kind, v in form.fields}


def _wrong_kind(form: Form) -> dict[str, Any]:
    # A word where a number, date or choice belongs; two values where one belongs.
    return {n: ["veel", "[1, 2]"] if kind != "hidden" else "veel" for n, kind, _v in form.fields}


@pytest.mark.parametrize("route_name", UI_ROUTES)
def test_garbage_in_every_form_gives_no_500_and_writes_nothing(route_name: str) -> None:
    route = DECLARED[route_name]
    world = build_world()
    persona = _persona(route)
    assert persona
    client = verified_client(world.users[persona])
    client.raise_request_exception = False  # a 500 is a status here, not a crash of the test
    url = reverse(route.name, kwargs=route.kwargs(world))
    for form in _forms(client, url, route, world):
        variants = {"over-long": _over_long(form), "wrong kind": _wrong_kind(form), "empty": {}}
        for variant, data in variants.items():
            if data is None:
                continue
            before = _row_counts()
            response = client.post(form.action, data)
            assert response.status_code < 500, (form.action, variant, response.status_code)
            if variant == "over-long":
                assert not _stored_over_long(), f"{form.action}: an over-long text was saved"
            if _refused(response):
                changed = {
                    k: (before[k], v) for k, v in _row_counts().items() if before.get(k) != v
                }
                assert not changed, (form.action, variant, changed)


def _members(count: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Familie Lang",
        "members-TOTAL_FORMS": str(count),
        "members-INITIAL_FORMS": "0",
    }
    for i in range(count):
        data[f"members-{i}-first_name"] = f"Kind{i}"
        data[f"members-{i}-last_name"] = "Lang"
    return data


def test_a_household_with_more_members_than_the_api_takes_is_refused_in_the_ui() -> None:
    """One limit for the form and the API (core/limits.py); 1,000 members made 1,000 rows."""
    from wijkteam.core import limits
    from wijkteam.households.models import Household

    world = build_world()
    client = verified_client(world.member_a)
    url = reverse("households:household_create")
    response = client.post(url, _members(1_000))
    assert response.status_code in (200, 400)
    assert str(limits.HOUSEHOLD_MEMBERS_MAX) in response.content.decode()
    assert not Household.objects.filter(name="Familie Lang").exists()
    accepted = client.post(url, _members(limits.HOUSEHOLD_MEMBERS_MAX))
    assert accepted.status_code == 302, accepted.content.decode()[:500]
    household = Household.objects.get(name="Familie Lang")
    assert household.members.count() == limits.HOUSEHOLD_MEMBERS_MAX
