import datetime as dt
from typing import Any

from django.urls import reverse

from wijkteam.casework.models import Action, ActionStatus, Note
from wijkteam.casework.tests.helpers import make_household, make_plan
from wijkteam.privacy import retention


def test_stale_lock_version_gives_409_with_dutch_message(world: Any, client_for: Any) -> None:
    household = make_household(world)
    action = make_plan(world, household).actions.get()
    client = client_for(world.member_a)
    url = reverse("casework_api:action_detail", args=[action.pk])
    first = client.patch(
        url, {"lock_version": 1, "status": "done"}, content_type="application/json"
    )
    assert first.status_code == 200 and first.json()["lock_version"] == 2
    second = client.patch(
        url, {"lock_version": 1, "status": "cancelled"}, content_type="application/json"
    )
    assert second.status_code == 409
    assert "ondertussen gewijzigd" in second.json()["detail"]  # Dutch
    assert second.json()["current"]["status"] == ActionStatus.DONE
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_bad_input_gives_400_not_500(world: Any, client_for: Any) -> None:
    household = make_household(world)
    action = make_plan(world, household).actions.get()
    client = client_for(world.member_a)
    url = reverse("casework_api:action_detail", args=[action.pk])
    assert client.patch(url, {"status": "done"}, content_type="application/json").status_code == 400
    assert (
        client.patch(
            url, {"lock_version": 1, "colour": "red"}, content_type="application/json"
        ).status_code
        == 400
    )
    early = client.patch(
        url, {"lock_version": 1, "due_on": "2000-01-01"}, content_type="application/json"
    )
    assert early.status_code == 400 and "due_on" in early.json()
    advance = reverse("casework_api:trajectory_advance", args=[household.pk])
    assert (
        client.post(
            advance, {"to_phase": "monitoring"}, content_type="application/json"
        ).status_code
        == 400
    )
    assert (
        client.post(advance, {"to_phase": "nowhere"}, content_type="application/json").status_code
        == 400
    )
    missing = reverse("casework_api:household_detail", args=[999999])
    assert client.get(missing).status_code == 404


def test_notes_via_api_and_levels(world: Any, client_for: Any) -> None:
    household = make_household(world)
    url = reverse("casework_api:note_list", args=[household.pk])
    created = client_for(world.member_a).post(
        url, {"kind": "phone", "text": "Gebeld"}, content_type="application/json"
    )
    assert created.status_code == 201
    assert Note.objects.filter(household=household).count() == 1
    detail = reverse("casework_api:household_detail", args=[household.pk])
    full = client_for(world.member_a).get(detail).json()
    assert full["view_level"] == "full" and full["notes"][0]["text"] == "Gebeld"
    born = {m["date_of_birth"]: m["age"] for m in full["members"] if m["date_of_birth"]}
    assert born and all(isinstance(age, int) and age >= 0 for age in born.values())
    restricted = client_for(world.civil_servant_a).get(detail).json()
    assert (
        restricted["view_level"] == "restricted"
        and "notes" not in restricted
        and len(restricted["members"]) == 3
    )
    # No age where the date of birth is not shown (it would tell it).
    assert all(m["age"] is None for m in restricted["members"])
    metadata = client_for(world.leader_a).get(detail).json()
    assert metadata["view_level"] == "metadata" and "members" not in metadata
    assert client_for(world.civil_servant_a).get(url).status_code == 404
    assert client_for(world.member_b).get(detail).status_code == 404


def test_plan_evaluation_and_close_via_api(world: Any, client_for: Any) -> None:
    household = make_household(world)
    make_plan(world, household, actions=2)
    client = client_for(world.member_a)
    plan = client.get(reverse("casework_api:plan_detail", args=[household.pk])).json()
    assert plan["problems"][0]["goals"][0]["results"] == ["Budget", "Regeling"]
    assert len(plan["solutions"]) == 4 and sum(len(s["actions"]) for s in plan["solutions"]) == 2
    evaluation = reverse("casework_api:evaluation_record", args=[household.pk])
    body = {"question_answered": "yes", "self_reliance": "up", "participation": "same"}
    assert (
        client.post(evaluation, body, content_type="application/json").status_code == 400
    )  # wrong phase
    close = reverse("casework_api:trajectory_close", args=[household.pk])
    body = {"reason": "", "frameworks": ["wmo"]}
    assert client.post(close, body, content_type="application/json").status_code == 400
    no_framework = client.post(
        close, {"reason": "Verhuisd", "frameworks": []}, content_type="application/json"
    )
    assert no_framework.status_code == 400
    assert "wettelijk kader" in no_framework.content.decode()
    first, second = (a["id"] for s in plan["solutions"] for a in s["actions"])
    body = {
        "reason": "Verhuisd",
        "frameworks": ["wmo", "participatiewet"],
        "actions": [{"id": first, "status": "done"}],
    }
    closed = client.post(close, body, content_type="application/json")
    assert closed.status_code == 200 and closed.json()["phase"] == "closed"
    assert closed.json()["frameworks"] == ["participatiewet", "wmo"]
    # A child lives there, but no youth help was given: the Wmo term of 15 years.
    ends = retention.add_years(dt.date.today(), 15).isoformat()
    assert closed.json()["retention"]["retention_class"] == "wmo"
    assert closed.json()["retention"]["delete_after"] == ends
    assert dict(Action.objects.filter(pk__in=[first, second]).values_list("pk", "status")) == {
        first: "done",
        second: "cancelled",
    }
    detail = client.get(reverse("casework_api:household_detail", args=[household.pk])).json()
    assert detail["frameworks"] == ["participatiewet", "wmo"]
    assert detail["retention"]["delete_after"] == ends


def test_build_a_plan_through_the_api(world: Any, client_for: Any) -> None:
    household = make_household(world)
    client = client_for(world.member_a)
    base = f"/api/v1/households/{household.pk}/"
    conversation = client.put(
        base + "conversation/",
        {"question_asked": "Grip op geld", "participation_level": 3},
        content_type="application/json",
    )
    assert conversation.status_code == 200
    assert (
        client.put(
            base + "conversation/",
            {"question_asked": "x", "participation_level": 9},
            content_type="application/json",
        ).status_code
        == 400
    )
    assert (
        client.post(
            base + "advance/", {"to_phase": "plan"}, content_type="application/json"
        ).status_code
        == 200
    )
    assert (
        client.post(base + "plan/create/", {}, content_type="application/json").status_code == 201
    )
    problem = client.post(
        base + "plan/problems/",
        {"life_domain": "finances", "description": "Schulden"},
        content_type="application/json",
    ).json()["id"]
    goal = client.post(
        base + "plan/goals/",
        {"problem": problem, "text": "Schuldenvrij", "results": ["Regeling loopt"]},
        content_type="application/json",
    )
    assert goal.status_code == 201
    solution = client.post(
        base + "plan/solutions/",
        {"frame": "tailored_provision", "text": "Schuldhulp"},
        content_type="application/json",
    ).json()["id"]
    action = client.post(
        base + "plan/actions/",
        {
            "text": "Aanmelden",
            "owner_kind": "team_member",
            "owner_user": world.member_a.pk,
            "solution": solution,
        },
        content_type="application/json",
    )
    assert action.status_code == 201 and action.json()["lock_version"] == 1
    wrong_owner = client.post(
        base + "plan/actions/",
        {"text": "Aanmelden", "owner_kind": "team_member", "owner_user": world.member_b.pk},
        content_type="application/json",
    )
    assert wrong_owner.status_code == 400 and "owner_user" in wrong_owner.json()
    plan = client.get(base + "plan/").json()
    assert plan["problems"][0]["goals"][0]["results"] == ["Regeling loopt"]
    assert plan["solutions"][0]["actions"][0]["text"] == "Aanmelden"
    assert (
        client_for(world.leader_a)
        .post(
            base + "plan/problems/",
            {"life_domain": "finances", "description": "x"},
            content_type="application/json",
        )
        .status_code
        == 404
    )
