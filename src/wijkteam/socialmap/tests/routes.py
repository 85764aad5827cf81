from __future__ import annotations

from typing import Any

from wijkteam.core.testing.routes import ALL_LOGGED_IN, Route, api, ui
from wijkteam.socialmap.models import ImportJob
from wijkteam.socialmap.tests.factories import make_service

SAME_MUNICIPALITY = tuple(p for p in ALL_LOGGED_IN if p != "other_admin")
EDITORS = ("admin", "leader_a", "other_admin")  # other_admin edits the map of its own municipality
TEAM_PEOPLE = ("member_a", "member_b", "civil_servant_a", "leader_a")
TEAM_A_VIEWERS = ("member_a", "civil_servant_a", "leader_a", "admin")


def _service(w: Any) -> dict[str, int]:
    return {"service_id": make_service(w.municipality, "Geldloket").pk}


def _provider(w: Any) -> dict[str, int]:
    return {"provider_id": make_service(w.municipality, "Geldloket").provider_id}


def _solution(w: Any) -> dict[str, int]:
    from wijkteam.casework.tests.helpers import make_household, make_plan

    plan = make_plan(w, make_household(w), actions=0)
    return {"solution_id": plan.solutions.first().pk}


def _referral(w: Any) -> dict[str, int]:
    from wijkteam.casework.models import Solution
    from wijkteam.privacy.policy import Actor
    from wijkteam.socialmap.referrals import referral_create
    from wijkteam.socialmap.tests.factories import give_consent

    solution = Solution.objects.get(pk=_solution(w)["solution_id"])
    service = make_service(w.municipality, "Geldloket")
    give_consent(w, solution.plan.household, service.provider.name)
    return {
        "referral_id": referral_create(
            actor=Actor(w.member_a), solution=solution, service=service
        ).pk
    }


def _proposal(w: Any) -> dict[str, int]:
    from wijkteam.privacy.policy import Actor
    from wijkteam.socialmap.services import service_propose

    provider = make_service(w.municipality, "Geldloket").provider
    data = {"provider": provider, "name": "Taalcafé", "service_type": "general"}
    service = service_propose(actor=Actor(w.member_a), municipality=w.municipality, data=data)
    return {"service_id": service.pk}


def _job(w: Any) -> dict[str, int]:
    job = ImportJob.objects.create(
        municipality=w.municipality, created_by=w.admin, filename="x.csv", kind="csv",
        headers=["external_id", "provider", "name", "type"], rows=[["1", "P", "N", "general"]],
        mapping={"external_id": 0, "provider": 1, "name": 2, "service_type": 3},
    )  # fmt: skip
    return {"job_id": job.pk}


ROUTES = [
    Route("socialmap:search", ui(ALL_LOGGED_IN)),
    Route("socialmap:search_fragment", ui(ALL_LOGGED_IN)),
    Route("socialmap:export", ui(ALL_LOGGED_IN)),
    Route("socialmap:service_detail", ui(SAME_MUNICIPALITY), kwargs=_service),
    Route("socialmap:service_edit", ui(("admin", "leader_a")), kwargs=_service),
    Route(
        "socialmap:service_checked",
        ui(("admin", "leader_a"), ok=302),
        kwargs=_service,
        method="post",
    ),
    Route("socialmap:service_create", ui(EDITORS)),
    # Team people propose a service, editors (and only they) review it.
    Route("socialmap:proposals", ui((*TEAM_PEOPLE, "admin", "other_admin"))),
    Route("socialmap:proposal_create", ui(TEAM_PEOPLE)),
    Route(
        "socialmap:proposal_review",
        ui(("admin", "leader_a"), ok=302),
        kwargs=_proposal,
        method="post",
    ),
    Route("socialmap:provider_detail", ui(SAME_MUNICIPALITY), kwargs=_provider),
    Route("socialmap:provider_edit", ui(("admin", "leader_a")), kwargs=_provider),
    Route("socialmap:provider_create", ui(EDITORS)),
    Route("socialmap:import_upload", ui(EDITORS)),
    Route("socialmap:import_mapping", ui(("admin",)), kwargs=_job),
    Route("socialmap:import_preview", ui(("admin",)), kwargs=_job),
    Route("socialmap:import_result", ui(("admin",), ok=302), kwargs=_job),
    Route("socialmap:expertise_mine", ui(TEAM_PEOPLE)),
    Route(
        "socialmap:team_expertise", ui(TEAM_A_VIEWERS), kwargs=lambda w: {"team_id": w.team_a.pk}
    ),
    # Referrals are personal data: only who may work on the household's file (the coordinator).
    Route("socialmap:referral_create", ui(("member_a",)), kwargs=_solution),
    Route("socialmap:referral_detail", ui(("member_a",)), kwargs=_referral),
    Route("socialmap_api:service_list", api(ALL_LOGGED_IN)),
    Route(
        "socialmap_api:service_detail",
        api(SAME_MUNICIPALITY),
        kwargs=lambda w: {"pk": _service(w)["service_id"]},
    ),
    Route("socialmap_api:provider_list", api(ALL_LOGGED_IN)),
    Route(
        "socialmap_api:provider_detail",
        api(SAME_MUNICIPALITY),
        kwargs=lambda w: {"pk": _provider(w)["provider_id"]},
    ),
    Route(
        "socialmap_api:team_expertise",
        api(TEAM_A_VIEWERS),
        kwargs=lambda w: {"team_id": w.team_a.pk},
    ),
]
