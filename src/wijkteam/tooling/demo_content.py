"""Fictional casework for the demo, written through the real services (so the demo shows
what the rules allow, and the access log fills as it would in practice).

Every name, address and number here is invented; BSNs come from the test generator.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.casework import services as casework
from wijkteam.casework.models import Frame, OwnerKind, Phase, Trajectory
from wijkteam.households.bsn import generate_test_bsn
from wijkteam.households.services import MemberInput, household_create
from wijkteam.intake import services as intake
from wijkteam.organisations.models import Area, Municipality, Team
from wijkteam.privacy.policy import Actor
from wijkteam.socialmap import services as socialmap
from wijkteam.socialmap.models import Provider

SERVICES = [
    # name, provider, type, domains, free, indication, description
    (
        "Buurthuis De Schakel",
        "Welzijn Voorbeeldstad",
        "general",
        ["social_network", "daytime_activities"],
        True,
        False,
        "Ontmoeting, koffieochtenden en activiteiten voor alle buurtbewoners.",
    ),
    (
        "Formulierenbrigade",
        "Welzijn Voorbeeldstad",
        "general",
        ["finances"],
        True,
        False,
        "Vrijwilligers helpen met post, formulieren en toeslagen.",
    ),
    (
        "Geldloket",
        "Schuldhulp Samen",
        "general",
        ["finances"],
        True,
        False,
        "Inloopspreekuur voor vragen over geld, rekeningen en schulden.",
    ),
    (
        "Schuldhulpverlening",
        "Schuldhulp Samen",
        "tailored",
        ["finances"],
        True,
        True,
        "Schuldregeling en budgetbeheer na een intake bij de gemeente.",
    ),
    (
        "Taalcafé",
        "Welzijn Voorbeeldstad",
        "collective",
        ["community_participation", "social_network"],
        True,
        False,
        "Samen Nederlands oefenen in een groep.",
    ),
    (
        "Mantelzorgsteunpunt",
        "Welzijn Voorbeeldstad",
        "prior",
        ["domestic_relations", "mental_health"],
        True,
        False,
        "Advies en respijt voor mantelzorgers.",
    ),
    (
        "Wijkverpleging",
        "Thuiszorg De Linde",
        "prior",
        ["physical_health", "adl"],
        True,
        False,
        "Verpleging en verzorging thuis via de huisarts of zelf aanvragen.",
    ),
    (
        "Huishoudelijke hulp (Wmo)",
        "Thuiszorg De Linde",
        "tailored",
        ["adl", "housing"],
        False,
        True,
        "Hulp bij het huishouden na een Wmo-indicatie.",
    ),
    (
        "Maatjesproject",
        "MEE Regio",
        "collective",
        ["social_network"],
        True,
        False,
        "Een vrijwillige maatje voor wie weinig contacten heeft.",
    ),
    (
        "Jongerenwerk",
        "Welzijn Voorbeeldstad",
        "general",
        ["daytime_activities", "community_participation"],
        True,
        False,
        "Activiteiten en steun voor jongeren van 12 tot 23 jaar.",
    ),
    (
        "Ambulante begeleiding",
        "MEE Regio",
        "tailored",
        ["mental_health", "daytime_activities"],
        False,
        True,
        "Begeleiding thuis bij het dagelijks leven, met een indicatie.",
    ),
    (
        "Voedselbank",
        "Welzijn Voorbeeldstad",
        "prior",
        ["finances"],
        True,
        False,
        "Voedselpakketten voor huishoudens onder de grens.",
    ),
]


def _adult(rng: random.Random, first: str, last: str, year: int) -> MemberInput:
    return MemberInput(
        first,
        last,
        dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
        bsn=generate_test_bsn(rng),
    )


def load(municipality: Municipality) -> None:
    rng = random.Random(2026)  # noqa: S311 - reproducible fictional data, not security
    admin = User.objects.get(username="beheer")
    admin_actor = Actor(user=admin, ip_address="127.0.0.1", purpose="demo data")
    team = Team.objects.get(municipality=municipality, name="Wijkteam Binnenstad")
    area = Area.objects.get(municipality=municipality, name="Binnenstad")
    for name, provider_name, kind, domains, free, indication, description in SERVICES:
        existing = Provider.objects.filter(municipality=municipality, name=provider_name).first()
        provider = existing or socialmap.provider_save(
            actor=admin_actor,
            municipality=municipality,
            provider=None,
            data={"name": provider_name},
        )
        socialmap.service_save(
            actor=admin_actor,
            municipality=municipality,
            service=None,
            data={
                "provider": provider,
                "name": name,
                "description": description,
                "service_type": kind,
                "domains": domains,
                "is_free": free,
                "needs_indication": indication,
                "external_id": f"demo-{name[:20]}",
                "areas": [area],
                "last_checked": timezone.localdate(),
            },
        )

    leader = Actor(
        user=User.objects.get(username="lotte"), ip_address="127.0.0.1", purpose="demo data"
    )
    corporation = intake.partner_save(
        actor=leader,
        team=team,
        partner=None,
        data={
            "name": "Woonstichting Thuis",
            "kind": "housing_corporation",
            "partner_contact": "Wijkbeheerder, 010-0000000",
            "agreement": "Bij huurachterstand melden zij twee weken voor de deurwaarder.",
            "deadline_days": 14,
            "contact_person": User.objects.get(username="fenna"),
            "is_active": True,
        },
    )
    intake.duty_roster_generate(
        actor=leader, team=team, start=timezone.localdate(), working_day_count=20
    )
    fenna = Actor(
        user=User.objects.get(username="fenna"), ip_address="127.0.0.1", purpose="demo data"
    )
    intake.signal_register(
        actor=fenna,
        team=team,
        partner=corporation,
        concern="Drie maanden huurachterstand, reageert niet op post.",
        subject_name="Fam. Yilmaz",
        subject_address="Havenstraat 12",
        urgency="high",
    )
    intake.signal_register(
        actor=fenna,
        team=team,
        source_kind="resident",
        concern="Buurvrouw ziet meneer al dagen niet buiten.",
        subject_address="Kerkplein 3",
        channel="phone",
    )

    _household(
        rng,
        fenna,
        team,
        "Familie De Boer",
        "Molenweg 4",
        [_adult(rng, "Karin", "de Boer", 1981), _adult(rng, "Sem", "de Boer", 2011)],
        Phase.SUPPORT,
    )
    _household(
        rng,
        fenna,
        team,
        "Mevrouw Pinas",
        "Singel 88",
        [_adult(rng, "Gloria", "Pinas", 1949)],
        Phase.PLAN,
    )
    jamal = Actor(
        user=User.objects.get(username="jamal"), ip_address="127.0.0.1", purpose="demo data"
    )
    _household(
        rng,
        jamal,
        team,
        "Familie Haddou",
        "Lindelaan 17",
        [
            _adult(rng, "Samira", "Haddou", 1985),
            _adult(rng, "Youssef", "Haddou", 1983),
            _adult(rng, "Amina", "Haddou", 2014),
        ],
        Phase.EVALUATION,
    )
    _household(
        rng, jamal, team, "Meneer Kok", "Kade 2", [_adult(rng, "Henk", "Kok", 1958)], Phase.ANALYSIS
    )


def _household(
    rng: random.Random,
    actor: Actor,
    team: Team,
    name: str,
    address: str,
    members: list[MemberInput],
    phase: str,
) -> None:
    household = household_create(
        actor=actor,
        team=team,
        name=name,
        street_address=address,
        postcode="1234AB",
        city="Voorbeeldstad",
        members=members,
        coordinator=actor.user,
    )
    trajectory = Trajectory.objects.filter(household=household).order_by("-pk").first()
    assert trajectory is not None
    casework.conversation_record(
        actor=actor,
        trajectory=trajectory,
        question_asked="Hulp bij rekeningen en de post.",
        question_behind="Overzicht kwijt sinds het overlijden van een partner; schaamte om hulp te vragen.",
        strengths="Sterk netwerk in de kerk; dochter komt wekelijks.",
        ambitions="Weer zelf de post doen.",
        participation_level=2,
        lock_version=None,
    )
    casework.note_create(
        actor=actor, household=household, text="Kennismaking aan de keukentafel; afspraak gemaakt."
    )
    if phase == Phase.ANALYSIS:
        return
    casework.trajectory_advance(actor=actor, trajectory=trajectory, to_phase=Phase.PLAN)
    plan = casework.plan_create(actor=actor, trajectory=trajectory)
    problem = casework.problem_add(
        actor=actor,
        plan=plan,
        life_domain="finances",
        description="Betalingsachterstanden lopen op",
    )
    casework.goal_add(
        actor=actor,
        plan=plan,
        problem=problem,
        text="Vaste lasten op tijd betaald",
        results=["Overzicht van alle schulden", "Betalingsregeling met de verhuurder"],
    )
    texts = {
        Frame.values[0]: "Zelf elke maandag de post openen",
        Frame.values[1]: "Dochter helpt met de bankzaken",
        Frame.values[2]: "Formulierenbrigade voor de toeslagen",
        Frame.values[3]: "Aanmelding schuldhulpverlening",
    }
    solutions = [
        casework.solution_add(actor=actor, plan=plan, frame=frame, text=text)
        for frame, text in texts.items()
    ]
    for i, (owner_kind, text) in enumerate(
        [
            (OwnerKind.RESIDENT, "Post sorteren"),
            (OwnerKind.TEAM_MEMBER, "Bellen met verhuurder"),
            (OwnerKind.TEAM_MEMBER, "Aanmelden bij schuldhulp"),
        ]
    ):
        casework.action_add(
            actor=actor,
            plan=plan,
            solution=solutions[i % 4],
            text=text,
            owner_kind=owner_kind,
            owner_user=actor.user if owner_kind == OwnerKind.TEAM_MEMBER else None,
            owner_name="" if owner_kind == OwnerKind.TEAM_MEMBER else "De inwoner zelf",
            due_on=plan.starts_on + dt.timedelta(days=3 + 4 * i),
        )
    if phase == Phase.PLAN:
        return
    casework.trajectory_advance(actor=actor, trajectory=trajectory, to_phase=Phase.SUPPORT)
    casework.note_create(
        actor=actor,
        household=household,
        text="Regeling met de verhuurder rond; volgende week evalueren.",
    )
    if phase == Phase.SUPPORT:
        return
    casework.trajectory_advance(actor=actor, trajectory=trajectory, to_phase=Phase.EVALUATION)
