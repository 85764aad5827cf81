"""The one place for input limits: every form and API serializer of a field uses these.

A text typed in the user interface and sent through the API is the same text, so it gets the
same maximum in both; the limit lives here once and the form field and serializer field both
read it (``forms.CharField(max_length=limits.NOTE_TEXT)``,
``serializers.CharField(max_length=limits.NOTE_TEXT)``). Models keep their free-text columns
as ``TextField`` without a database limit: the check is in the forms and serializers, which
give a Dutch message naming the field and the maximum, instead of a database error.

Lists have maxima for the same reason: a request with 10,000 recipients is a mistake or an
attack, never work. The numbers are generous for real work (see docs/architecture.md,
"Input limits").
"""

from __future__ import annotations

# --- API request bodies ---------------------------------------------------------------------
# Largest JSON body of an API request. The request-size middleware (MAX_REQUEST_BYTES) guards
# uploads of files; JSON typed by people or sent by a client never comes near this.
API_JSON_MAX_BYTES = 1024 * 1024
# Deepest nesting of a JSON body. Our deepest request (a household with its members) has three
# levels; Python's decoder would recurse into a RecursionError at about a thousand.
API_JSON_MAX_DEPTH = 20

# --- Organisations --------------------------------------------------------------------------
AREA_NEIGHBOURHOODS_TEXT = 5_000  # the neighbourhoods of an area, one per line

# --- Casework ---------------------------------------------------------------------------------
NOTE_TEXT = 20_000  # a note in the timeline
CONVERSATION_TEXT = 10_000  # each text of the kitchen-table conversation
PLAN_TEXT = 5_000  # a problem, goal or solution of the plan
PLAN_RESULT_TEXT = 1_000  # one intended result of a goal
PLAN_RESULTS_MAX = 20  # intended results per goal
ACTION_TEXT = 300  # an action (the model column is 300 characters)
REASON_TEXT = 5_000  # why a trajectory is closed or escalated
EVALUATION_TEXT = 10_000  # "what worked" and "lessons" of the evaluation

# --- Intake -----------------------------------------------------------------------------------
SIGNAL_CONCERN = 10_000  # the worry a signaller reports
SIGNAL_NOTE = 5_000  # outreach notes, feedback to the signaller, reasons for closing

# --- Households -------------------------------------------------------------------------------
HOUSEHOLD_MEMBERS_MAX = 30  # members registered in one request
MEMBER_CONTRIBUTES_TEXT = 2_000  # what a network person contributes

# --- Privacy ----------------------------------------------------------------------------------
EMERGENCY_REASON = 2_000  # why a file was opened in an emergency
CONSENT_PURPOSE = 300  # the model column is 300 characters
CONSENT_RECIPIENT_TEXT = 200  # one recipient of a consent
CONSENT_RECIPIENTS_MAX = 50  # recipients of one consent
CONSENT_CATEGORIES_MAX = 20  # data categories of one consent (more than there are kinds)

# --- Social map -------------------------------------------------------------------------------
REFERRAL_OUTCOME_TEXT = 5_000  # what came of a referral

# --- Team design (texts typed only in the user interface) ----------------------------------
INSTRUMENT_TEXT = 10_000  # a question, help or explanation text of a team-design instrument
TEAMDESIGN_TEXT = 10_000  # a motivation or a development-plan description

# --- Assessments ------------------------------------------------------------------------------
ASSESSMENT_REMARK = 500  # remark with one score
ASSESSMENT_ITEMS_MAX = 50  # domains, levels or scores in one request
