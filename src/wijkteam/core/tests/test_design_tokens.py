"""One look (issue 15 point 3): the apps' stylesheets use the palette named once in
ui/wijkteam.css from the NL Design System theme's tokens, never a colour of their own."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]
PALETTE = SRC / "ui" / "static" / "ui" / "wijkteam.css"
HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")
TOKEN_USE = re.compile(r"var\((--wt-color-[a-z0-9-]+)")
TOKEN_DEFINITION = re.compile(r"^\s*(--wt-color-[a-z0-9-]+):", re.MULTILINE)


def _stylesheets() -> list[Path]:
    return [p for p in SRC.glob("*/static/**/*.css") if "vendor" not in p.parts]


def _palette_block(text: str) -> str:
    start = text.index("--wt-color-")
    return text[text.rindex("{", 0, start) : text.index("}", start)]


def test_no_stylesheet_has_a_colour_of_its_own() -> None:
    offenders = []
    for path in _stylesheets():
        text = path.read_text()
        if path == PALETTE:
            text = text.replace(_palette_block(text), "")
        offenders += [f"{path.relative_to(SRC)}: {m}" for m in HEX.findall(text)]
    assert offenders == []


def test_every_colour_name_used_is_defined_in_the_palette() -> None:
    defined = set(TOKEN_DEFINITION.findall(PALETTE.read_text()))
    used = {name for path in _stylesheets() for name in TOKEN_USE.findall(path.read_text())}
    assert used and used <= defined, sorted(used - defined)
