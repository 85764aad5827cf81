"""The list pages' links and dates, made once per list, are the ones reverse() and the template's
``date`` filter give."""

from __future__ import annotations

import datetime as dt

from django.template import engines
from django.urls import reverse
from django.utils import translation

from wijkteam.core.links import DateText, id_link


def test_a_route_reversed_once_gives_every_row_the_link_reverse_gives() -> None:
    file_url = id_link("casework:household_file")
    action_url = id_link("casework:action_edit", 2)
    for household_id, action_id in ((1, 2), (42, 918273646), (123456, 7)):
        assert file_url(household_id) == reverse("casework:household_file", args=[household_id])
        assert action_url(household_id, action_id) == reverse(
            "casework:action_edit", args=[household_id, action_id]
        )


def test_a_day_is_written_as_the_date_filter_writes_it_in_the_language_of_the_request() -> None:
    template = engines["django"].from_string("{{ day|date }}")
    for language in ("nl", "en"):
        with translation.override(language):
            date_text = DateText()
            for day in (dt.date(2026, 3, 1), dt.date(2027, 12, 31), dt.date(2026, 3, 1)):
                assert date_text(day) == template.render({"day": day})
    assert DateText()(None) == ""


def test_a_choice_label_is_the_one_get_display_shows_in_each_language() -> None:
    from wijkteam.casework.models import Note
    from wijkteam.core.templatetags.labels import label

    kinds = [value for value, _label in Note._meta.get_field("kind").flatchoices]
    assert len(kinds) > 1
    for language in ("nl", "en"):
        with translation.override(language):
            for kind in [*kinds, "not-a-kind"]:
                note = Note(kind=kind)
                assert label(note, "kind") == note.get_kind_display()

    # The check above tells the languages apart: some kinds read differently in Dutch.
    def shown(language: str, kind: str) -> str:
        with translation.override(language):
            return str(label(Note(kind=kind), "kind"))

    assert any(shown("nl", kind) != shown("en", kind) for kind in kinds)
