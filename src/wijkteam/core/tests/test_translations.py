"""Every app's Dutch translation is complete, not fuzzy, keeps placeholders, and is compiled."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
PO_FILES = sorted(PACKAGE.glob("*/locale/nl/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def test_the_foundation_apps_have_translations() -> None:
    apps = {path.parts[-5] for path in PO_FILES}
    assert {"core", "accounts", "organisations", "privacy", "ui", "api"} <= apps


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parts[-5])
def test_translation_complete_and_compiled(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    # A fuzzy header is dropped by msgfmt: plural rules and charset would then be lost.
    assert not po.metadata_is_fuzzy, "the header is marked fuzzy: remove the flag"
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"
    for entry in po:
        if entry.msgid_plural:
            continue
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
            PLACEHOLDER.findall(entry.msgstr)
        ), f"placeholders differ: {entry.msgid!r}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run compilemessages"
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(mo_path)) if e.msgid}
    source = {e.msgid: e.msgstr for e in po.translated_entries() if not e.msgid_plural}
    stale = {k for k, v in source.items() if compiled.get(k) != v}
    assert not stale, f".mo is out of date for: {sorted(stale)[:5]}"


def test_a_word_with_two_meanings_has_a_context_per_meaning() -> None:
    """Django merges every app's catalogue and the first app in INSTALLED_APPS wins, so an
    English word that means two things needs a context, or one app's Dutch shows in the
    other's page (the plan heading read "Plannen", the duty roster's verb)."""
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    from wijkteam.casework.forms import ACTION_OUTCOME_CHOICES

    with translation.override("nl"):
        assert gettext("Plan") == "Plan"
        assert pgettext("duty roster", "Plan") == "Plannen"
        assert gettext("Agreement") == "Akkoord"
        assert pgettext("signalling partner", "Agreement") == "Afspraak"
        assert gettext("Cancel") == "Annuleren"
        assert str(dict(ACTION_OUTCOME_CHOICES)["cancelled"]) == "Vervalt"
