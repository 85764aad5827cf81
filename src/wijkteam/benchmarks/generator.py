"""A deterministic generator of a synthetic city for the benchmark (``generate_city``).

Same ``size``, ``seed`` and ``as_of`` date give the same data (apart from automatic
timestamps on databases without COPY). Everything comes from one ``random.Random(seed)``.

It writes straight into the tables and bypasses the services on purpose: this is synthetic
data for measuring, not a user action, so there is no actor to check and nothing to log
per write (it does generate access-log rows, as the history a real city would have). The
rows are built to satisfy every model constraint: one current plan per household, unique
plan versions, a reason whenever direction is taken over, involvements for every
coordinator, actions due on or after their plan's start, and BSNs that pass the 11-check
from the test range (starting with 9, see ``households.bsn.generate_test_bsn``).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.models import Membership, Role, SecrecyStatus, User
from wijkteam.benchmarks import words
from wijkteam.benchmarks.city_rows import HouseholdWriter, Staff, scales_from_database
from wijkteam.benchmarks.sink import reset_sequences
from wijkteam.benchmarks.tables import make_tables
from wijkteam.organisations.models import Area, HomeOrganisation, Municipality, Team

CHUNK_HOUSEHOLDS = 1000


@dataclass(frozen=True)
class SizeSpec:
    households: int
    teams: int
    members_per_team: int


# Large: about 200k households, 420k persons, 1.2M goals, 3.6M actions, 6M notes, 30M+ log
# rows. Medium is a tenth, small a hundredth; tiny is for tests.
SIZES: dict[str, SizeSpec] = {
    "tiny": SizeSpec(households=50, teams=2, members_per_team=4),
    "small": SizeSpec(households=2_000, teams=2, members_per_team=12),
    "medium": SizeSpec(households=20_000, teams=10, members_per_team=12),
    "large": SizeSpec(households=200_000, teams=100, members_per_team=12),
}


def municipality_name(size: str, seed: int) -> str:
    return f"Benchstad {size} {seed} (synthetisch)"


def generate_city(
    *,
    size: str,
    seed: int,
    as_of: dt.date,
    out: Callable[[str], None] = print,
    fast_load: bool = False,
) -> dict[str, int]:
    """Generate the city; returns the number of rows written per table.

    ``fast_load`` (PostgreSQL, superuser only) skips the foreign-key triggers while loading
    (``session_replication_role = replica``) and does not wait for the disk on commit. The
    rows are consistent by construction - the test suite generates a city with all checks
    on - so this only saves the per-row checks on the large set. Check constraints, unique
    constraints and indexes stay on.
    """
    spec = SIZES[size]
    name = municipality_name(size, seed)
    if Municipality.objects.filter(name=name).exists():
        raise ValueError(f"{name!r} exists already; use another seed or a fresh database")
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    started = time.monotonic()
    with transaction.atomic():
        staff = _organisation(rng, spec, name, size, seed, as_of)
    out(f"organisation: {len(staff.teams)} teams, {staff.people} professionals")
    tables = make_tables()
    for table in tables.all():
        table.start_ids()
    writer = HouseholdWriter(
        rng=rng, tables=tables, staff=staff, as_of=as_of, scales=scales_from_database()
    )
    for first in range(0, spec.households, CHUNK_HOUSEHOLDS):
        last = min(first + CHUNK_HOUSEHOLDS, spec.households)
        with transaction.atomic():
            if fast_load and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
                    cursor.execute("SET LOCAL session_replication_role = replica")
            for index in range(first, last):
                writer.household(index)
            for table in tables.all():
                table.flush()
        elapsed = time.monotonic() - started
        out(
            f"  {last:>7}/{spec.households} households, "
            f"{tables.access_log.written:>10} log rows, {elapsed:7.1f} s"
        )
    reset_sequences(tables.all())
    if connection.vendor == "postgresql":  # fresh planner statistics for the benchmark
        with connection.cursor() as cursor:
            for table in tables.all():
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table.model._meta.db_table)}")
    totals = {t.model._meta.label: t.written for t in tables.all()}
    totals["accounts.User"] = staff.people
    totals["seconds"] = round(time.monotonic() - started)
    return totals


def _organisation(
    rng: random.Random, spec: SizeSpec, name: str, size: str, seed: int, as_of: dt.date
) -> Staff:
    municipality = Municipality.objects.create(name=name)
    since = as_of - dt.timedelta(days=5 * 366)
    organisations = [
        HomeOrganisation.objects.create(municipality=municipality, name=org, kind=kind)
        for org, kind in words.HOME_ORGANISATIONS
    ]
    staff = Staff(municipality_name=name)
    for number in range(spec.teams):
        area = Area.objects.create(
            municipality=municipality,
            name=f"{words.AREA_NAMES[number % len(words.AREA_NAMES)]} {number + 1}",
            inhabitants=rng.randint(6_000, 10_000),
        )
        team = Team.objects.create(municipality=municipality, name=f"Wijkteam {area.name}")
        team.areas.set([area])
        roles = [Role.TEAM_LEADER, Role.CIVIL_SERVANT] + [Role.TEAM_MEMBER] * spec.members_per_team
        members: list[User] = []
        for k, role in enumerate(roles):
            user = User.objects.create(
                username=f"bench-{size}-{seed}-t{number + 1:03d}-{k + 1:02d}",
                first_name=rng.choice(words.FIRST_NAMES),
                last_name=rng.choice(words.LAST_NAMES),
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            Membership.objects.create(
                user=user,
                municipality=municipality,
                team=team,
                role=role,
                secrecy_status=(
                    SecrecyStatus.DUTY_TO_REPORT
                    if role == Role.CIVIL_SERVANT
                    else SecrecyStatus.PROFESSIONAL_SECRECY
                ),
                function_title=str(role.label),
                fte=Decimal(rng.choice(("0.50", "0.80", "1.00"))),
                home_organisation=rng.choice(organisations),
                valid_from=since,
            )
            # A confirmed second factor, so the benchmark can log in as this person.
            TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
            staff.people += 1
            if role == Role.TEAM_MEMBER:
                members.append(user)
        staff.teams.append((team, members))
    return staff
