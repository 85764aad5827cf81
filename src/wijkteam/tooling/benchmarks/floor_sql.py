"""The floor: hand-written SQL that returns the same data as each benchmarked page.

Each function does what the page must do at the very least - decide access from the same
rows the policy reads, write the one access-log row, and read the data shown - in plain SQL
through one cursor, without the ORM, templates or middleware. It runs on PostgreSQL and SQLite
(portable SQL only). The result is reduced to counts, so the benchmark and its test can check
that floor and selector return the same number of items for the same object.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.db import connection
from django.utils import timezone

from wijkteam.privacy.models import AccessLogEntry
from wijkteam.tooling.benchmarks.sink import Table

OPEN_INVOLVEMENT = """
    i.user_id = %s AND i.valid_from <= %s AND (i.valid_until IS NULL OR i.valid_until >= %s)
"""

HOUSEHOLD = f"""
SELECT h.id, h.name, h.street_address, h.postcode, h.city, t.name, t.municipality_id,
       m.role, m.secrecy_status,
       EXISTS (SELECT 1 FROM casework_involvement i
               JOIN casework_trajectory tr ON tr.id = i.trajectory_id
               WHERE tr.household_id = h.id AND {OPEN_INVOLVEMENT})
FROM households_household h
JOIN organisations_team t ON t.id = h.team_id
LEFT JOIN accounts_membership m
       ON m.team_id = h.team_id AND m.user_id = %s AND m.valid_from <= %s
      AND (m.valid_until IS NULL OR m.valid_until >= %s)
WHERE h.id = %s
"""  # noqa: S608 - constant text, values are parameters

MEMBERS = """
SELECT m.id, m.first_name, m.last_name, m.date_of_birth, m.bsn, m.street_address, m.postcode,
       m.city, m.phone, m.email, m.language, m.interpreter_needed, r.kind, r.to_member_id
FROM households_member m
LEFT JOIN households_memberrelation r ON r.from_member_id = m.id
WHERE m.household_id = %s
ORDER BY m.date_of_birth, m.id
"""

NETWORK = """
SELECT id, name, relation_type, contributes, contact FROM households_networkperson
WHERE household_id = %s ORDER BY relation_type, name, id
"""

CURRENT_PLAN = """
SELECT p.id, p.version, p.starts_on, p.agreed_on, tr.id, tr.phase, tr.started_on,
       u.first_name, u.last_name, c.question_asked, e.evaluated_on, eu.last_name
FROM casework_plan p
JOIN casework_trajectory tr ON tr.id = p.trajectory_id
JOIN accounts_user u ON u.id = tr.coordinator_id
LEFT JOIN casework_conversation c ON c.trajectory_id = tr.id
LEFT JOIN casework_evaluation e ON e.id = tr.last_evaluation_id
LEFT JOIN accounts_user eu ON eu.id = e.author_id
WHERE p.household_id = %s AND p.is_current = %s
"""

LATEST_TRAJECTORY = """
SELECT tr.id, tr.phase, tr.started_on, u.first_name, u.last_name, c.question_asked
FROM casework_trajectory tr
JOIN accounts_user u ON u.id = tr.coordinator_id
LEFT JOIN casework_conversation c ON c.trajectory_id = tr.id
WHERE tr.household_id = %s ORDER BY tr.started_on DESC, tr.id DESC LIMIT 1
"""

INVOLVEMENTS = """
SELECT i.id, i.role, i.valid_from, i.valid_until, u.first_name, u.last_name
FROM casework_involvement i JOIN accounts_user u ON u.id = i.user_id
WHERE i.trajectory_id = %s ORDER BY i.valid_from, i.id
"""

NOTES = """
SELECT n.id, n.kind, n.text, n.occurred_at, u.first_name, u.last_name
FROM casework_note n JOIN accounts_user u ON u.id = n.author_id
WHERE n.household_id = %s ORDER BY n.occurred_at DESC, n.id DESC LIMIT %s
"""

PLAN_TREE = """
SELECT ps.id, ps.life_domain, ps.description, g.id, g.text, r.text
FROM casework_problemstatement ps
LEFT JOIN casework_goal g ON g.problem_id = ps.id
LEFT JOIN casework_intendedresult r ON r.goal_id = g.id
WHERE ps.plan_id = %s ORDER BY ps.id, g.id, r.id
"""

SOLUTIONS = "SELECT id, frame, text, goal_id FROM casework_solution WHERE plan_id = %s ORDER BY id"

ACTIONS = """
SELECT a.id, a.solution_id, a.text, a.owner_kind, a.owner_name, a.due_on, a.status,
       u.first_name, u.last_name
FROM casework_action a LEFT JOIN accounts_user u ON u.id = a.owner_user_id
WHERE a.plan_id = %s ORDER BY a.due_on, a.id
"""


LOG_COLUMNS = ("event", "occurred_at", "outcome", "actor_id", "actor_name", "actor_role",
               "on_behalf_of", "object_type", "object_id", "purpose", "ip_address")  # fmt: skip


@functools.cache
def _log_statement() -> tuple[str, tuple[Any, ...]]:
    """INSERT of one access-log row; columns added to the model later get their defaults."""
    table = Table(AccessLogEntry, ("id", *LOG_COLUMNS), copy=False)
    names = [table._column(c) for c in (*LOG_COLUMNS, *table.extra_columns)]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        quote(AccessLogEntry._meta.db_table),
        ", ".join(quote(n) for n in names),
        ", ".join(["%s"] * len(names)),
    )
    return sql, table.extra_values


def _log(cursor: Any, user_id: int, name: str, role: str, team: str, kind: str, pk: int) -> None:
    sql, extra = _log_statement()
    values = ("read", timezone.now(), "granted", user_id, name, role or "unknown",
              team or "-", kind, str(pk), "benchmark", None)  # fmt: skip
    cursor.execute(sql, [*values, *extra])


def household_file(
    *, user_id: int, user_name: str, household_id: int, limit: int
) -> dict[str, Any]:
    """The household file at the full level (the benchmark reads as the coordinator)."""
    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(HOUSEHOLD, [user_id, today, today, user_id, today, today, household_id])
        head = cursor.fetchone()
        if head is None or not head[9] or head[8] != "professional_secrecy":
            raise LookupError("the floor reads full files of involved professionals only")
        _log(cursor, user_id, user_name, head[7], head[5], "households.household", household_id)
        cursor.execute(MEMBERS, [household_id])
        member_rows = cursor.fetchall()
        cursor.execute(NETWORK, [household_id])
        network = cursor.fetchall()
        cursor.execute(CURRENT_PLAN, [household_id, True])
        plan = cursor.fetchone()
        trajectory_id: int | None = plan[4] if plan else None
        if plan is None:
            cursor.execute(LATEST_TRAJECTORY, [household_id])
            latest = cursor.fetchone()
            trajectory_id = latest[0] if latest else None
        involvements: list[Any] = []
        if trajectory_id is not None:
            cursor.execute(INVOLVEMENTS, [trajectory_id])
            involvements = cursor.fetchall()
        cursor.execute(NOTES, [household_id, limit])
        notes = cursor.fetchall()
        tree: list[Any] = []
        solutions: list[Any] = []
        actions: list[Any] = []
        if plan is not None:
            cursor.execute(PLAN_TREE, [plan[0]])
            tree = cursor.fetchall()
            cursor.execute(SOLUTIONS, [plan[0]])
            solutions = cursor.fetchall()
            cursor.execute(ACTIONS, [plan[0]])
            actions = cursor.fetchall()
    return {
        "members": len({row[0] for row in member_rows}),
        "relations": sum(1 for row in member_rows if row[12]),
        "network": len(network),
        "trajectory": trajectory_id,
        "plan": plan[0] if plan else None,
        "involvements": len(involvements),
        "notes": len(notes),
        "problems": len({row[0] for row in tree}),
        "goals": len({row[3] for row in tree if row[3] is not None}),
        "results": sum(1 for row in tree if row[5]),
        "solutions": len(solutions),
        "actions": len(actions),
    }


MY_TRAJECTORIES = f"""
SELECT tr.id, tr.phase, tr.follow_up_on, tr.last_evaluation_id, h.id, h.name
FROM casework_trajectory tr JOIN households_household h ON h.id = tr.household_id
WHERE tr.phase <> 'closed' AND tr.id IN (
    SELECT c.id FROM casework_trajectory c WHERE c.coordinator_id = %s
    UNION
    SELECT i.trajectory_id FROM casework_involvement i WHERE {OPEN_INVOLVEMENT})
ORDER BY h.name
"""  # noqa: S608 - constant text, values are parameters
# UNION of two index lookups, not "coordinator = X OR id IN (...)": the OR makes PostgreSQL
# scan every trajectory (about 100 ms on the large set instead of about 10 ms).

MY_ACTIONS = """
SELECT a.id, a.text, a.due_on, a.status, p.id, h.id, h.name
FROM casework_action a
JOIN casework_plan p ON p.id = a.plan_id
JOIN households_household h ON h.id = p.household_id
WHERE a.owner_user_id = %s AND a.status = 'open' AND p.is_current = %s
ORDER BY CASE WHEN a.due_on IS NULL THEN 1 ELSE 0 END, a.due_on, a.id
LIMIT 50
"""


def my_work(*, user_id: int, user_name: str) -> dict[str, Any]:
    """The casework part of "Mijn werk": my open trajectories and my open actions."""
    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(MY_TRAJECTORIES, [user_id, user_id, today, today])
        trajectories = cursor.fetchall()
        cursor.execute(MY_ACTIONS, [user_id, True])
        actions = cursor.fetchall()
        if trajectories or actions:
            _log(cursor, user_id, user_name, "", "", "casework.my_work", user_id)
    soon = today + dt.timedelta(days=7)
    return {
        "trajectories": len(trajectories),
        "actions": len(actions),
        "overdue": sum(1 for a in actions if a[2] and _date(a[2]) < today),
        "follow_ups": sum(
            1 for t in trajectories if t[1] == "monitoring" and t[2] and _date(t[2]) <= soon
        ),
        "evaluations_due": sum(1 for t in trajectories if t[1] == "evaluation" and t[3] is None),
    }


CASELOAD_MEMBERSHIP = """
SELECT m.role, t.name FROM accounts_membership m JOIN organisations_team t ON t.id = m.team_id
WHERE m.user_id = %s AND m.team_id = %s AND m.valid_from <= %s
  AND (m.valid_until IS NULL OR m.valid_until >= %s)
"""

CASELOAD_SETTINGS = """
SELECT no_plan_after_days, no_contact_after_days FROM casework_caseworksettings
WHERE team_id = %s
"""

# The pitfall signals as the caseload selector computes them (casework/selectors/overview.py):
# one plan signal per trajectory and the no-contact flag, each subquery run once per row.
CASELOAD_SIGNALS = """
  CASE WHEN NOT EXISTS (SELECT 1 FROM casework_plan p WHERE p.household_id = tr.household_id
                        AND p.is_current = %s)
         THEN CASE WHEN tr.started_on <= %s THEN 'no_plan' ELSE '' END
       WHEN NOT EXISTS (SELECT 1 FROM casework_goal g JOIN casework_plan p ON p.id = g.plan_id
                        WHERE p.household_id = tr.household_id AND p.is_current = %s)
         THEN 'plan_without_goals'
       WHEN NOT EXISTS (SELECT 1 FROM casework_intendedresult r
                        JOIN casework_goal g ON g.id = r.goal_id
                        JOIN casework_plan p ON p.id = g.plan_id
                        WHERE p.household_id = tr.household_id AND p.is_current = %s)
         THEN 'goals_without_results'
       ELSE '' END,
  CASE WHEN EXISTS (SELECT 1 FROM casework_note n WHERE n.household_id = tr.household_id
                    AND n.occurred_at > %s) THEN 0
       WHEN tr.started_on <= %s THEN 1
       WHEN EXISTS (SELECT 1 FROM casework_note n WHERE n.household_id = tr.household_id) THEN 1
       ELSE 0 END
"""

CASELOAD_SUMMARY = f"""
SELECT tr.coordinator_id, u.last_name, u.first_name, {CASELOAD_SIGNALS}, COUNT(*)
FROM casework_trajectory tr
JOIN households_household h ON h.id = tr.household_id
JOIN accounts_user u ON u.id = tr.coordinator_id
WHERE h.team_id = %s AND tr.phase <> 'closed'
GROUP BY 1, 2, 3, 4, 5
ORDER BY 2, 3, 1
"""  # noqa: S608 - constant text, values are parameters

CASELOAD_PAGE = f"""
SELECT tr.id, tr.phase, tr.started_on, h.id, h.name, u.id, u.first_name, u.last_name,
  (SELECT MAX(n.occurred_at) FROM casework_note n WHERE n.household_id = tr.household_id),
  {CASELOAD_SIGNALS}
FROM casework_trajectory tr
JOIN households_household h ON h.id = tr.household_id
JOIN accounts_user u ON u.id = tr.coordinator_id
WHERE h.team_id = %s AND tr.phase <> 'closed'
ORDER BY u.last_name, h.name, u.id, tr.id
LIMIT %s
"""  # noqa: S608 - constant text, values are parameters

CASE_ROLES = ("team_member", "team_leader", "civil_servant")
SIGNALS = ("no_plan", "plan_without_goals", "goals_without_results", "no_recent_contact")


def caseload(*, user_id: int, user_name: str, team_id: int, page_size: int) -> dict[str, Any]:
    """The team caseload page: the summary per coordinator and the first page of the list."""
    today = timezone.localdate()
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(CASELOAD_MEMBERSHIP, [user_id, team_id, today, today])
        membership = cursor.fetchone()
        if membership is None or membership[0] not in CASE_ROLES:
            raise LookupError("not in this team")
        cursor.execute(CASELOAD_SETTINGS, [team_id])
        no_plan_days, no_contact_days = cursor.fetchone() or (42, 42)
        # "More than N whole days" since t: t <= now - (N + 1) days (start dates from midnight UTC).
        since = now - dt.timedelta(days=no_contact_days + 1)
        ops = connection.ops
        signals = [
            True,
            ops.adapt_datefield_value((now - dt.timedelta(days=no_plan_days + 1)).date()),
            True,
            True,
            ops.adapt_datetimefield_value(since),
            ops.adapt_datefield_value(since.date()),
        ]
        cursor.execute(CASELOAD_SUMMARY, [*signals, team_id])
        groups = cursor.fetchall()
        cursor.execute(CASELOAD_PAGE, [*signals, team_id, page_size])
        rows = cursor.fetchall()
        _log(cursor, user_id, user_name, membership[0], membership[1], "casework.caseload", team_id)
    summary: dict[int, list[int]] = {}
    for coordinator, _last, _first, plan_signal, no_contact, n in groups:
        counts = summary.setdefault(coordinator, [coordinator, 0, 0, 0, 0, 0])
        counts[1] += n
        if plan_signal:
            counts[2 + SIGNALS.index(plan_signal)] += n
        if no_contact:
            counts[5] += n
    lines = list(summary.values())
    totals = [sum(line[k] for line in lines) for k in range(1, 6)]
    return {
        "open": totals[0],
        **dict(zip(SIGNALS, totals[1:], strict=True)),
        "coordinators": lines,
        "rows": len(rows),
        "row_ids": [row[0] for row in rows],
        "row_flags": [sum(1 for row in rows if row[9] == name) for name in SIGNALS[:3]]
        + [sum(1 for row in rows if row[10])],
        "row_last_contacts": sum(1 for row in rows if row[8] is not None),
    }


def _date(value: Any) -> dt.date:
    """SQLite hands back dates as text from raw SQL; PostgreSQL as dates."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
