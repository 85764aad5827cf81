"""The information protocol: what each role may see, in plain language, from the same
settings the access rules use. Publishable for residents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from wijkteam.organisations.models import Municipality
from wijkteam.privacy.models import ProtocolSettings
from wijkteam.privacy.policy import Actor, Who


def cached_settings(who: Who, municipality_id: int) -> ProtocolSettings:
    """Settings for one request: an actor keeps them with what it holds (a person who is not
    acting reads them each time)."""
    if not isinstance(who, Actor):
        return settings_for(municipality_id)
    known = who.holdings.protocol
    if municipality_id not in known:
        known[municipality_id] = settings_for(municipality_id)
    return known[municipality_id]


def settings_for(municipality_id: int) -> ProtocolSettings:
    found = ProtocolSettings.objects.filter(municipality_id=municipality_id).first()
    return found or ProtocolSettings(municipality_id=municipality_id)


def settings_values(row: ProtocolSettings) -> dict[str, Any]:
    """The values the settings page shows (for its conflict fingerprint)."""
    from wijkteam.privacy.forms import ProtocolSettingsForm

    return {name: getattr(row, name) for name in ProtocolSettingsForm.Meta.fields}


@dataclass(frozen=True)
class ProtocolRow:
    role: str
    sees: list[str]
    never: list[str]


def protocol_rows(municipality: Municipality) -> list[ProtocolRow]:
    s = settings_for(municipality.pk)
    uninvolved = (
        [_("that the team knows a household, its name and the phase of the support")]
        if s.uninvolved_members_see_metadata
        else [_("nothing of households they do not work with")]
    )
    contact_details = _("date of birth, phone number and e-mail address")
    contact = [contact_details] if s.civil_servants_see_contact_details else []
    no_contact = [] if s.civil_servants_see_contact_details else [contact_details]
    return [
        ProtocolRow(
            _("Professional who works with the household (professional secrecy)"),
            [
                _(
                    "the whole file: household, network, conversation, plan, notes, scores, evaluation"
                )
            ],
            [_("files of households they are not involved with")],
        ),
        ProtocolRow(
            _("Other team members (professional secrecy)"),
            [
                *uninvolved,
                _(
                    "in an emergency, after writing down why: read the whole file and add notes "
                    "for %(hours)d hours, nothing else; this is checked afterwards by the team "
                    "leader and the privacy officer"
                )
                % {"hours": s.emergency_access_hours},
            ],
            [_("notes, plan details or scores without an emergency")],
        ),
        ProtocolRow(
            _("Civil servant in the team (duty to report, e.g. Wmo or work and income)"),
            [
                _(
                    "who the residents are (name and citizen service number) and what kind of "
                    "help they get, for a household they search by name or citizen service number"
                ),
                *contact,
            ],
            [
                _("notes, the kitchen-table conversation, plan details, self-sufficiency scores"),
                *no_contact,
            ],
        ),
        ProtocolRow(
            _("Team leader"),
            (
                [_("the caseload: which households, who coordinates, phase and dates")]
                if s.leader_sees_caseload
                else [_("only the number of households per phase")]
            )
            + [_("the whole file only when they work with the household themselves")],
            [_("the content of files they are not involved with")],
        ),
        ProtocolRow(
            _("Policy staff"),
            [_("numbers for the whole area or team, never about one person")],
            [_("any file or name")],
        ),
        ProtocolRow(
            _("Functional administrator"),
            [_("the set-up: areas, teams, people and their roles")],
            [_("any file")],
        ),
        ProtocolRow(
            _("Privacy officer"),
            [_("the access log: who opened which file, when, in which role and why")],
            [_("the content of files")],
        ),
    ]
