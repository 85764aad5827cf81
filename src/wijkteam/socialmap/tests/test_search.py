from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wijkteam.privacy.policy import Actor
from wijkteam.socialmap import search
from wijkteam.socialmap.selectors import SearchFilters, service_search
from wijkteam.socialmap.tests.factories import make_service


@pytest.mark.parametrize(
    ("word", "expected"),
    [("schulden", "schuld"), ("schuld", "schuld"), ("cliënten", "client"), ("woningen", "woning")],
)
def test_stem(word: str, expected: str) -> None:
    assert search.stem(search.normalise(word)) in (expected, expected.removesuffix("ing"))


def test_normalise_strips_accents() -> None:
    assert search.normalise("Cliënt Café") == "client cafe"


def test_within_one_edit() -> None:
    assert search.within_one_edit("schuldhlp", "schuldhulp")
    assert search.within_one_edit("shculd", "schuld")
    assert not search.within_one_edit("schuld", "school")


def _names(actor: Actor, **filters: object) -> list[str]:
    return [s.name for s in service_search(actor=actor, filters=SearchFilters(**filters)).services]  # type: ignore[arg-type]


@pytest.fixture
def catalogue(world):  # type: ignore[no-untyped-def]
    m = world.municipality
    return {
        "debt": make_service(m, "Schuldhulpverlening", service_type="tailored", domains=["finances"],
                             description="Hulp bij schulden en betalingsachterstanden", needs_indication=True),
        "buddy": make_service(m, "Schuldhulp maatjes", service_type="collective", domains=["finances"],
                              description="Een vrijwilliger helpt met de administratie", is_free=True,
                              areas=[world.area_a]),
        "desk": make_service(m, "Geldloket", service_type="general", domains=["finances"],
                             description="Vragen over schuld, toeslagen en geld", is_free=True,
                             areas=[world.area_b], min_age=18),
        "client": make_service(m, "Cliëntondersteuning", service_type="prior", domains=["adl"],
                               description="Onafhankelijke cliëntondersteuner"),
        "sport": make_service(m, "Buurtsport", service_type="general", domains=["physical_health"],
                              description="Sporten in de wijk", min_age=6, max_age=12),
        "other": make_service(world.other_municipality, "Schuldhulp elders", service_type="general"),
    }  # fmt: skip


def test_stemming_and_compounds_lightest_first(world, catalogue) -> None:  # type: ignore[no-untyped-def]
    actor = Actor(world.member_a)
    assert _names(actor, query="schulden") == [
        "Geldloket",
        "Schuldhulp maatjes",
        "Schuldhulpverlening",
    ]


def test_accents_both_ways(world, catalogue) -> None:  # type: ignore[no-untyped-def]
    actor = Actor(world.member_a)
    assert _names(actor, query="client") == ["Cliëntondersteuning"]
    assert _names(actor, query="cliënt") == ["Cliëntondersteuning"]


def test_typo(world, catalogue) -> None:  # type: ignore[no-untyped-def]
    actor = Actor(world.member_a)
    assert _names(actor, query="schuldhlp") == ["Schuldhulp maatjes", "Schuldhulpverlening"]
    assert _names(actor, query="xyzzyq") == []


def test_all_words_must_match(world, catalogue) -> None:  # type: ignore[no-untyped-def]
    assert _names(Actor(world.member_a), query="schulden vrijwilliger") == ["Schuldhulp maatjes"]


def test_filters(world, catalogue) -> None:  # type: ignore[no-untyped-def]
    actor = Actor(world.member_a)
    assert _names(actor, query="schuld", area=world.area_a) == [
        "Schuldhulp maatjes",
        "Schuldhulpverlening",
    ]
    assert _names(actor, query="schuld", free_only=True) == ["Geldloket", "Schuldhulp maatjes"]
    assert _names(actor, query="schuld", no_indication=True) == ["Geldloket", "Schuldhulp maatjes"]
    assert _names(actor, domain="adl") == ["Cliëntondersteuning"]
    assert _names(actor, service_type="tailored") == ["Schuldhulpverlening"]
    assert "Buurtsport" in _names(actor, age=8)
    assert "Geldloket" not in _names(actor, age=8)
    assert "Buurtsport" not in _names(actor, age=30)


def test_order_without_query_is_lightest_first(world, catalogue) -> None:  # type: ignore[no-untyped-def]
    assert _names(Actor(world.member_a)) == [
        "Buurtsport", "Geldloket", "Schuldhulp maatjes", "Cliëntondersteuning", "Schuldhulpverlening",
    ]  # fmt: skip


def test_other_municipality_sees_only_its_own(world, catalogue) -> None:  # type: ignore[no-untyped-def]
    assert _names(Actor(world.other_admin), query="schulden") == ["Schuldhulp elders"]


def test_query_count_is_constant(world, catalogue) -> None:  # type: ignore[no-untyped-def]
    actor = Actor(world.member_a)
    service_search(actor=actor, filters=SearchFilters(query="schulden"))
    with CaptureQueriesContext(connection) as small:
        service_search(actor=actor, filters=SearchFilters(query="schulden"))
    for i in range(15):
        make_service(world.municipality, f"Schuldenpreventie {i}", areas=[world.area_a])
    service_search(actor=actor, filters=SearchFilters(query="schulden"))
    with CaptureQueriesContext(connection) as large:
        result = service_search(actor=actor, filters=SearchFilters(query="schulden"))
    assert result.total == 18
    assert len(large) == len(small)
