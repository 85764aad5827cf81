"""The purposes the code writes in the access log, in the resident's words (the access-log
page and the inzage report show them). Apart from :mod:`wijkteam.privacy.inzage` so the
access-log model can label its rows without importing what inzage reads (households)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PURPOSE_SELF = "inzage (right of access)"
PURPOSE_CHILD = "inzage for a child, asked by a parent"

# The purposes the code writes in the access log, in the resident's words. A purpose written
# by a person (an emergency reason, a referral) is shown as written.
PURPOSES = {
    "casework": gettext_lazy("support for the household"),
    "casework (api)": gettext_lazy("support for the household (linked system)"),
    "new household": gettext_lazy("registering the household"),
    "find household": gettext_lazy("searching for a household"),
    "my work": gettext_lazy("overview of one's own work"),
    "caseload": gettext_lazy("overview of the team's households"),
    "signals": gettext_lazy("handling a signal"),
    "consent": gettext_lazy("recording consent"),
    "rectification": gettext_lazy("correcting data"),
    "referral": gettext_lazy("referral"),
    "assessments": gettext_lazy("self-sufficiency scores"),
    "assessments api": gettext_lazy("self-sufficiency scores (linked system)"),
    "emergency access": gettext_lazy("emergency access"),
    "emergency access review": gettext_lazy("review of an emergency access"),
    "privacy supervision": gettext_lazy("supervision by the privacy officer"),
    "disclosure without consent": gettext_lazy("sharing without consent"),
    "keep unsaved input": gettext_lazy("keeping unsaved input"),
    "give back unsaved input": gettext_lazy("giving back unsaved input"),
    "demo data": gettext_lazy("demonstration data"),
    PURPOSE_SELF: gettext_lazy("inzage (your right of access)"),
    PURPOSE_CHILD: gettext_lazy("inzage for a child, asked by a parent"),
}


def purpose_label(value: str) -> str:
    """``"emergency access: <reason>"`` -> "noodtoegang: <reason>"; a refusal's
    ``"<purpose> (refused: <action>)"`` -> "<purpose> (geweigerd)"; unknown text as written."""
    purpose, refused, _action = value.partition(" (refused: ")
    if refused:
        return _("%(purpose)s (refused)") % {"purpose": purpose_label(purpose)}
    head, sep, rest = value.partition(": ")
    if head in PURPOSES:
        return f"{PURPOSES[head]}{sep}{rest}"
    return str(PURPOSES.get(value, value))
