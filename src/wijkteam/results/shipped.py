"""The shipped data of the MKBA: published unit costs (as published, with their source),
a consumer price index series to index them, and the default "what was prevented" list.

The unit costs are the figures listed in the project's steering notes, as cited there (most
are secondary citations: check the primary source before a report leaves the municipality).
The out-of-home placement figure is a lawyer's claim that NRC could not verify: shipped with
``verified=False`` and shown as unverified.

The CPI values are CBS consumer price index yearly averages (2015 = 100), reconstructed from
the yearly inflation rates as known to the author, rounded to one decimal; they are NOT
copied from StatLine and must be checked against CBS StatLine table 83131NED (and 2025
replaced by the final figure) before use. A municipality can use its own figures instead.
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

CPI_SOURCE = (
    "CBS consumer price index, yearly average, 2015 = 100 (reconstructed from yearly "
    "inflation; to be checked against CBS StatLine 83131NED; 2025 provisional)"
)
CPI = {
    2005: "84.8",
    2006: "85.8",
    2007: "87.2",
    2008: "89.3",
    2009: "90.4",
    2010: "91.6",
    2011: "93.7",
    2012: "96.0",
    2013: "98.4",
    2014: "99.4",
    2015: "100.0",
    2016: "100.3",
    2017: "101.7",
    2018: "103.4",
    2019: "106.1",
    2020: "107.5",
    2021: "110.4",
    2022: "121.4",
    2023: "126.0",
    2024: "130.2",
    2025: "134.5",
}

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


def ship(UnitCost: Any, IndexValue: Any, OutcomeOption: Any) -> None:
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
    for year, value in CPI.items():
        IndexValue.objects.create(
            series="cbs_cpi", year=year, value=Decimal(value), source=CPI_SOURCE
        )
    for position, (key, label, kind, cost) in enumerate(OPTIONS):
        OutcomeOption.objects.create(
            key=key, label=label, kind=kind, unit_cost_key=cost, position=position
        )


def ensure_shipped() -> None:
    """Ship the data when it is missing (after a database flush in tests)."""
    from wijkteam.results.models import IndexValue, OutcomeOption, UnitCost

    if not UnitCost.objects.filter(municipality__isnull=True).exists():
        ship(UnitCost, IndexValue, OutcomeOption)
