"""The household file and the caseload read a bounded number of queries (no N+1)."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkteam.accounts.models import User
from wijkteam.assessments import selectors as selectors_assessments
from wijkteam.assessments.tests.helpers import record, zrm
from wijkteam.casework import selectors, services
from wijkteam.casework.models import Action, Note, Solution
from wijkteam.casework.selectors.file import FILE_TIMELINE_LIMIT
from wijkteam.casework.tests.helpers import actor, make_household, make_plan
from wijkteam.households.models import Household
from wijkteam.households.services import member_relation_add, network_person_add
from wijkteam.privacy.models import AccessLogEntry


@pytest.fixture(autouse=True)
def _score_every_member(settings: Any) -> None:
    """Volume tests score every member, the child of the test household too (the adult
    instruments are otherwise not for members under ASSESSMENT_ADULT_MIN_AGE)."""
    settings.ASSESSMENT_ADULT_MIN_AGE = 0


def _fill(world: Any, household: Any, notes: int) -> None:
    who = actor(world.member_a)
    members = list(household.members.all())
    member_relation_add(
        actor=who, household=household, from_member=members[0], kind="partner", to_member=members[1]
    )
    member_relation_add(
        actor=who, household=household, from_member=members[0], kind="parent", to_member=members[2]
    )
    network_person_add(
        actor=who,
        household=household,
        name="Buurvrouw",
        relation_type="neighbour",
        contributes="Boodschappen",
    )
    Note.objects.bulk_create(
        Note(household=household, text=f"Notitie {i}", author=world.member_a) for i in range(notes)
    )


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no cached memberships


def test_household_file_is_at_most_12_queries_regardless_of_history(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    small = make_household(world, name="Klein")
    make_plan(world, small, actions=1)
    _fill(world, small, notes=1)
    big = make_household(world, name="Groot")
    make_plan(world, big, actions=30)
    _fill(world, big, notes=200)
    with django_assert_max_num_queries(12):
        file = selectors.household_file(actor=actor(_fresh(world.member_a)), household_id=big.pk)
    assert file.plan is not None and len(file.plan.all_actions) == 30
    assert len(file.notes) == FILE_TIMELINE_LIMIT
    assert [other.first_name for _label, other in file.members[0].relation_list] == ["Anna", "Cleo"]
    with CaptureQueriesContext(connection) as small_ctx:
        selectors.household_file(actor=actor(_fresh(world.member_a)), household_id=small.pk)
    with CaptureQueriesContext(connection) as big_ctx:
        selectors.household_file(actor=actor(_fresh(world.member_a)), household_id=big.pk)
    assert len(small_ctx) == len(big_ctx)


def _statements(ctx: CaptureQueriesContext) -> list[str]:
    """What the page sends, without transaction control (test savepoints, SQLite's BEGIN)."""
    control = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "BEGIN", "COMMIT")
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].upper().startswith(control)]


def test_household_page_is_at_most_12_queries_regardless_of_history(
    world: Any, client_for: Any
) -> None:
    """The whole page - session, person with roles and second factor, the file, its access-log
    row and the assessment summary - within the benchmark's budget of 12 statements."""
    small = make_household(world, name="Klein")
    make_plan(world, small, actions=1)
    _fill(world, small, notes=1)
    big = make_household(world, name="Groot")
    make_plan(world, big, actions=25)
    _fill(world, big, notes=120)
    plan = big.plans.get(is_current=True)
    Action.objects.create(plan=plan, text="Zonder oplossing", owner_kind="resident")
    Solution.objects.create(plan=plan, frame="social_network", text="Nog zonder acties")
    for i, member in enumerate(big.members.all()):
        for k in range(13):  # 39 measurements with their summary rows
            record(world, member, zrm(), 1 + (i + k) % 5, on=dt.date(2024, 1, 1) + dt.timedelta(k))
    client = client_for(world.member_a)
    client.get(reverse("core:my_work"))  # the once-a-minute session stamp is written
    counts = []
    for household in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("casework:household_file", args=[household.pk]))
        assert response.status_code == 200
        counts.append(len(_statements(ctx)))
    assert counts[0] == counts[1] <= 12, counts
    html = response.content.decode()
    assert "Zonder oplossing" in html
    file = selectors.household_file(actor=actor(world.member_a), household_id=big.pk)
    assert file.plan is not None
    assert [a.text for a in file.plan.loose_actions] == ["Zonder oplossing"]
    assert "Nog zonder acties" in [s.solution.text for s in file.plan.solutions]
    assert len(file.plan.all_actions) == 26
    assert 'id="assessments-summary-heading"' in html


def test_household_page_logs_its_read_once(world: Any, client_for: Any) -> None:
    household = make_household(world, name="Groot")
    record(world, household.members.first(), zrm(), 3)
    client = client_for(world.member_a)
    before = AccessLogEntry.objects.count()
    html = client.get(reverse("casework:household_file", args=[household.pk])).content.decode()
    assert 'id="assessments-summary-heading"' in html  # the summary was shown ...
    rows = list(AccessLogEntry.objects.order_by("pk")[before:])
    # ... and the one row of the file read covers it (at the full level).
    assert [(r.event, r.object_type, r.object_id) for r in rows] == [
        ("read", "households.household", str(household.pk))
    ]
    # Read on its own, the summary is logged as always.
    selectors_assessments.household_summary(
        actor=actor(world.member_a), household=Household.objects.get(pk=household.pk)
    )
    assert AccessLogEntry.objects.latest("pk").object_type == "assessments.summary"


def test_caseload_query_count_does_not_grow(world: Any, client_for: Any) -> None:
    for i in range(3):
        make_household(world, name=f"H{i}")
    client = client_for(world.leader_a)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("casework:caseload")).status_code == 200
    for i in range(3, 15):
        household = make_household(world, name=f"H{i}")
        services.note_create(actor=actor(world.member_a), household=household, text="x")
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("casework:caseload")).status_code == 200
    assert len(few) == len(many)


def test_plan_page_query_count_does_not_grow(world: Any, client_for: Any) -> None:
    small = make_household(world, name="Klein")
    make_plan(world, small, actions=1)
    big = make_household(world, name="Groot")
    make_plan(world, big, actions=40)
    client = client_for(world.member_a)
    counts = []
    for household in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("casework:plan", args=[household.pk])).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_the_household_file_builds_its_sql_once_and_shows_each_household_its_own(
    world: Any,
) -> None:
    """The file's reads are compiled once per connection (core/compiled.py): a second
    household's file builds no SQL and still shows that household's own plan and notes."""
    from wijkteam.casework.selectors import file as file_selectors
    from wijkteam.households import selectors as household_selectors

    compiled = [
        file_selectors._CURRENT_PLAN,
        file_selectors._TIMELINE,
        file_selectors._PROBLEMS,
        file_selectors._SOLUTIONS_AND_ACTIONS,
        file_selectors._INVOLVEMENTS,
        household_selectors._HOUSEHOLD_FIND,
    ]
    first, second = (
        make_household(world, name="Familie Een"),
        make_household(world, name="Familie Twee"),
    )
    make_plan(world, first, actions=2)
    make_plan(world, second, actions=3)
    services.note_create(actor=actor(world.member_a), household=second, text="Alleen twee")
    one = selectors.household_file(actor=actor(world.member_a), household_id=first.pk)
    before = [query.compilations for query in compiled]
    two = selectors.household_file(actor=actor(world.member_a), household_id=second.pk)
    assert [query.compilations for query in compiled] == before
    assert one.household.name == "Familie Een" and two.household.name == "Familie Twee"
    assert one.plan is not None and two.plan is not None
    assert one.plan.plan.household_id == first.pk and two.plan.plan.household_id == second.pk
    assert len(one.plan.all_actions) == 2 and len(two.plan.all_actions) == 3
    assert "Alleen twee" in [n.text for n in two.notes]
    assert "Alleen twee" not in [n.text for n in one.notes]
