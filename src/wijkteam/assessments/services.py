"""Writes of assessments: record and delete measurements; every write keeps the summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.assessments.ages import fits_age
from wijkteam.assessments.models import Domain, Instrument, Measurement, Moment, Score
from wijkteam.assessments.scales import InstrumentScale, instrument_scale
from wijkteam.assessments.summaries import refresh_summaries
from wijkteam.casework.models import Phase, Trajectory
from wijkteam.households.models import Member
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import AccessDenied, Actor, Decision
from wijkteam.privacy.rules.assessments import RECORD, assessment_decision, may_score_with
from wijkteam.privacy.services import log_change

MOMENT_FOR_PHASE = {
    Phase.ANALYSIS: Moment.START,
    Phase.PLAN: Moment.START,
    Phase.SUPPORT: Moment.INTERIM,
    Phase.EVALUATION: Moment.EVALUATION,
    Phase.MONITORING: Moment.MONITORING,
    Phase.CLOSED: Moment.EVALUATION,
}


@dataclass(frozen=True)
class ScoreInput:
    domain_code: str
    value: int | None  # None: not discussed
    remark: str = ""


def moment_for(trajectory: Trajectory | None) -> str:
    """The default measurement moment for the trajectory's phase."""
    if trajectory is None:
        return Moment.START
    return MOMENT_FOR_PHASE.get(Phase(trajectory.phase), Moment.INTERIM)


def _require_record(actor: Actor, member: Member) -> Decision:
    decision = assessment_decision(actor, member.household)
    if RECORD not in decision.actions:
        raise AccessDenied("may not record assessments")
    # Writes for one member take turns, so that the summary recomputed from history in this
    # transaction sees every committed measurement of the member (PostgreSQL row lock;
    # SQLite serialises writers anyway).
    list(Member.objects.select_for_update().filter(pk=member.pk).values_list("pk"))
    return decision


def _validate_scores(
    instrument: Instrument, scores: Sequence[ScoreInput], scale: InstrumentScale | None
) -> tuple[dict[str, Domain], list[str]]:
    if scale is None or scale.instrument_id != instrument.pk:
        scale = instrument_scale(instrument)
    domains, values = scale.domains, scale.values
    errors: list[str] = []
    seen: set[str] = set()
    for score in scores:
        domain = domains.get(score.domain_code)
        if domain is None:
            errors.append(
                _("“%(code)s” is not a domain of %(instrument)s.")
                % {"code": score.domain_code, "instrument": instrument}
            )
            continue
        if score.domain_code in seen:
            errors.append(_("%(domain)s is scored twice.") % {"domain": domain.name})
        seen.add(score.domain_code)
        if score.value is not None and score.value not in values:
            errors.append(
                _("%(domain)s: %(value)s is outside the scale (%(low)s to %(high)s).")
                % {
                    "domain": domain.name,
                    "value": score.value,
                    "low": min(values, default="-"),
                    "high": max(values, default="-"),
                }
            )
        if len(score.remark) > 500:
            errors.append(_("%(domain)s: the remark is too long.") % {"domain": domain.name})
    return domains, errors


def _validate_date(member: Member, measured_on: dt.date) -> list[str]:
    errors = []
    if measured_on > timezone.localdate():
        errors.append(_("The date of the measurement lies in the future."))
    if member.date_of_birth and measured_on < member.date_of_birth:
        errors.append(_("The date of the measurement lies before the member's date of birth."))
    return errors


@transaction.atomic
def measurement_record(
    *,
    actor: Actor,
    member: Member,
    instrument: Instrument,
    scores: Sequence[ScoreInput],
    measured_on: dt.date | None = None,
    moment: str = "",
    trajectory: Trajectory | None = None,
    scale: InstrumentScale | None = None,
) -> Measurement:
    """Record one measurement with a score (or "not discussed") for every domain.

    ``scale``: the instrument's domains and values when the caller read them already (the
    record page, for its form); otherwise read here."""
    decision = _require_record(actor, member)
    measured_on = measured_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not instrument.is_active:
        errors.setdefault("instrument", []).append(_("This instrument is no longer in use."))
    if not may_score_with(member.household, instrument):
        errors.setdefault("instrument", []).append(
            _(
                "This instrument belongs to another municipality. A household is only scored "
                "with the shipped instruments and those of its own municipality."
            )
        )
    if not fits_age(instrument, member):
        errors.setdefault("instrument", []).append(
            _("%(instrument)s is an instrument for adults; %(name)s is %(age)d years old.")
            % {"instrument": instrument.name, "name": member.first_name, "age": member.age}
        )
    domains, score_errors = _validate_scores(instrument, scores, scale)
    if score_errors:
        errors["scores"] = score_errors
    date_errors = _validate_date(member, measured_on)
    if date_errors:
        errors["measured_on"] = date_errors
    if moment and moment not in Moment.values:
        errors["moment"] = [_("Unknown moment.")]
    if trajectory is not None and trajectory.household_id != member.household_id:
        errors["trajectory"] = [_("This trajectory belongs to another household.")]
    if not any(s.value is not None for s in scores):
        errors.setdefault("scores", []).append(_("Score at least one domain."))
    if errors:
        raise ValidationError(errors)
    if trajectory is None:
        trajectory = (
            Trajectory.objects.filter(household_id=member.household_id)
            .order_by("-started_on", "-pk")
            .first()
        )
    measurement = Measurement.objects.create(
        member=member,
        instrument=instrument,
        moment=moment or moment_for(trajectory),
        measured_on=measured_on,
        assessor=actor.user,
        trajectory=trajectory,
    )
    given = {s.domain_code: s for s in scores}
    Score.objects.bulk_create(
        Score(
            measurement=measurement,
            domain=domain,
            value=given[code].value if code in given else None,
            remark=given[code].remark if code in given else "",
        )
        for code, domain in domains.items()
    )
    refresh_summaries(member_id=member.pk, domain_ids=[d.pk for d in domains.values()])
    log_change(actor, measurement, decision, event=AccessEvent.CREATE)
    return measurement


@transaction.atomic
def measurement_delete(*, actor: Actor, measurement: Measurement) -> None:
    """Delete a measurement (e.g. recorded for the wrong person) and fix the summary."""
    decision = _require_record(actor, measurement.member)
    domain_ids = list(measurement.scores.values_list("domain_id", flat=True))
    member_id = measurement.member_id
    log_change(actor, measurement, decision, event=AccessEvent.DELETE)
    measurement.delete()
    refresh_summaries(member_id=member_id, domain_ids=domain_ids)
