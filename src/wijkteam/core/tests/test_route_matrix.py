"""Every named route x every persona gets exactly what the access policy says."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wijkteam.conftest import build_world, verified_client
from wijkteam.core.testing.routes import PERSONA_NAMES, Route

IGNORED_NAMESPACES: set[str] = set()


def _named_routes(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _named_routes(entry, namespace)
        elif isinstance(entry, URLPattern):
            if not entry.name:
                raise AssertionError(f"URL pattern without a name: {entry.pattern}")
            names.add(prefix + entry.name)
    return names


def _declared_routes() -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("wijkteam."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.routes")
        except ModuleNotFoundError:
            continue
        for route in module.ROUTES:
            assert route.name not in routes, f"route declared twice: {route.name}"
            routes[route.name] = route
    return routes


DECLARED = _declared_routes()


def test_every_route_has_an_access_rule() -> None:
    enumerated = _named_routes(get_resolver())
    missing = sorted(enumerated - set(DECLARED))
    stale = sorted(set(DECLARED) - enumerated)
    assert not missing, f"routes without an entry in the role matrix: {missing}"
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"


def _request(client: Client, route: Route, world: Any) -> int:
    url = reverse(route.name, kwargs=route.kwargs(world))
    data = route.data(world) if route.data else {}
    if route.method == "get":
        return client.get(url, data).status_code
    if route.content_type:
        return getattr(client, route.method)(url, data, content_type=route.content_type).status_code
    return getattr(client, route.method)(url, data).status_code


@pytest.mark.django_db
@pytest.mark.parametrize("route_name", sorted(DECLARED))
def test_route_matrix(route_name: str) -> None:
    route = DECLARED[route_name]
    world = build_world()
    got: dict[str, int] = {}
    for persona in PERSONA_NAMES:
        with transaction.atomic():
            client = Client() if persona == "anonymous" else verified_client(world.users[persona])
            got[persona] = _request(client, route, world)
            transaction.set_rollback(True)
    assert got == route.expect
