"""Conflict-safe edits in casework: a colleague's save is never silently overwritten.

Each edit names the version it was made from; a stale one is refused (service: ConflictError;
page: 409 with the person's input next to the stored values and who changed what, when).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wijkteam.casework import services
from wijkteam.casework.models import Conversation, Evaluation, Involvement, Phase, Plan
from wijkteam.casework.services import ConflictError
from wijkteam.casework.tests.helpers import actor, make_household, make_plan, trajectory_of
from wijkteam.core.conflicts import fingerprint, values_of

CONVERSATION = {
    "question_asked": "Grip op de post",
    "question_behind": "",
    "strengths": "Dochter helpt",
    "ambitions": "",
    "participation_level": "",
    "held_on": "",
}


def _involve_member_b(world: Any, household: Any) -> None:
    services.involvement_add(
        actor=actor(world.member_a),
        trajectory=trajectory_of(household),
        user=world.member_b,
        role="Schuldhulp",
    )


# --- the kitchen-table conversation -----------------------------------------------------


def test_conversation_rewrite_from_a_stale_version_is_refused(world: Any) -> None:
    household = make_household(world)
    trajectory = trajectory_of(household)
    first = services.conversation_record(
        actor=actor(world.member_a),
        trajectory=trajectory,
        question_asked="Eerste versie",
        lock_version=None,
    )
    services.conversation_record(
        actor=actor(world.member_a),
        trajectory=trajectory,
        question_asked="Tweede versie",
        lock_version=first.lock_version,
    )
    with pytest.raises(ConflictError) as caught:
        services.conversation_record(
            actor=actor(world.member_a),
            trajectory=trajectory,
            question_asked="Van een oude pagina",
            lock_version=first.lock_version,
        )
    assert caught.value.current.question_asked == "Tweede versie"
    assert "Test" in str(caught.value)  # the name of who saved it
    assert Conversation.objects.get(trajectory=trajectory).question_asked == "Tweede versie"


def test_two_first_conversations_make_one_and_refuse_the_other(world: Any) -> None:
    household = make_household(world)
    trajectory = trajectory_of(household)
    services.conversation_record(
        actor=actor(world.member_a), trajectory=trajectory, question_asked="A", lock_version=None
    )
    with pytest.raises(ConflictError):
        services.conversation_record(
            actor=actor(world.member_a),
            trajectory=trajectory,
            question_asked="B",
            lock_version=None,
        )
    assert Conversation.objects.get(trajectory=trajectory).question_asked == "A"


def test_conversation_page_conflict_is_409_with_both_inputs(world: Any, client_for: Any) -> None:
    household = make_household(world)
    _involve_member_b(world, household)
    trajectory = trajectory_of(household)
    services.conversation_record(
        actor=actor(world.member_a),
        trajectory=trajectory,
        question_asked="Grip op de post",
        strengths="Dochter helpt",
        lock_version=None,
    )
    url = reverse("casework:conversation_edit", args=[household.pk])
    page_a = client_for(world.member_a).get(url).content.decode()
    assert 'name="lock_version" value="1"' in page_a
    stored = Conversation.objects.get(trajectory=trajectory)
    rendered = fingerprint(values_of(stored, services.trajectory.CONVERSATION_FIELDS))
    # member_b saves first, changing the ambitions.
    saved = client_for(world.member_b).post(
        url,
        {**CONVERSATION, "ambitions": "Zelf de post doen", "lock_version": 1, "rendered": rendered},
    )
    assert saved.status_code == 302
    # member_a saves from the page rendered before that.
    mine = {
        **CONVERSATION,
        "strengths": "Buurvrouw kookt",
        "lock_version": 1,
        "rendered": rendered,
    }
    response = client_for(world.member_a).post(url, mine)
    assert response.status_code == 409
    html = response.content.decode()
    name = world.member_b.get_full_name()
    assert f"{name} heeft dit " in html and "gewijzigd: Wensen en behoeften." in html
    assert "Buurvrouw kookt" in html  # my input, still in the form
    assert "Zelf de post doen" in html  # next to what is stored now
    assert 'name="lock_version" value="2"' in html  # saving again merges on the new version
    conversation = Conversation.objects.get(trajectory=trajectory)
    assert (
        conversation.ambitions == "Zelf de post doen" and conversation.strengths == "Dochter helpt"
    )
    again = client_for(world.member_a).post(
        url, {**mine, "ambitions": "Zelf de post doen", "lock_version": 2}
    )
    assert again.status_code == 302
    conversation.refresh_from_db()
    assert (conversation.strengths, conversation.ambitions) == (
        "Buurvrouw kookt",
        "Zelf de post doen",
    )


def test_conversation_api_names_its_version(world: Any, client_for: Any) -> None:
    household = make_household(world)
    url = f"/api/v1/households/{household.pk}/conversation/"
    client = client_for(world.member_a)
    first = client.put(url, {"question_asked": "Eerste"}, content_type="application/json")
    assert first.status_code == 200 and first["ETag"] == '"1"'
    unnamed = client.put(url, {"question_asked": "Zonder versie"}, content_type="application/json")
    assert unnamed.status_code == 428 and unnamed["ETag"] == '"1"'
    assert unnamed.json()["current"]["question_asked"] == "Eerste"
    ok = client.put(
        url, {"question_asked": "Tweede"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert ok.status_code == 200 and ok.json()["lock_version"] == 2
    stale = client.put(
        url, {"question_asked": "Oud", "lock_version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409
    body = stale.json()
    assert "heeft dit" in body["detail"] and body["current"]["question_asked"] == "Tweede"
    assert Conversation.objects.get(trajectory__household=household).question_asked == "Tweede"


# --- the evaluation ---------------------------------------------------------------------


def _in_evaluation(world: Any) -> Any:
    household = make_household(world)
    make_plan(world, household)
    trajectory = trajectory_of(household)
    for phase in (Phase.SUPPORT, Phase.EVALUATION):
        trajectory = services.trajectory_advance(
            actor=actor(world.member_a), trajectory=trajectory, to_phase=phase
        )
    return household


EVALUATION = {
    "question_answered": "yes",
    "self_reliance": "up",
    "participation": "same",
    "what_worked": "",
    "lessons": "",
}


def test_evaluation_after_a_colleagues_evaluation_is_refused(world: Any) -> None:
    household = _in_evaluation(world)
    trajectory = trajectory_of(household)
    services.evaluation_record(
        actor=actor(world.member_a), trajectory=trajectory, seen_evaluation_id=None, **EVALUATION
    )
    with pytest.raises(ConflictError):
        services.evaluation_record(
            actor=actor(world.member_a),
            trajectory=trajectory_of(household),
            seen_evaluation_id=None,
            **EVALUATION,
        )
    assert Evaluation.objects.filter(trajectory=trajectory).count() == 1


def test_evaluation_page_conflict_is_409(world: Any, client_for: Any) -> None:
    household = _in_evaluation(world)
    _involve_member_b(world, household)
    url = reverse("casework:evaluation_record", args=[household.pk])
    page = client_for(world.member_a).get(url).content.decode()
    assert 'name="lock_version" value="0"' in page
    base = {**EVALUATION, "lock_version": 0, "rendered": ""}
    first = client_for(world.member_b).post(url, {**base, "lessons": "Eerder bellen"})
    assert first.status_code == 302
    second = client_for(world.member_a).post(url, {**base, "what_worked": "Vaste dag"})
    assert second.status_code == 409
    html = second.content.decode()
    assert world.member_b.get_full_name() in html and "Eerder bellen" in html
    assert "Vaste dag" in html
    assert Evaluation.objects.filter(trajectory__household=household).count() == 1


# --- involvements -----------------------------------------------------------------------


def test_ending_an_involvement_from_a_stale_page_is_refused(world: Any, client_for: Any) -> None:
    household = make_household(world)
    _involve_member_b(world, household)
    involvement = Involvement.objects.get(trajectory__household=household, user=world.member_b)
    url = reverse("casework:involvement_end", args=[household.pk, involvement.pk])
    assert client_for(world.member_a).post(url, {"lock_version": 1}).status_code == 302
    stale = client_for(world.member_a).post(url, {"lock_version": 1})
    assert stale.status_code == 409
    assert "heeft dit " in stale.content.decode()
    with pytest.raises(ConflictError):
        services.involvement_end(actor=actor(world.member_a), involvement=involvement)


# --- plan versions ----------------------------------------------------------------------


def test_two_new_version_requests_with_the_same_version_make_one(world: Any) -> None:
    household = make_household(world)
    plan = make_plan(world, household)
    for_page = {"plan": plan, "lock_version": plan.lock_version, "plan_version": plan.version}
    services.plan_new_version(actor=actor(world.member_a), **for_page)
    current = Plan.objects.get(household=household, is_current=True)
    with pytest.raises(ConflictError) as caught:
        # The second click: the view hands over the plan current now, the page's version.
        services.plan_new_version(
            actor=actor(world.member_a),
            plan=current,
            lock_version=plan.lock_version,
            plan_version=plan.version,
        )
    assert "versie 2" in str(caught.value)
    assert list(Plan.objects.filter(household=household).values_list("version", flat=True)) == [
        2,
        1,
    ]


def test_two_quick_new_version_clicks_on_the_page_make_one(world: Any, client_for: Any) -> None:
    household = make_household(world)
    plan = make_plan(world, household)
    url = reverse("casework:plan_new_version", args=[household.pk])
    data = {"lock_version": plan.lock_version, "plan_version": plan.version}
    client = client_for(world.member_a)
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)
    assert second.status_code == 409
    assert "versie 2" in second.content.decode()
    assert Plan.objects.filter(household=household).count() == 2


def test_agreeing_from_a_stale_page_never_lands_on_the_new_version(
    world: Any, client_for: Any
) -> None:
    household = make_household(world)
    plan = make_plan(world, household)
    client = client_for(world.member_a)
    shown = {"agree-lock_version": plan.lock_version, "plan_version": plan.version}
    new_version = {"lock_version": plan.lock_version, "plan_version": plan.version}
    assert (
        client.post(reverse("casework:plan_new_version", args=[household.pk]), new_version)
    ).status_code == 302
    today = plan.starts_on.isoformat()
    response = client.post(
        reverse("casework:plan_agree", args=[household.pk]), {**shown, "agree-agreed_on": today}
    )
    assert response.status_code == 409
    assert "versie 2" in response.content.decode()
    assert not Plan.objects.filter(household=household, agreed_on__isnull=False).exists()
    with pytest.raises(ConflictError):
        services.plan_agree(
            actor=actor(world.member_a),
            plan=Plan.objects.get(household=household, is_current=True),
            lock_version=1,
            plan_version=1,
            agreed_on=plan.starts_on,
        )


def test_adding_to_the_plan_from_a_stale_page_is_refused(world: Any, client_for: Any) -> None:
    household = make_household(world)
    plan = make_plan(world, household)
    client = client_for(world.member_a)
    client.post(
        reverse("casework:plan_new_version", args=[household.pk]),
        {"lock_version": plan.lock_version, "plan_version": plan.version},
    )
    response = client.post(
        reverse("casework:plan_add", args=[household.pk, "problem"]),
        {
            "plan_version": plan.version,
            "problem-life_domain": "housing",
            "problem-description": "Huur achterstallig",
        },
    )
    assert response.status_code == 409
    assert "Huur achterstallig" in response.content.decode()  # the input stays on the page
    current = Plan.objects.get(household=household, is_current=True)
    assert not current.problems.filter(description="Huur achterstallig").exists()
    ok = client.post(
        reverse("casework:plan_add", args=[household.pk, "problem"]),
        {
            "plan_version": current.version,
            "problem-life_domain": "housing",
            "problem-description": "Huur achterstallig",
        },
    )
    assert ok.status_code == 302
    assert current.problems.filter(description="Huur achterstallig").exists()


def test_action_and_trajectory_conflicts_say_who_and_when(world: Any, client_for: Any) -> None:
    household = make_household(world)
    _involve_member_b(world, household)
    plan = make_plan(world, household)
    action = plan.actions.first()
    assert action is not None
    url = reverse("casework:action_edit", args=[household.pk, action.pk])
    base = {"text": action.text, "status": "open", "due_on": "", "lock_version": 1}
    assert client_for(world.member_b).post(url, {**base, "status": "done"}).status_code == 302
    stale = client_for(world.member_a).post(url, {**base, "text": "Bellen met de verhuurder"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert f"{world.member_b.get_full_name()} heeft dit " in html
    assert 'value="Bellen met de verhuurder"' in html

    trajectory = trajectory_of(household)
    url = reverse("casework:trajectory_edit", args=[household.pk])
    base = {
        "coordinator": world.member_a.pk,
        "direction": "with_resident",
        "intensity": "light",
        "lock_version": trajectory.lock_version,
    }
    assert (
        client_for(world.member_b).post(url, {**base, "intensity": "intensive"}).status_code == 302
    )
    stale = client_for(world.member_a).post(url, {**base, "intensity": "medium"})
    assert stale.status_code == 409
    assert f"{world.member_b.get_full_name()} heeft dit " in stale.content.decode()


def test_api_plan_items_can_name_the_plan_version(world: Any, client_for: Any) -> None:
    household = make_household(world)
    plan = make_plan(world, household)
    services.plan_new_version(actor=actor(world.member_a), plan=plan, lock_version=1)
    url = f"/api/v1/households/{household.pk}/plan/problems/"
    item = {"life_domain": "housing", "description": "Huur achterstallig"}
    client = client_for(world.member_a)
    stale = client.post(url, {**item, "plan_version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert "versie 2" in stale.json()["detail"]
    fresh = client.post(url, {**item, "plan_version": 2}, content_type="application/json")
    assert fresh.status_code == 201


def test_editing_an_action_of_a_replaced_plan_version_is_refused(
    world: Any, client_for: Any
) -> None:
    household = make_household(world)
    _involve_member_b(world, household)
    plan = make_plan(world, household)
    action = plan.actions.first()
    assert action is not None
    url = reverse("casework:action_edit", args=[household.pk, action.pk])
    client = client_for(world.member_a)
    assert 'name="lock_version" value="1"' in client.get(url).content.decode()
    services.plan_new_version(actor=actor(world.member_b), plan=plan, lock_version=1)
    response = client.post(
        url, {"text": "Nieuwe tekst", "status": "open", "due_on": "", "lock_version": 1}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert f"{world.member_b.get_full_name()} heeft op" in html and "versie 2" in html
    assert 'value="Nieuwe tekst"' in html
    assert (
        not Plan.objects.get(household=household, version=2)
        .actions.filter(text="Nieuwe tekst")
        .exists()
    )


def test_involving_someone_a_colleague_just_involved_says_who_did(world: Any) -> None:
    from django.core.exceptions import ValidationError

    household = make_household(world)
    _involve_member_b(world, household)
    with pytest.raises(ValidationError) as caught:
        _involve_member_b(world, household)
    assert f"al betrokken ({world.member_a.get_full_name()} heeft dit " in str(caught.value)
    assert (
        Involvement.objects.filter(trajectory__household=household, user=world.member_b).count()
        == 1
    )
