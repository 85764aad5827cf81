"""Writes of team design. Every function is keyword-only, atomic and checks the policy."""

from wijkteam.teamdesign.services.design import (
    AnswerConflict,
    AnswerInput,
    SaveResult,
    answers_save,
    design_start,
    snapshot_freeze,
)
from wijkteam.teamdesign.services.instrument import (
    instrument_current,
    instrument_draft_create,
    instrument_publish,
    instrument_texts_update,
)
from wijkteam.teamdesign.services.reflection import (
    action_status_set,
    assessment_save,
    composition_line_add,
    composition_line_delete,
    composition_use_example,
    plan_action_add,
    plan_goal_add,
    quickscan_create,
    review_add,
)

__all__ = [
    "AnswerConflict",
    "AnswerInput",
    "SaveResult",
    "action_status_set",
    "answers_save",
    "assessment_save",
    "composition_line_add",
    "composition_line_delete",
    "composition_use_example",
    "design_start",
    "instrument_current",
    "instrument_draft_create",
    "instrument_publish",
    "instrument_texts_update",
    "plan_action_add",
    "plan_goal_add",
    "quickscan_create",
    "review_add",
    "snapshot_freeze",
]
