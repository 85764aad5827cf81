"""Writes of casework: phases, conversation, plan, actions, notes, evaluation, closing.

Every service checks its preconditions, asks the policy for the right to work on the
household file, and records the change in the access log inside its transaction.
"""

from wijkteam.casework.services.closing import trajectory_close
from wijkteam.casework.services.common import ALLOWED_TRANSITIONS, ConflictError
from wijkteam.casework.services.plan import (
    action_add,
    action_update,
    goal_add,
    plan_agree,
    plan_create,
    plan_new_version,
    problem_add,
    solution_add,
)
from wijkteam.casework.services.trajectory import (
    conversation_record,
    evaluation_record,
    follow_up_set,
    involvement_add,
    involvement_end,
    note_create,
    trajectory_advance,
    trajectory_restart_for_signal,
    trajectory_start,
    trajectory_start_for_new_household,
    trajectory_update,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "ConflictError",
    "action_add",
    "action_update",
    "conversation_record",
    "evaluation_record",
    "follow_up_set",
    "goal_add",
    "involvement_add",
    "involvement_end",
    "note_create",
    "plan_agree",
    "plan_create",
    "plan_new_version",
    "problem_add",
    "solution_add",
    "trajectory_advance",
    "trajectory_close",
    "trajectory_restart_for_signal",
    "trajectory_start",
    "trajectory_start_for_new_household",
    "trajectory_update",
]
