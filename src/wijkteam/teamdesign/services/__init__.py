"""Writes of team design. Every function is keyword-only, atomic and checks the policy."""

from wijkteam.teamdesign.services.design import (
    AnswerInput,
    Conflict,
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
    action_add,
    action_status_set,
    assessment_save,
    composition_line_add,
    composition_line_delete,
    composition_use_example,
    goal_add,
    quickscan_create,
    review_add,
)

__all__ = [
    "AnswerInput",
    "Conflict",
    "SaveResult",
    "action_add",
    "action_status_set",
    "answers_save",
    "assessment_save",
    "composition_line_add",
    "composition_line_delete",
    "composition_use_example",
    "design_start",
    "goal_add",
    "instrument_current",
    "instrument_draft_create",
    "instrument_publish",
    "instrument_texts_update",
    "quickscan_create",
    "review_add",
    "snapshot_freeze",
]
