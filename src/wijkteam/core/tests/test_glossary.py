"""docs/glossary.md names every model of the code base, so a newcomer finds each noun there."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps

GLOSSARY = Path(__file__).resolve().parents[4] / "docs" / "glossary.md"


def test_every_model_has_its_row_in_the_glossary() -> None:
    text = GLOSSARY.read_text(encoding="utf-8")
    models = [m for m in apps.get_models() if m.__module__.startswith("wijkteam.")]
    assert len(models) > 50
    missing = [
        f"{m._meta.app_label}.{m.__name__}"
        for m in models
        if not re.search(rf"`(?:{m._meta.app_label}\.)?{m.__name__}`", text)
    ]
    assert not missing, f"models without a row in docs/glossary.md: {missing}"
