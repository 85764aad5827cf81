"""The shipped instruments: ZRM 2013, ZRM 2017 and the participation ladder.

Domain codes, order and names come from the one vocabulary (`wijkteam.lifedomains`); level
labels are here. All in our own words. The per-cell criteria texts of the ZRM
belong to its owner and are loaded by a licence holder (see the criteria upload page). Used by
the data migration and, in tests, to restore the rows after a test that flushes the database.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from wijkteam.lifedomains import ZRM_2013_OF_2017, LifeDomain, Zrm2017Domain

ZRM_LEVELS = [
    (1, "Acute problemen", "Acute problems"),
    (2, "Niet zelfredzaam", "Not self-reliant"),
    (3, "Beperkt zelfredzaam", "Limited self-reliance"),
    (4, "Voldoende zelfredzaam", "Sufficiently self-reliant"),
    (5, "Volledig zelfredzaam", "Fully self-reliant"),
]


def _names(domains: Any) -> list[tuple[str, str, str]]:
    """(code, Dutch name, English name) of each domain, in order, from the one vocabulary."""
    rows = []
    for code, label in domains.choices:
        with translation.override("nl"):
            nl = str(label)
        with translation.override("en"):
            en = str(label)
        rows.append((code, nl, en))
    return rows


LADDER_LEVELS = [
    (1, "Geïsoleerd", "Isolated"),
    (2, "Sociale contacten buitenshuis", "Social contacts outside the home"),
    (3, "Meedoen aan georganiseerde activiteiten", "Organised activities"),
    (4, "Onbetaald werk, vrijwilligerswerk of opleiding", "Unpaid work, volunteering or education"),
    (5, "Betaald werk met ondersteuning", "Paid work with support"),
    (6, "Betaald werk", "Paid work"),
]


def ship(instrument: Any, domain: Any, level: Any, mapping: Any) -> None:
    """Create the shipped instruments with the given model classes (historical or real)."""

    def create(code: str, name: str, version: str, domains: Any, levels: Any) -> dict[str, Any]:
        made = instrument.objects.create(code=code, name=name, version=version)
        created = {}
        for order, (dcode, nl, en) in enumerate(domains, start=1):
            created[dcode] = domain.objects.create(
                instrument=made, code=dcode, order=order, name_nl=nl, name_en=en
            )
        for value, nl, en in levels:
            level.objects.create(instrument=made, value=value, label_nl=nl, label_en=en)
        return created

    old = create("zrm", "Zelfredzaamheid-Matrix", "2013", _names(LifeDomain), ZRM_LEVELS)
    new = create("zrm", "Zelfredzaamheid-Matrix", "2017", _names(Zrm2017Domain), ZRM_LEVELS)
    for target, source in ZRM_2013_OF_2017.items():
        mapping.objects.create(source=old[source], target=new[target])
    create(
        "participation-ladder",
        "Participatieladder",
        "1",
        [("participation_level", "Participatieniveau", "Participation level")],
        LADDER_LEVELS,
    )


def ensure_shipped() -> None:
    """Ship the instruments when they are missing (after a database flush in tests)."""
    from wijkteam.assessments.models import Domain, DomainMapping, Instrument, Level

    if not Instrument.objects.filter(municipality__isnull=True, code="zrm").exists():
        ship(Instrument, Domain, Level, DomainMapping)
