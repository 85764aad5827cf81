"""Dutch all the way: every page of the role x route matrix, as each persona, shows no English.

One world, one logged-in Client per persona, GET only (no browser): each page a persona may
open (200 in the matrix) is fetched and its visible text (text nodes, option labels, button
values, title/aria-label/placeholder/alt) is checked for
- text that equals an English msgid of our catalogues whose Dutch differs (not passed
  through gettext),
- English words that never belong in the Dutch UI (``True``, ``False``, ``None``, ``Key``, ...),
- raw choice values: a value of any TextChoices of the project (``team_member``, ``casework``,
  ``unknown``) appearing as a whole word where its label differs. Values that are ordinary
  Dutch words too ("open", "plan") are only flagged when they contain an underscore.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polib
import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from wijkteam.accounts.models import Membership
from wijkteam.conftest import build_world, verified_client
from wijkteam.core.testing.routes import PERSONA_NAMES
from wijkteam.core.tests.test_route_matrix import DECLARED

PACKAGE = Path(__file__).resolve().parents[2]

# English that never belongs on a Dutch page (whole words, case-sensitive).
ENGLISH_WORDS = {
    "True", "False", "None", "Key", "given", "withdrawn", "Unknown", "unknown", "Submit",
    "Save", "Cancel", "Delete", "Edit", "Search", "Yes", "Back", "Close", "Remove",
    "required", "optional", "invalid", "Invalid", "Error", "Warning", "Details",
}  # fmt: skip

# A language's own name in the language menu is right as it is ("English", not "Engels").
ALLOWED_TEXT = {"English"}

# Text the test data itself puts on pages (names and texts made by the casework test helpers),
# not text of the product.
FIXTURE_TEXT = re.compile(r"Oplossing \w+")
# The column names of the file the socialmap route's fixture uploads.
FIXTURE_TEXT_BY_ROUTE = {"socialmap:import_mapping": {"name", "provider", "type"}}
# Choice values that are ordinary Dutch words as well.
DUTCH_VALUES = {"generalist"}


class _Visible(HTMLParser):
    """The text a person sees or hears on a page."""

    # Scripts and styles are not shown; a textarea holds what someone typed (an instrument's
    # English text, a note), not text of the product.
    SKIP = {"script", "style", "template", "noscript", "textarea"}
    ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        a = dict(attrs)
        for name in self.ATTRIBUTES:
            if a.get(name):
                self.texts.append(str(a[name]))
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.texts.append(str(a["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def _catalogue() -> tuple[set[str], set[str]]:
    """English msgids whose Dutch differs, and every word of our Dutch translations. A msgid
    that is also Dutch in one of its meanings ("Plan" the noun; the duty roster's verb, with
    its own context, is "Plannen") is not English."""
    english: set[str] = set()
    same: set[str] = set()
    dutch_words: set[str] = set()
    for po_path in PACKAGE.glob("*/locale/nl/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po_path)):
            if entry.msgid_plural or not entry.msgstr:
                continue
            dutch_words |= set(re.findall(r"\w+", entry.msgstr.lower()))
            if entry.msgstr.strip() == entry.msgid.strip():
                same.add(entry.msgid.strip())
            elif len(entry.msgid) > 3:
                english.add(entry.msgid.strip())
    return english - same, dutch_words


def _purposes() -> set[str]:
    """The access purposes the code names (``Actor(..., purpose="caseload")``): English codes
    stored in the access log, to be shown with a Dutch label."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "tests" not in path.parts and "migrations" not in path.parts:
            found |= set(re.findall(r'purpose="([a-z][a-z ()_-]+)"', path.read_text()))
    return found


def _raw_choice_values(dutch_words: set[str]) -> set[str]:
    values: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("wijkteam."):
            continue
        for field in model._meta.get_fields():
            choices = getattr(field, "choices", None)
            if not choices or not isinstance(field, models.CharField):
                continue
            for value, label in field.flatchoices:
                value = str(value)
                if not value or str(label) == value or not re.fullmatch(r"[a-z][a-z0-9_]+", value):
                    continue
                if "_" in value or (value not in dutch_words and value not in DUTCH_VALUES):
                    values.add(value)
    return values


def _findings(
    texts: list[str], english: set[str], raw: set[str], fixture: set[str] = frozenset()
) -> list[str]:
    found: list[str] = []
    for text in texts:
        clean = FIXTURE_TEXT.sub("", text)
        if clean in ALLOWED_TEXT or clean in fixture:
            continue
        if clean in english:
            found.append(f"untranslated: {clean!r}")
            continue
        for word in re.findall(r"[A-Za-z][A-Za-z0-9_.]*[A-Za-z0-9_]|[A-Za-z]", clean):
            if "." in word:  # a dotted name (households.household) is shown as a code on purpose
                continue
            if word in ENGLISH_WORDS:
                found.append(f"English {word!r} in {clean[:80]!r}")
            elif word in raw:
                found.append(f"raw code {word!r} in {clean[:80]!r}")
    return found


def _accesslog_search(world: Any, clients: dict[str, Client]) -> dict[str, str]:
    """The access log shows rows only for a search: let a member open a file first, so the
    page lists reads with a role and a purpose (the issue saw their codes there)."""
    from wijkteam.casework.tests.helpers import make_household

    household = make_household(world)
    clients["member_a"].get(
        reverse("casework:household_file", kwargs={"household_id": household.pk})
    )
    return {"object_type": "", "person": ""}


# Pages that show their content only after a search: the query that fills them.
SEARCHES: dict[str, Callable[[Any, dict[str, Client]], dict[str, str]]] = {
    "privacy:accesslog": _accesslog_search,
}


def _pages() -> list[tuple[str, str]]:
    """(route, persona) for every GET page of the matrix a persona may open."""
    return [
        (name, persona)
        for name, route in sorted(DECLARED.items())
        if route.method == "get" and not name.split(":")[0].endswith("api")
        for persona in PERSONA_NAMES
        if persona != "anonymous" and route.expect[persona] == 200
    ]


@pytest.mark.long
@pytest.mark.once
@pytest.mark.django_db
def test_every_page_of_the_matrix_is_dutch_for_every_persona() -> None:
    world = build_world()
    # The personas' function titles are their role codes in the shared fixture; a real team
    # writes a function there. Their user names (shown as such) are test data too.
    Membership.objects.update(function_title="Consulent")
    fixture = {user.username for user in world.users.values()}
    clients: dict[str, Client] = {p: verified_client(world.users[p]) for p in PERSONA_NAMES[1:]}
    with translation.override("nl"):
        english, dutch_words = _catalogue()
        raw = _raw_choice_values(dutch_words)
        english |= _purposes()
    problems: dict[str, list[str]] = {}
    crawled = 0
    pages: dict[str, list[str]] = {}
    for name, persona in _pages():
        pages.setdefault(name, []).append(persona)
    for name, personas in pages.items():
        route = DECLARED[name]
        # Each route's objects in a savepoint, as in the matrix: their fixed names never meet.
        with transaction.atomic():
            url = reverse(name, kwargs=route.kwargs(world))
            data = route.data(world) if route.data else {}
            if name in SEARCHES:
                data = SEARCHES[name](world, clients)
            for persona in personas:
                response = clients[persona].get(url, data, HTTP_ACCEPT_LANGUAGE="nl")
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                crawled += 1
                parser = _Visible()
                parser.feed(response.content.decode())
                known = fixture | FIXTURE_TEXT_BY_ROUTE.get(name, set())
                if found := _findings(parser.texts, english, raw, known):
                    problems[f"{name} as {persona}"] = sorted(set(found))
            transaction.set_rollback(True)
    assert crawled > 100  # the crawl really saw the product's pages
    by_finding: dict[str, list[str]] = {}
    for page, found in problems.items():
        for finding in found:
            by_finding.setdefault(finding, []).append(page)
    assert by_finding == {}, "\n".join(f"{k}: {v[:4]}" for k, v in sorted(by_finding.items()))


def test_the_checks_find_what_the_issue_reported() -> None:
    english = {"Unknown partner for this team."}
    raw = {"team_member", "casework"}
    texts = ["Key: ABC", "Unknown partner for this team.", "rol team_member, doel casework"]
    found = _findings(texts, english, raw)
    assert any("'Key'" in f for f in found)
    assert any("untranslated" in f for f in found)
    assert any("team_member" in f for f in found) and any("casework" in f for f in found)
    assert _findings(["Het plan staat open"], english, raw) == []
