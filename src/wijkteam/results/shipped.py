"""The shipped data of the MKBA: published unit costs (as published, with their source),
a consumer price index series to index them, and the default "what was prevented" list.

The unit costs are the figures listed in the project's steering notes, as cited there (most
are secondary citations: check the primary source before a report leaves the municipality).
The out-of-home placement figure is a lawyer's claim that NRC could not verify: shipped with
``verified=False`` and shown as unverified.

The CPI series (2015 = 100) is chained from the yearly CPI changes CBS publishes (percent
against the year before, rounded to 0.1): 2006-2023 read in CBS's own tables of yearly
changes (the news releases named in ``CPI_CHANGES``), 2024 and 2025 only in press reports of
the CBS releases, so those two years (and every index value that needs them) are shipped
unverified and shown so. These are not StatLine 83131NED's own index values, which were not
available here: chaining rounded changes differs from them by rounding only (check: the chain
from 2006 to 2015 gives 116.59, CBS table 71311NED, 2006 = 100, publishes 116.58 for 2015).
A municipality can use its own figures instead.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

CEBEON = "Cebeon 2011, cited by Stichting Zwerfjongeren Nederland (2018)"

UNIT_COSTS = [
    # key, item, amount, unit, year, price level, source, verified
    (
        "shelter_rough_sleeper",
        "Shelter, rough sleepers",
        "23236",
        "per person per year",
        2011,
        2011,
        CEBEON,
        True,
    ),
    (
        "shelter_residential",
        "Shelter, residential homeless",
        "10384",
        "per person per year",
        2011,
        2011,
        CEBEON,
        True,
    ),
    (
        "shelter_day_night",
        "Day and night shelter",
        "20642",
        "per person per year",
        2011,
        2011,
        CEBEON,
        True,
    ),
    (
        "supported_housing",
        "Intensive supported housing (addiction/psychiatric)",
        "41200",
        "per person per year",
        2011,
        2011,
        CEBEON,
        True,
    ),
    ("debt_assistance", "Debt assistance", "1500", "per case", 2005, 2005, CEBEON, True),
    (
        "shelter_place",
        "Shelter place (with mental-health support up to EUR 70,000)",
        "15000",
        "per place per year",
        2025,
        2025,
        "EenVandaag, 23 December 2025",
        True,
    ),
    (
        "eviction_corporation",
        "Eviction, housing corporation's own costs (at least)",
        "10000",
        "per eviction",
        2013,
        2013,
        "Het Vierde Huis, 6 May 2013",
        True,
    ),
    (
        "eviction_societal",
        "Eviction, societal cost",
        "100000",
        "per eviction",
        2015,
        2015,
        "BN DeStem, estimate of Stadlander (2015)",
        True,
    ),
    (
        "eviction_societal_2021",
        "Eviction, societal cost (over EUR 100,000 per household)",
        "100000",
        "per household",
        2021,
        2021,
        "Gemeente Amsterdam (2021)",
        True,
    ),
    (
        "out_of_home",
        "Out-of-home placement of a child (EUR 40,000-50,000, midpoint)",
        "45000",
        "per child per year",
        2015,
        2015,
        "NRC fact-check, 1 August 2015: a lawyer's claim, not verified",
        False,
    ),
]

# Where the changes were read (cbs.nl/nl-nl/nieuws/<week>/<title>; the last two not on cbs.nl).
CBS_2022 = "CBS news 2023/02 'Inflatie 10 procent in 2022'"
CBS_2023 = "CBS news 2024/02 'Inflatie 3,8 procent in 2023'"
PRESS_2024 = "press reports of CBS news 2025/03 'Inflatie 3,3 procent in 2024'"
PRESS_2025 = "press reports of CBS's release of 13 January 2026"

# Yearly change of the CPI, all items (% against the year before): value, where it was read,
# read in a CBS publication itself.
CPI_CHANGES = {
    2006: ("1.1", CBS_2022, True),
    2007: ("1.6", CBS_2022, True),
    2008: ("2.5", CBS_2022, True),
    2009: ("1.2", CBS_2022, True),
    2010: ("1.3", CBS_2022, True),
    2011: ("2.3", CBS_2022, True),
    2012: ("2.5", CBS_2022, True),
    2013: ("2.5", CBS_2022, True),
    2014: ("1.0", CBS_2022, True),
    2015: ("0.6", CBS_2022, True),
    2016: ("0.3", CBS_2022, True),
    2017: ("1.4", CBS_2022, True),
    2018: ("1.7", CBS_2022, True),
    2019: ("2.6", CBS_2022, True),
    2020: ("1.3", CBS_2022, True),
    2021: ("2.7", CBS_2022, True),
    2022: ("10.0", CBS_2022, True),
    2023: ("3.8", CBS_2023, True),
    2024: ("3.3", PRESS_2024, False),
    2025: ("3.3", PRESS_2025, False),
}
CPI_BASE = 2015


def cpi_series() -> dict[int, tuple[Decimal, str, bool]]:
    """Per year: the index (2015 = 100, two decimals), its source and whether every change it
    is chained from was read in a CBS publication itself."""
    first, last = min(CPI_CHANGES) - 1, max(CPI_CHANGES)
    series = {}
    for year in range(first, last + 1):
        # The years whose change lies between the base and this year.
        chain = range(year + 1, CPI_BASE + 1) if year < CPI_BASE else range(CPI_BASE + 1, year + 1)
        value = Decimal(100)
        for y in chain:
            step = 1 + Decimal(CPI_CHANGES[y][0]) / 100
            value = value / step if year < CPI_BASE else value * step
        sources = sorted({CPI_CHANGES[y][1] for y in chain})
        verified = all(CPI_CHANGES[y][2] for y in chain)
        if year == CPI_BASE:
            source = "CBS CPI, 2015 = 100 (the base year)"
        else:
            years = f"{min(chain)}-{max(chain)}" if len(chain) > 1 else str(chain[0])
            source = (
                f"CBS CPI, 2015 = 100, chained from its yearly changes {years} "
                f"({'; '.join(sources)})"
            )
        series[year] = (value.quantize(Decimal("0.01")), source[:300], verified)
    return series


def ship_index(IndexValue: Any) -> None:
    """(Re)place the shipped CPI series."""
    IndexValue.objects.filter(series="cbs_cpi").delete()
    IndexValue.objects.bulk_create(
        IndexValue(series="cbs_cpi", year=year, value=value, source=source, verified=verified)
        for year, (value, source, verified) in cpi_series().items()
    )


OPTIONS = [
    # key, label, kind, unit cost key
    ("eviction", "Eviction", "prevented", "eviction_societal"),
    ("out_of_home", "Out-of-home placement of a child", "prevented", "out_of_home"),
    ("shelter", "Shelter or homelessness", "prevented", "shelter_residential"),
    ("debt", "Debt escalation or bailiff", "prevented", "debt_assistance"),
    ("admission", "Admission (hospital, mental health care)", "prevented", ""),
    ("school_dropout", "School drop-out", "prevented", ""),
    ("income_loss", "Loss of income", "prevented", ""),
    ("work", "Work", "achieved", ""),
    ("volunteering", "Volunteering", "achieved", ""),
    ("debt_free", "Debt-free", "achieved", ""),
]


def ship_costs_and_options(UnitCost: Any, OutcomeOption: Any) -> None:
    for key, item, amount, unit, year, level, source, verified in UNIT_COSTS:
        UnitCost.objects.create(
            key=key,
            item=item,
            amount=Decimal(amount),
            unit=unit,
            year=year,
            price_level=level,
            source=source,
            verified=verified,
        )
    for position, (key, label, kind, cost) in enumerate(OPTIONS):
        OutcomeOption.objects.create(
            key=key, label=label, kind=kind, unit_cost_key=cost, position=position
        )


def ensure_shipped() -> None:
    """Ship the data when it is missing (after a database flush in tests)."""
    from wijkteam.results.models import IndexValue, OutcomeOption, UnitCost

    if not UnitCost.objects.filter(municipality__isnull=True).exists():
        ship_costs_and_options(UnitCost, OutcomeOption)
    if not IndexValue.objects.filter(series="cbs_cpi").exists():
        ship_index(IndexValue)
