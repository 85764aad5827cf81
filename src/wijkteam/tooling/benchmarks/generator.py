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
from django.db.models import F, Min
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.models import Membership, Role, SecrecyStatus, User
from wijkteam.lifedomains import LifeDomain
from wijkteam.organisations.models import Area, HomeOrganisation, Municipality, Team
from wijkteam.tooling.benchmarks import words
from wijkteam.tooling.benchmarks.city_rows import HouseholdWriter, Staff, scales_from_database
from wijkteam.tooling.benchmarks.sink import reset_sequences
from wijkteam.tooling.benchmarks.tables import make_tables

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
    with transaction.atomic():
        steering = _steering_registrations(rng, staff, as_of)
    out(f"steering registrations: {steering}")
    if connection.vendor == "postgresql":  # fresh planner statistics for the benchmark
        with connection.cursor() as cursor:
            for table in tables.all():
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table.model._meta.db_table)}")
    totals = {t.model._meta.label: t.written for t in tables.all()}
    totals["accounts.User"] = staff.people
    totals |= steering
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


def _steering_registrations(rng: random.Random, staff: Staff, as_of: dt.date) -> dict[str, int]:
    """What the steering indicators read besides the files: signals by partner with
    their outreach attempts, legal frameworks of closed trajectories, monitoring before
    closing, referrals to the social map, the planned composition and expertise per team.

    Written after the households, reading their ids back in primary-key order, so the same
    seed gives the same rows.
    """
    from wijkteam.casework.models import Solution, Trajectory, TrajectoryFramework
    from wijkteam.households.models import Household
    from wijkteam.intake.models import (
        OutreachAttempt,
        OutreachOutcome,
        PartnerKind,
        Signal,
        SignallingPartner,
        SourceKind,
    )
    from wijkteam.socialmap.models import Expertise, Provider, Referral, Service, ServiceType
    from wijkteam.teamdesign.models import CompositionLine, TeamDesign
    from wijkteam.teamdesign.services.instrument import instrument_current

    written: dict[str, int] = {}
    teams = {team.pk: (team, members) for team, members in staff.teams}
    municipality = staff.teams[0][0].municipality
    # partners: one per kind and team; rent arrears come with the 14 days before eviction
    partners: dict[int, list[SignallingPartner]] = {}
    for team_id, (team, _members) in teams.items():
        partners[team_id] = [
            SignallingPartner.objects.create(
                team=team,
                name=f"{label} ({team.name})",
                kind=kind,
                deadline_days=14 if kind == PartnerKind.HOUSING_CORPORATION else None,
            )
            for kind, label in PartnerKind.choices
        ]
    not_reached = [v for v in OutreachOutcome.values if v != OutreachOutcome.CONTACT]
    signals: list[Signal] = []
    attempts: list[tuple[int, int, list[tuple[dt.datetime, str]]]] = []  # signal index
    # the signal came shortly before the household's first trajectory (not its created_at:
    # without COPY that is the moment of generating)
    households = (
        Household.objects.filter(team_id__in=list(teams))
        .annotate(first_start=Min("trajectories__started_on"))
        .filter(first_start__isnull=False)
        .order_by("pk")
    )
    for household_id, team_id, first_start in households.values_list(
        "pk", "team_id", "first_start"
    ):
        if rng.random() > 0.6:  # the others came in another way (a colleague, the front desk)
            continue
        members = teams[team_id][1]
        received = timezone.make_aware(dt.datetime.combine(first_start, dt.time(9))) - dt.timedelta(
            days=rng.randint(0, 20), hours=rng.randint(0, 8)
        )
        by_partner = rng.random() < 0.7
        partner = rng.choice(partners[team_id]) if by_partner else None
        deadline = (
            timezone.localtime(received).date() + dt.timedelta(days=partner.deadline_days)
            if partner is not None and partner.deadline_days
            else None
        )
        signals.append(
            Signal(
                team_id=team_id,
                source_kind=SourceKind.PARTNER
                if by_partner
                else rng.choice((SourceKind.SELF_REFERRAL, SourceKind.RESIDENT)),
                partner=partner,
                concern=rng.choice(words.QUESTIONS),
                subject_name=f"Bewoner {household_id}",
                status="linked",
                household_id=household_id,
                deadline=deadline,
                received_at=received,
                created_by=rng.choice(members),
            )
        )
        tries, day = [], received
        for number in range(rng.choice((1, 1, 2, 2, 3, 4))):
            day = day + dt.timedelta(days=rng.choice((0, 1, 2, 3, 5, 8, 13)), hours=2)
            last = number == 0 or rng.random() < 0.5
            reached = rng.random() < 0.85
            tries.append(
                (day, OutreachOutcome.CONTACT if last and reached else rng.choice(not_reached))
            )
            if last:
                break
        attempts.append((len(signals) - 1, team_id, tries))
    made = Signal.objects.bulk_create(signals, batch_size=2000)
    OutreachAttempt.objects.bulk_create(
        [
            OutreachAttempt(
                team_id=team_id,
                signal_id=made[index].pk,
                attempted_at=min(at, timezone.make_aware(dt.datetime.combine(as_of, dt.time(17)))),
                outcome=outcome,
                made_by=made[index].created_by,
            )
            for index, team_id, tries in attempts
            for at, outcome in tries
        ],
        batch_size=2000,
    )
    written["intake.Signal"] = len(made)
    written["intake.OutreachAttempt"] = sum(len(t) for _i, _t, t in attempts)
    # closed trajectories: their legal frameworks, and most had a monitoring period
    closed = Trajectory.objects.filter(
        household__team_id__in=list(teams), closed_on__isnull=False
    ).order_by("pk")
    frameworks, monitored = [], []
    for pk in closed.values_list("pk", flat=True):
        chosen = {rng.choices(("wmo", "jeugdwet", "participatiewet"), weights=(70, 18, 12))[0]}
        if rng.random() < 0.15:
            chosen.add(rng.choice(("wmo", "participatiewet")))
        frameworks += [TrajectoryFramework(trajectory_id=pk, framework=f) for f in sorted(chosen)]
        if rng.random() < 0.6:
            monitored.append(pk)
    TrajectoryFramework.objects.bulk_create(frameworks, batch_size=2000)
    for first in range(0, len(monitored), 2000):
        Trajectory.objects.filter(pk__in=monitored[first : first + 2000]).update(
            monitoring_until=F("closed_on")
        )
    written["casework.TrajectoryFramework"] = len(frameworks)
    # referrals from provisions in the plans to services of the social map
    services: dict[str, list[Service]] = {}
    for number, (kind, label) in enumerate(ServiceType.choices):
        provider = Provider.objects.create(
            municipality=municipality, name=f"Aanbieder {number + 1}"
        )
        services[kind] = [
            Service.objects.create(
                municipality=municipality,
                provider=provider,
                external_id=f"bench-{kind}-{k}",
                name=f"{label} {k + 1}",
                service_type=kind,
            )
            for k in range(3)
        ]
    kinds = {
        "general_provision": ("general", "collective", "prior"),
        "tailored_provision": ("tailored",),
    }
    statuses = ("proposed", "sent", "accepted", "started", "ended", "refused")
    referrals = []
    solutions = Solution.objects.filter(plan__household__team_id__in=list(teams), frame__in=kinds)
    for pk, frame, starts_on, creator in solutions.order_by("pk").values_list(
        "pk", "frame", "plan__starts_on", "plan__created_by_id"
    ):
        if rng.random() > 0.5:
            continue
        service = rng.choice(services[rng.choice(kinds[frame])])
        referrals.append(
            Referral(
                solution_id=pk,
                service=service,
                provider_id=service.provider_id,
                status=rng.choices(statuses, weights=(5, 10, 10, 40, 25, 10))[0],
                proposed_on=min(starts_on + dt.timedelta(days=rng.randint(0, 30)), as_of),
                created_by_id=creator,
            )
        )
    Referral.objects.bulk_create(referrals, batch_size=2000)
    written["socialmap.Referral"] = len(referrals)
    # the team's planned composition, and expertise per member
    instrument = instrument_current(municipality=municipality)
    domains = list(LifeDomain.values)
    expertise = []
    for _team_id, (team, members) in teams.items():
        design = TeamDesign.objects.create(team=team, instrument=instrument, created_by=members[0])
        CompositionLine.objects.bulk_create(
            [
                CompositionLine(
                    design=design, role="Generalist", fte=Decimal(len(members)) * Decimal("0.75")
                ),
                CompositionLine(design=design, role="Teamleider", fte=Decimal("0.80")),
            ]
        )
        for membership in Membership.objects.filter(team=team, role=Role.TEAM_MEMBER).order_by(
            "pk"
        ):
            expertise += [
                Expertise(membership=membership, domain=d) for d in rng.sample(domains, 2)
            ]
    Expertise.objects.bulk_create(expertise)
    written["socialmap.Expertise"] = len(expertise)
    return written
