"""Attack tests: IDOR, XSS in free text, session fixation, access after involvement ends."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wijkteam.accounts.models import Role
from wijkteam.casework import services as casework
from wijkteam.casework.tests.helpers import make_household, make_plan, trajectory_of
from wijkteam.conftest import World, make_person
from wijkteam.core.tests.test_route_matrix import DECLARED
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor, ViewLevel

PACKAGE = Path(__file__).resolve().parents[2]
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _patterns(resolver: URLResolver, prefix: str = "", ns: str = "") -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found |= _patterns(
                entry,
                prefix + str(entry.pattern),
                f"{ns}{entry.namespace}:" if entry.namespace else ns,
            )
        elif isinstance(entry, URLPattern) and entry.name:
            found[ns + entry.name] = prefix + str(entry.pattern)
    return found


PUBLIC_OBJECT_ROUTES = {"privacy:protocol", "accounts:invitation_accept"}
# The social map is not personal data: every professional of the municipality reads it.
MUNICIPALITY_WIDE_PREFIXES = (
    "socialmap:service",
    "socialmap:provider",
    "socialmap_api:",
    "api:area_detail",  # configuration: areas and home organisations
    "api:home_organisation_detail",
    # instrument definitions (no personal data): seen by everybody of the owning municipality
    "assessments_api:instrument_detail",
    # the result logic (effects, results, approaches; figures only through the protection):
    # made together by everybody working in the municipality, no personal data
    "results:logic",
    "results:comment_create",
)


def test_every_object_route_denies_another_teams_member() -> None:
    """IDOR: every route that names an object by id (``<int:…>``) is declared, for member_b
    (team B) asking for team A's objects, as 403/404 or a redirect — never a 200. The role
    matrix executes exactly these requests, so a leak fails there."""
    patterns = _patterns(get_resolver())
    object_routes = [name for name, pattern in patterns.items() if "<int:" in pattern]
    assert len(object_routes) > 20
    leaking = [
        name
        for name in object_routes
        if name not in PUBLIC_OBJECT_ROUTES
        and not name.startswith(MUNICIPALITY_WIDE_PREFIXES)
        and DECLARED[name].expect.get("member_b") == 200
    ]
    assert leaking == [], leaking


def test_no_template_or_code_switches_off_escaping() -> None:
    offenders = []
    for path in PACKAGE.rglob("*"):
        if path.suffix not in {".html", ".py"} or "tests" in path.parts:
            continue
        text = path.read_text(errors="ignore")
        if re.search(r"\|\s*safe\b|mark_safe\(|{%\s*autoescape\s+off", text):
            offenders.append(str(path.relative_to(PACKAGE)))
    # Reviewed exceptions: SVG built from numbers (assessments), and the PDF font rules read
    # from our own static ui/fonts.css (no user input; escaping would break the CSS quotes).
    allowed = {
        p
        for p in offenders
        if p.startswith(
            ("assessments/chart.py", "assessments/templatetags", "ui/templatetags/ui_pdf.py")
        )
    }
    assert sorted(set(offenders) - allowed) == []


@pytest.mark.django_db
def test_free_text_is_escaped_everywhere_it_is_shown(world: World, client_for) -> None:
    household = make_household(world, name=f"Fam. {XSS}")
    make_plan(world, household)
    casework.note_create(actor=Actor(user=world.member_a), household=household, text=XSS)
    client = client_for(world.member_a)
    pages = [
        reverse("casework:household_file", args=[household.pk]),
        reverse("casework:plan", args=[household.pk]),
        reverse("casework:caseload"),
        reverse("core:my_work"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url
    assert "&lt;script&gt;" in client.get(pages[0]).content.decode()


@pytest.mark.django_db
def test_login_rotates_the_session_key(world: World) -> None:
    user = world.member_a
    user.set_password("correct horse battery staple")
    user.save()
    client = Client()
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    client.post(
        reverse("accounts:login"),
        {"username": "member_a", "password": "correct horse battery staple"},
    )
    assert client.session.session_key != before


@pytest.mark.django_db
def test_access_ends_when_involvement_is_removed(world: World) -> None:
    colleague = make_person(
        "colleague_a", municipality=world.municipality, role=Role.TEAM_MEMBER, team=world.team_a
    )
    household = make_household(world)
    trajectory = trajectory_of(household)
    involvement = casework.involvement_add(
        actor=Actor(user=world.member_a), trajectory=trajectory, user=colleague, role="Schuldhulp"
    )
    assert policy.view_level(Actor(user=colleague), household) == ViewLevel.FULL
    casework.involvement_end(actor=Actor(user=world.member_a), involvement=involvement)
    fresh = type(colleague).objects.get(pk=colleague.pk)
    assert policy.view_level(Actor(user=fresh), household) == ViewLevel.METADATA
