"""The SVG charts: accessible, readable without colour, and a hidden cell is a gap, not zero."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from wijkteam.steering.charts import bar_chart, comparison_chart, render_chart
from wijkteam.steering.tables import IndicatorTable, Row
from wijkteam.steering.tests.factories import cell, hidden, signals_table

SVG = "{http://www.w3.org/2000/svg}"


def _svg(html: str) -> ElementTree.Element:
    match = re.search(r"<svg.*</svg>", html, re.S)
    assert match
    return ElementTree.fromstring(match.group(0))


def test_chart_has_role_title_and_a_description_naming_every_value() -> None:
    svg = _svg(render_chart(comparison_chart(signals_table())))
    assert svg.get("role") == "img"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title is not None and title.text == "Signalen per soort partner"
    assert desc is not None and desc.text
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "Woningcorporatie: 2e kwartaal 2026: 35; 1e kwartaal 2026: 30" in desc.text
    assert "Apotheek: 2e kwartaal 2026: <10, verborgen (te klein aantal)" in desc.text


def test_suppressed_cell_is_a_labelled_gap_never_a_bar() -> None:
    chart = bar_chart(signals_table())
    pharmacy = chart.rows[1].bars[0]
    assert pharmacy.suppressed and pharmacy.width == 0 and pharmacy.text == "<10"
    html = render_chart(chart)
    svg = _svg(html)
    gaps = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "wt-chart__gap"]
    assert len(gaps) == 2  # pharmacy (small) and GP (derivable) in the first column
    assert all(g.get("fill") == "none" and g.get("stroke-dasharray") for g in gaps)
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "<10 (verborgen)" in texts and "\u2013 (verborgen)" in texts
    assert [b.text for row in chart.rows for b in row.bars] == ["35", "<10", "\u2013"]
    assert [t.text for t in svg.iter(f"{SVG}text")][: len(chart.ticks)] == ["0", "25", "50"]
    assert "Het is geen nul." in html


def test_comparison_tells_the_periods_apart_by_pattern_and_direct_labels() -> None:
    chart = comparison_chart(signals_table())
    assert [item.fill for item in chart.legend] == ["solid", "hatch", "dots"]
    assert [item.label for item in chart.legend] == list(signals_table().columns)
    housing = chart.rows[0].bars
    assert [b.text for b in housing] == ["35", "30", "20"]
    assert housing[0].width > housing[1].width > housing[2].width > 0
    svg = _svg(render_chart(chart))
    fills = {r.get("fill") for r in svg.iter(f"{SVG}rect")}
    assert {
        "url(#wt-cmp-signals_by_partner_kind-hatch)",
        "url(#wt-cmp-signals_by_partner_kind-dots)",
    } <= fills


def test_share_is_scaled_to_one_hundred_percent() -> None:
    table = IndicatorTable(
        key="plan_within_days",
        title="Op tijd een plan",
        unit="share",
        columns=("2026",),
        rows=(Row("all", "Alle trajecten", (cell(0.5, "50%"),)),),
        total=None,
        suppression_note="",
        definition_version=1,
    )
    chart = bar_chart(table)
    assert chart.ticks[-1].text == "100%"
    assert chart.rows[0].bars[0].width == 330 // 2


def test_table_with_only_hidden_cells_draws_no_bar() -> None:
    table = IndicatorTable(
        key="new_households",
        title="Nieuwe huishoudens",
        unit="count",
        columns=("mei 2026",),
        rows=(),
        total=Row("total", "Totaal", (hidden(),)),
        suppression_note="",
        definition_version=1,
    )
    chart = bar_chart(table)
    assert [b.suppressed for row in chart.rows for b in row.bars] == [True]
    assert all(b.width == 0 for row in chart.rows for b in row.bars)
