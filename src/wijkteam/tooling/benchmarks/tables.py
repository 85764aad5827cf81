"""The tables the generator fills, with the columns it gives, in write order."""

from __future__ import annotations

from dataclasses import dataclass

from wijkteam.assessments import models as am
from wijkteam.casework import models as cw
from wijkteam.households import models as hh
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.tooling.benchmarks.sink import Table


@dataclass
class Tables:
    household: Table
    member: Table
    relation: Table
    network: Table
    trajectory: Table
    involvement: Table
    conversation: Table
    evaluation: Table
    plan: Table
    problem: Table
    goal: Table
    result: Table
    solution: Table
    action: Table
    note: Table
    measurement: Table
    score: Table
    latest_score: Table
    access_log: Table

    def all(self) -> list[Table]:
        """In an order that writes referenced rows first (trajectory -> evaluation is the
        one cycle; foreign keys are checked at commit)."""
        return [
            self.household,
            self.member,
            self.relation,
            self.network,
            self.trajectory,
            self.involvement,
            self.conversation,
            self.evaluation,
            self.plan,
            self.problem,
            self.goal,
            self.result,
            self.solution,
            self.action,
            self.note,
            self.measurement,
            self.score,
            self.latest_score,
            self.access_log,
        ]


def make_tables() -> Tables:
    return Tables(
        household=Table(
            hh.Household,
            ["id", "team_id", "name", "street_address", "postcode", "city", "created_at"],
            copy=True,
        ),
        member=Table(
            hh.Member,
            [
                "id",
                "household_id",
                "first_name",
                "last_name",
                "date_of_birth",
                "bsn",
                "language",
                "interpreter_needed",
            ],
            copy=True,
        ),
        relation=Table(
            hh.MemberRelation,
            ["id", "household_id", "from_member_id", "kind", "to_member_id"],
            copy=True,
        ),
        network=Table(
            hh.NetworkPerson,
            ["id", "household_id", "name", "relation_type", "contributes"],
            copy=True,
        ),
        trajectory=Table(
            cw.Trajectory,
            [
                "id",
                "household_id",
                "phase",
                "coordinator_id",
                "direction",
                "takeover_reason",
                "intensity",
                "started_on",
                "phase_changed_at",
                "follow_up_on",
                "monitoring_until",
                "closed_on",
                "closing_reason",
                "last_evaluation_id",
            ],
            copy=True,
        ),
        involvement=Table(
            cw.Involvement,
            ["id", "trajectory_id", "user_id", "role", "valid_from", "valid_until"],
            copy=True,
        ),
        conversation=Table(
            cw.Conversation,
            [
                "id",
                "trajectory_id",
                "held_on",
                "question_asked",
                "participation_level",
                "author_id",
            ],
            copy=True,
        ),
        evaluation=Table(
            cw.Evaluation,
            [
                "id",
                "trajectory_id",
                "evaluated_on",
                "question_answered",
                "self_reliance",
                "participation",
                "author_id",
            ],
            copy=True,
        ),
        plan=Table(
            cw.Plan,
            [
                "id",
                "household_id",
                "trajectory_id",
                "version",
                "is_current",
                "starts_on",
                "agreed_on",
                "created_at",
                "created_by_id",
            ],
            copy=True,
        ),
        problem=Table(
            cw.ProblemStatement, ["id", "plan_id", "life_domain", "description"], copy=True
        ),
        goal=Table(cw.Goal, ["id", "plan_id", "problem_id", "text"], copy=True),
        result=Table(cw.IntendedResult, ["id", "goal_id", "text"], copy=True),
        solution=Table(cw.Solution, ["id", "plan_id", "goal_id", "frame", "text"], copy=True),
        action=Table(
            cw.Action,
            [
                "id",
                "plan_id",
                "solution_id",
                "text",
                "owner_kind",
                "owner_user_id",
                "owner_name",
                "due_on",
                "status",
            ],
            copy=True,
        ),
        note=Table(
            cw.Note,
            [
                "id",
                "household_id",
                "trajectory_id",
                "kind",
                "text",
                "occurred_at",
                "author_id",
                "created_at",
            ],
            copy=True,
        ),
        measurement=Table(
            am.Measurement,
            [
                "id",
                "member_id",
                "instrument_id",
                "moment",
                "measured_on",
                "assessor_id",
                "trajectory_id",
                "created_at",
            ],
            copy=True,
        ),
        score=Table(am.Score, ["id", "measurement_id", "domain_id", "value"], copy=True),
        latest_score=Table(
            am.LatestScore,
            [
                "id",
                "member_id",
                "domain_id",
                "domain_code",
                "first_value",
                "first_on",
                "first_measurement_id",
                "value",
                "measured_on",
                "measurement_id",
            ],
            copy=True,
        ),
        access_log=Table(
            AccessLogEntry,
            [
                "id",
                "event",
                "occurred_at",
                "outcome",
                "actor_id",
                "actor_name",
                "actor_role",
                "on_behalf_of",
                "object_type",
                "object_id",
                "purpose",
                "ip_address",
            ],
            copy=True,
        ),
    )
