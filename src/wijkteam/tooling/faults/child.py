"""The database side of ``wijkteam faultcheck``: run in child processes whose settings point
at the scratch database (``wijkteam faultcheck --child ACTION``), each prints one JSON line.

Only ever run on the scratch database the parent made: ``seed`` creates a fictional team,
person and household through the normal services.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.models import Membership, Role, SecrecyStatus, User
from wijkteam.casework import services as casework
from wijkteam.casework.models import ActionStatus, Frame, OwnerKind, Phase, Plan, Trajectory
from wijkteam.households.bsn import generate_test_bsn
from wijkteam.households.services import MemberInput, household_create
from wijkteam.organisations.models import Team
from wijkteam.organisations.services import municipality_bootstrap
from wijkteam.privacy import chain
from wijkteam.privacy.models import AccessEvent, AccessLogEntry, AccessOutcome
from wijkteam.privacy.policy import Actor

SEAL_SOME_KEY = "faultcheck-unsealed-rows"


def _new_rows(user: User, count: int, first: dt.datetime) -> int:
    AccessLogEntry.objects.bulk_create(
        (
            AccessLogEntry(
                event=AccessEvent.READ,
                occurred_at=first + dt.timedelta(microseconds=i),
                outcome=AccessOutcome.GRANTED,
                actor=user,
                actor_name=user.get_full_name(),
                actor_role=Role.TEAM_MEMBER,
                object_type="households.household",
                object_id=str(i),
                purpose=SEAL_SOME_KEY,
            )
            for i in range(count)
        ),
        batch_size=2000,
    )
    return count


@transaction.atomic
def seed(*, plan_parts: int) -> dict[str, Any]:
    municipality = municipality_bootstrap(name="Foutproefgemeente")
    team = Team.objects.create(municipality=municipality, name="Foutproefteam")
    password = secrets.token_urlsafe(16)
    user = User.objects.create(username="foutproef", first_name="Fien", last_name="Proef")
    user.set_password(password)
    user.save()
    Membership.objects.create(
        user=user,
        municipality=municipality,
        team=team,
        role=Role.TEAM_MEMBER,
        secrecy_status=SecrecyStatus.PROFESSIONAL_SECRECY,
        function_title="Maatschappelijk werker",
        fte="0.8",
    )
    device = TOTPDevice.objects.create(user=user, name="faultcheck", confirmed=True)
    editor = User.objects.create(username="foutbeheer", first_name="Bas", last_name="Beheer")
    Membership.objects.create(
        user=editor,
        municipality=municipality,
        role=Role.FUNCTIONAL_ADMIN,
        secrecy_status=SecrecyStatus.NOT_APPLICABLE,
        function_title="Functioneel beheerder",
        fte="1.0",
    )
    actor = Actor(user=user, purpose="faultcheck")
    rng = random.Random(7)  # noqa: S311  (test data)
    household = household_create(
        actor=actor,
        team=team,
        name="Familie Proef",
        members=[MemberInput("Fien", "Proef", dt.date(1981, 4, 2), bsn=generate_test_bsn(rng))],
        coordinator=user,
    )
    trajectory = Trajectory.objects.get(household=household)
    casework.trajectory_advance(actor=actor, trajectory=trajectory, to_phase=Phase.PLAN)
    plan = casework.plan_create(actor=actor, trajectory=trajectory)
    for i in range(plan_parts):
        problem = casework.problem_add(
            actor=actor, plan=plan, life_domain="finances", description=f"Probleem {i}"
        )
        goal = casework.goal_add(
            actor=actor, plan=plan, problem=problem, text=f"Doel {i}", results=[f"Resultaat {i}"]
        )
        solution = casework.solution_add(
            actor=actor, plan=plan, frame=Frame.values[i % 4], text=f"Oplossing {i}", goal=goal
        )
        casework.action_add(
            actor=actor,
            plan=plan,
            solution=solution,
            text=f"Actie {i}",
            owner_kind=OwnerKind.TEAM_MEMBER,
            owner_user=user,
        )
    return {
        "username": user.username,
        "password": password,
        "totp_key": device.key,
        "household_id": household.pk,
        "plan_parts": plan_parts,
    }


def plan_state(*, household_id: int) -> dict[str, Any]:
    """Every version complete (as many parts as the first), one current, one log row each."""
    plans = list(
        Plan.objects.filter(household_id=household_id)
        .annotate(
            n_problems=Count("problems", distinct=True),
            n_goals=Count("goals", distinct=True),
            n_results=Count("goals__results", distinct=True),
            n_solutions=Count("solutions", distinct=True),
        )
        .order_by("version")
    )
    problems = []
    first = plans[0]
    parts = (first.n_problems, first.n_goals, first.n_results, first.n_solutions)
    for plan in plans:
        actions = plan.actions.exclude(status=ActionStatus.CANCELLED).count()
        if plan.is_current:
            kept = actions
        else:
            kept = plan.actions.filter(status=ActionStatus.CANCELLED).count()
        mine = (plan.n_problems, plan.n_goals, plan.n_results, plan.n_solutions)
        if mine != parts or kept != first.actions.count():
            problems.append(f"plan version {plan.version} is half: {mine} + {kept} actions")
    current = [p.version for p in plans if p.is_current]
    if current != [plans[-1].version]:
        problems.append(f"current plan versions: {current}")
    if [p.version for p in plans] != list(range(1, len(plans) + 1)):
        problems.append(f"plan versions {[p.version for p in plans]} have a gap")
    logged = set(
        AccessLogEntry.objects.filter(
            object_type=Plan._meta.label_lower, event=AccessEvent.CREATE
        ).values_list("object_id", flat=True)
    )
    if logged != {str(p.pk) for p in plans}:
        problems.append(f"plan create log rows {sorted(logged)} do not match the plans")
    return {
        "versions": len(plans),
        "parts": (
            f"each {parts[0]} problems, {parts[1]} goals, {parts[2]} results, "
            f"{parts[3]} solutions, {first.actions.count()} actions"
        ),
        "problems": problems,
    }


def seal_state(*, min_age: int) -> dict[str, Any]:
    result = chain.verify()
    cutoff = timezone.now() - dt.timedelta(seconds=min_age)
    sealable = AccessLogEntry.objects.filter(seal_seq__isnull=True, occurred_at__lt=cutoff)
    return {
        "ok": result.ok,
        "reason": result.reason,
        "sealed": AccessLogEntry.objects.filter(seal_seq__isnull=False).count(),
        "sealable": sealable.count(),
        "ours_sealed": AccessLogEntry.objects.filter(
            purpose=SEAL_SOME_KEY, seal_seq__isnull=False
        ).count(),
    }


def seal_some(*, rows: int) -> dict[str, Any]:
    """Seal up to the first ``rows`` added rows (a chain that existed before the kills)."""
    added = AccessLogEntry.objects.filter(purpose=SEAL_SOME_KEY).order_by("pk")
    last = added[rows - 1].occurred_at
    started = time.monotonic()
    sealed = chain.seal(now=last + chain.SEAL_MIN_AGE + dt.timedelta(microseconds=1))
    return {"sealed": sealed, "seconds": time.monotonic() - started}


def add_rows(*, rows: int, age: int) -> dict[str, Any]:
    """Unsealed rows written now (as while the sealer was stopped), after all others by id
    and in time; returns once the newest is older than ``age`` seconds on this process's
    clock (the server's; the parent may run with a moved clock), so a sealer run with that
    minimum age takes them all.

    Dated now, not back: the sealer rightly refuses rows older than the last seal as
    back-dated inserts, so rows of an hour ago were refused whenever a seal (the worker's
    schedule, or a round of this scenario) had run since.
    """
    user = User.objects.get(username="foutproef")
    first = timezone.now()
    added = _new_rows(user, rows, first)
    ready = first + dt.timedelta(microseconds=rows) + dt.timedelta(seconds=age)
    wait = (ready - timezone.now()).total_seconds()
    if wait > 0:
        time.sleep(wait + 0.05)
    return {"added": added}


def import_start(*, rows: int) -> dict[str, Any]:
    """An import job of ``rows`` new services, started as the preview page starts it."""
    from wijkteam.socialmap import background
    from wijkteam.socialmap.models import ImportJob

    editor = User.objects.get(username="foutbeheer")
    municipality = editor.memberships.get().municipality
    batch = ImportJob.objects.filter(created_by=editor).count()
    data = [[f"f{batch}-{i}", f"Dienst {i}", f"Stichting {i % 7}", "general"] for i in range(rows)]
    with transaction.atomic():
        job = ImportJob.objects.create(
            municipality=municipality,
            created_by=editor,
            filename="foutproef.csv",
            kind="csv",
            headers=["id", "naam", "aanbieder", "soort"],
            rows=data,
            mapping={"external_id": 0, "name": 1, "provider": 2, "service_type": 3},
        )
        background.start(job, editor, True)
    return {"job_id": job.pk, "prefix": f"f{batch}-"}


def import_state(*, job_id: int, prefix: str) -> dict[str, Any]:
    from wijkteam.socialmap.models import ImportJob, ImportStagedService, Service

    job = ImportJob.objects.get(pk=job_id)
    return {
        "status": job.status,
        "lost_worker": job.lost_worker(),
        "uploaded_rows": len(job.rows),
        "live": Service.objects.filter(external_id__startswith=prefix).count(),
        "staged": ImportStagedService.objects.filter(job_id=job_id).count(),
    }


def totp_code(*, key: str) -> dict[str, Any]:
    """The current TOTP code of a device key (hex), on this machine's clock."""
    from django_otp.oath import TOTP

    return {"code": f"{TOTP(bytes.fromhex(key)).token():06d}"}


ACTIONS: dict[str, Callable[..., dict[str, Any]]] = {
    "seed": seed,
    "totp_code": totp_code,
    "plan_state": plan_state,
    "seal_state": seal_state,
    "seal_some": seal_some,
    "add_rows": add_rows,
    "import_start": import_start,
    "import_state": import_state,
}
