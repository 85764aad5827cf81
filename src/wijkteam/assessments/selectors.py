"""Reads of assessments through the access policy; every read of scores is logged.

The household summary reads the LatestScore summary table, never the history, so its number
of queries does not grow with the number of measurements (see ``tests/test_queries.py``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import router
from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery

from wijkteam.assessments import progress as prog
from wijkteam.assessments.ages import fits_age
from wijkteam.assessments.models import (
    Criterion,
    Domain,
    DomainMapping,
    Instrument,
    LatestScore,
    Level,
    Measurement,
    Score,
)
from wijkteam.assessments.scales import InstrumentScale, instrument_scale
from wijkteam.casework.models import Trajectory
from wijkteam.core.compiled import CompiledQuery, Slot, as_big_int
from wijkteam.households.models import Household, Member
from wijkteam.lifedomains import as_2013
from wijkteam.organisations.models import Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.policy import AccessDenied, Action, Actor, Decision, ViewLevel
from wijkteam.privacy.rules import casework as case_rules
from wijkteam.privacy.rules.assessments import (
    MANAGE_INSTRUMENTS,
    RECORD,
    assessment_decision,
    instruments_for_household,
    instruments_visible_to,
    may_score_with,
)
from wijkteam.privacy.services import log_read

ZRM = "zrm"
LADDER = "participation-ladder"
HISTORY_LIMIT = 50


@dataclass
class MemberProgress:
    member: Member
    instruments: dict[str, list[prog.DomainProgress]] = field(default_factory=dict)
    # The instruments offered to record for this member (they follow the age).
    offered: list[Instrument] = field(default_factory=list)

    @property
    def zrm(self) -> list[prog.DomainProgress]:
        return self.instruments.get(ZRM, [])

    @property
    def ladder(self) -> list[prog.DomainProgress]:
        return self.instruments.get(LADDER, [])

    @property
    def self_reliance(self) -> str:
        return prog.combine((p.first, p.latest) for p in self.zrm)

    @property
    def participation(self) -> str:
        return prog.combine((p.first, p.latest) for p in self.ladder)


@dataclass
class HouseholdAssessments:
    household: Household
    decision: Decision
    members: list[MemberProgress]
    instruments: list[Instrument] = field(default_factory=list)

    @property
    def can_record(self) -> bool:
        return RECORD in self.decision.actions

    @property
    def self_reliance(self) -> str:
        return prog.combine((p.first, p.latest) for m in self.members for p in m.zrm)

    @property
    def participation(self) -> str:
        return prog.combine((p.first, p.latest) for m in self.members for p in m.ladder)


def _row(s: LatestScore) -> prog.SummaryRow:
    return prog.SummaryRow(
        instrument_code=s.domain.instrument.code,
        version=s.domain.instrument.version,
        domain_id=s.domain_id,
        domain_code=s.domain_code,
        domain_name=s.domain.name,
        order=s.domain.order,
        first_value=s.first_value,
        first_on=s.first_on,
        first_measurement_id=s.first_measurement_id,
        value=s.value,
        measured_on=s.measured_on,
        measurement_id=s.measurement_id,
    )


# What every summary read brings along; the mapping to a newer version (reverse one-to-one)
# too, so reading it asks no extra query.
_SUMMARY_RELATED = ("domain__instrument", "domain__mapped_to")


def _summaries(queryset: QuerySet[LatestScore]) -> list[LatestScore]:
    return list(queryset.select_related(*_SUMMARY_RELATED))


def _mapping_of(summaries: list[LatestScore]) -> dict[int, int]:
    mapping = {}
    for s in summaries:
        target = getattr(s.domain, "mapped_to", None)
        if target is not None:
            mapping[s.domain_id] = target.target_id
    return mapping


def _progress(members: list[Member], summaries: list[LatestScore]) -> list[MemberProgress]:
    rows: dict[int, list[prog.SummaryRow]] = defaultdict(list)
    for s in summaries:
        rows[s.member_id].append(_row(s))
    mapping = _mapping_of(summaries)
    return [
        MemberProgress(m, prog.instrument_progress(rows.get(m.pk, []), mapping)) for m in members
    ]


def _household(actor: Actor, household_id: int) -> Household:
    household = (
        case_rules.with_involvement(Household.objects.select_related("team"), actor.user)
        .filter(pk=household_id)
        .first()
    )
    if household is None:
        raise AccessDenied("no such household")
    return household


def _decide(actor: Actor, household: Household) -> Decision:
    decision = assessment_decision(actor, household)
    if decision.level < ViewLevel.FULL:
        raise AccessDenied("assessments need the full file")
    return decision


def household_assessments(*, actor: Actor, household_id: int) -> HouseholdAssessments:
    """Per member first against latest per domain; the read is logged."""
    household = _household(actor, household_id)
    decision = _decide(actor, household)
    log_read(actor, household, decision, object_type="assessments.household")
    members = list(Member.objects.filter(household=household).order_by("date_of_birth", "pk"))
    for member in members:
        member.household = household
    instruments = recording_instruments(household)
    progress = _progress(members, _summaries(LatestScore.objects.filter(member__in=members)))
    for row in progress:
        row.offered = [i for i in instruments if fits_age(i, row.member)]
    return HouseholdAssessments(
        household=household, decision=decision, members=progress, instruments=instruments
    )


# The household's latest trajectory, read with the member (the moment and the measurement's
# trajectory follow from it).
_latest_trajectory = Trajectory.objects.filter(household_id=OuterRef("household_id")).order_by(
    "-started_on", "-pk"
)


def member_for(*, actor: Actor, member_id: int, record: bool = False) -> tuple[Member, Decision]:
    member = (
        Member.objects.select_related("household__team")
        .annotate(
            actor_involved=case_rules.involved_annotation(actor.user, "household_id"),
            latest_trajectory_id=Subquery(_latest_trajectory.values("pk")[:1]),
            latest_trajectory_phase=Subquery(_latest_trajectory.values("phase")[:1]),
        )
        .filter(pk=member_id)
        .first()
    )
    if member is None:
        raise AccessDenied("no such member")
    # The rule's involvement check, read with the member (as the household file does).
    case_rules.remember_involvement(actor, member.household_id, member.actor_involved)
    decision = _decide(actor, member.household)
    if record and RECORD not in decision.actions:
        raise AccessDenied("may not record")
    return member, decision


@dataclass
class MemberAssessments:
    member: Member
    decision: Decision
    progress: MemberProgress
    measurements: list[Measurement]
    instruments: list[Instrument]

    @property
    def can_record(self) -> bool:
        return RECORD in self.decision.actions

    @property
    def timelines(self) -> list[Timeline]:
        return timelines(self.measurements)


@dataclass
class Timeline:
    """One instrument version's measurements side by side: a row per domain, a column per date."""

    instrument: Instrument
    columns: list[Measurement]
    rows: list[tuple[str, list[int | None]]]


TIMELINE_COLUMNS = 8


def timelines(measurements: list[Measurement]) -> list[Timeline]:
    """From already loaded measurements (scores prefetched): no extra queries."""
    by_instrument: dict[int, list[Measurement]] = defaultdict(list)
    for measurement in measurements:
        by_instrument[measurement.instrument_id].append(measurement)
    result = []
    for group in by_instrument.values():
        columns = sorted(group, key=lambda m: (m.measured_on, m.pk))[-TIMELINE_COLUMNS:]
        names: dict[int, str] = {}
        cells: dict[int, dict[int, int | None]] = defaultdict(dict)
        for column in columns:
            for score in column.scores.all():
                names.setdefault(score.domain_id, score.domain.name)
                cells[score.domain_id][column.pk] = score.value
        rows = [
            (names[domain_id], [cells[domain_id].get(c.pk) for c in columns]) for domain_id in names
        ]
        result.append(Timeline(columns[0].instrument, columns, rows))
    return result


def member_assessments(*, actor: Actor, member_id: int) -> MemberAssessments:
    member, decision = member_for(actor=actor, member_id=member_id)
    log_read(actor, member, decision, object_type="assessments.member")
    measurements = list(
        Measurement.objects.filter(member=member)
        .select_related("instrument", "assessor")
        .prefetch_related(
            Prefetch(
                "scores", queryset=Score.objects.select_related("domain").order_by("domain__order")
            )
        )
        .order_by("-measured_on", "-pk")[:HISTORY_LIMIT]
    )
    return MemberAssessments(
        member=member,
        decision=decision,
        progress=member_progress(member),
        measurements=measurements,
        instruments=[i for i in recording_instruments(member.household) if fits_age(i, member)],
    )


def member_progress(member: Member) -> MemberProgress:
    """Progress of a member the caller has already been allowed to see."""
    return _progress([member], _summaries(LatestScore.objects.filter(member=member)))[0]


def measurement_for_work(*, actor: Actor, measurement_id: int) -> Measurement:
    measurement = (
        Measurement.objects.select_related("member__household__team")
        .filter(pk=measurement_id)
        .first()
    )
    if measurement is None:
        raise AccessDenied("no such measurement")
    policy.require(actor, RECORD, measurement)
    return measurement


def current_trajectory(*, member: Member) -> Trajectory | None:
    """The household's latest trajectory, read with the member by :func:`member_for` (its id
    and phase: no query of its own; the caller has been allowed to record)."""
    trajectory_id = member.latest_trajectory_id  # type: ignore[attr-defined]
    if trajectory_id is None:
        return None
    return Trajectory.from_db(
        router.db_for_read(Trajectory),
        ["id", "household_id", "phase"],
        [trajectory_id, member.household_id, member.latest_trajectory_phase],  # type: ignore[attr-defined]
    )


def levels_of(*, instrument: Instrument) -> list[Level]:
    return list(Level.objects.filter(instrument=instrument).order_by("value"))


def criteria_count(*, instrument: Instrument) -> int:
    return Criterion.objects.filter(domain__instrument=instrument).count()


@dataclass
class DomainRow:
    domain: Domain
    previous: int | None
    previous_on: object
    criteria: list[tuple[int, str]]


def record_rows(
    *,
    member: Member,
    instrument: Instrument,
    with_hints: bool = True,
    scale: InstrumentScale | None = None,
) -> list[DomainRow]:
    """The instrument's domains with the member's previous score (also via a one-to-one
    mapping from an older version) and the criteria texts, when loaded.

    ``with_hints=False``: the domains only (one query, none given the ``scale`` read
    already), enough to read a posted form."""
    if scale is None or scale.instrument_id != instrument.pk:
        scale = instrument_scale(instrument)
    domains = list(scale.domains.values())
    if not with_hints:
        return [DomainRow(domain=d, previous=None, previous_on=None, criteria=[]) for d in domains]
    mapped = dict(
        DomainMapping.objects.filter(target__in=domains).values_list("target_id", "source_id")
    )
    wanted = [d.pk for d in domains] + list(mapped.values())
    latest = {
        s.domain_id: s for s in LatestScore.objects.filter(member=member, domain_id__in=wanted)
    }
    criteria: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for c in (
        Criterion.objects.filter(domain__in=domains)
        .select_related("level")
        .order_by("level__value")
    ):
        criteria[c.domain_id].append((c.level.value, c.text))
    rows = []
    for domain in domains:
        summary = latest.get(domain.pk) or latest.get(mapped.get(domain.pk, 0))
        rows.append(
            DomainRow(
                domain=domain,
                previous=summary.value if summary else None,
                previous_on=summary.measured_on if summary else None,
                criteria=criteria.get(domain.pk, []),
            )
        )
    return rows


# --- for the casework engineer: the household file and the evaluation form -------------------


def _household_summaries_query(*, household_id: int) -> QuerySet[LatestScore]:
    return (
        LatestScore.objects.filter(member__household_id=household_id)
        .select_related("member", *_SUMMARY_RELATED)
        .order_by("member__date_of_birth", "member_id", "domain__order")
    )


# Every household file reads it: its SQL is built once per connection (core/compiled.py).
_HOUSEHOLD_SUMMARIES = CompiledQuery(
    _household_summaries_query, household_id=Slot(1, 2, as_big_int)
)


def _household_rows(actor: Actor, household: Household) -> list[MemberProgress] | None:
    """Per member progress from the summary table (two queries), logged; each page asks it
    once (the household file's summary, the plan's scores, the evaluation's prefill)."""
    decision = assessment_decision(actor, household)
    result: list[MemberProgress] | None = None
    if decision.level >= ViewLevel.FULL:
        # Inside the household file, the file's own log row covers the summary.
        log_read(actor, household, decision, object_type="assessments.summary", part_of_file=True)
        summaries = _HOUSEHOLD_SUMMARIES.instances(
            router.db_for_read(LatestScore), household_id=household.pk
        )
        members = list({s.member_id: s.member for s in summaries}.values())
        result = _progress(members, summaries)
    return result


def household_summary(*, actor: Actor, household: Household) -> list[MemberProgress] | None:
    """Per member progress for the household file; ``None`` without the full file. A caller
    that needs more than one of the figures below reads this once and passes it on."""
    return _household_rows(actor, household)


def domain_scores_for_household(*, actor: Actor, household: Household) -> dict[str, int]:
    """Latest ZRM score per life domain code (:func:`domain_scores`); empty for anybody
    without the full file."""
    return domain_scores(_household_rows(actor, household))


def domain_scores(progress: list[MemberProgress] | None) -> dict[str, int]:
    """Latest ZRM score per life domain code (the lowest among the members: the most urgent).

    Domains of a newer ZRM version that map one-to-one onto an older domain are also given
    under the older code.
    """
    scores: dict[str, int] = {}
    for member in progress or []:
        own: dict[str, int] = {}
        # The newest version first; an older version's domain only where nothing newer exists.
        for row in sorted(member.zrm, key=lambda r: bool(r.older_version)):
            value = row.latest if row.latest is not None else row.first
            if value is None:
                continue
            # A 2017 domain also under its one-to-one 2013 domain (the plan's life domains).
            for code in (row.domain_code, as_2013(row.domain_code)):
                if code and code not in own:
                    own[code] = value
        for code, value in own.items():
            scores[code] = min(value, scores.get(code, value))
    return scores


def progress_for_household(*, actor: Actor, household: Household) -> dict[str, str]:
    """``{"self_reliance": "up|same|down|n/a", "participation": ...}`` for the evaluation."""
    return trends(_household_rows(actor, household))


def trends(progress: list[MemberProgress] | None) -> dict[str, str]:
    """The household's trends of self-reliance (ZRM) and participation (the ladder)."""
    rows = progress or []
    return {
        "self_reliance": prog.combine((p.first, p.latest) for m in rows for p in m.zrm),
        "participation": prog.combine((p.first, p.latest) for m in rows for p in m.ladder),
    }


# --- instruments ------------------------------------------------------------------------------


def recording_instruments(household: Household) -> list[Instrument]:
    """The active instruments the household may be scored with: the shipped ones and those
    of its own municipality (the household's team is loaded by the caller)."""
    return list(
        instruments_for_household(household)
        .filter(is_active=True)
        .order_by(F("municipality").asc(nulls_first=True), "code", "version")
    )


def instrument_list(*, actor: Actor) -> list[Instrument]:
    """The shipped instruments and those of the actor's own municipalities: shipped first."""
    if not policy.active_memberships(actor):
        raise AccessDenied("no membership")
    return list(
        instruments_visible_to(actor)
        .select_related("municipality")
        .prefetch_related(
            Prefetch("domains", queryset=Domain.objects.order_by("order", "pk")),
            Prefetch("levels", queryset=Level.objects.order_by("value")),
        )
        .order_by(F("municipality__name").asc(nulls_first=True), "code", "version")
    )


def instrument_get(*, actor: Actor, instrument_id: int, manage: bool = False) -> Instrument:
    instrument = Instrument.objects.select_related("municipality").filter(pk=instrument_id).first()
    if instrument is None:
        raise AccessDenied("no such instrument")
    policy.require(actor, MANAGE_INSTRUMENTS if manage else Action.VIEW, instrument)
    return instrument


def instrument_for_recording(*, actor: Actor, member: Member, instrument_id: int) -> Instrument:
    """An active instrument the actor may see and the member's household may be scored with."""
    instrument = instrument_get(actor=actor, instrument_id=instrument_id)
    if not instrument.is_active or not may_score_with(member.household, instrument):
        raise AccessDenied("not an instrument for this household")
    return instrument


def manageable_instrument_ids(*, actor: Actor, instruments: list[Instrument]) -> set[int]:
    """Which of these instruments the actor may change (no queries: memberships are cached)."""
    return {i.pk for i in instruments if policy.may(actor, MANAGE_INSTRUMENTS, i)}


def municipalities_for_new_instruments(*, actor: Actor) -> list[Municipality]:
    """The municipalities the actor may create instruments for (functional administrator)."""
    return list(policy.municipalities_managed_by(actor).order_by("name"))


def mapping_table(instrument: Instrument) -> list[tuple[Domain, Domain | None]]:
    """For an older version: each domain and its one-to-one counterpart in a newer version."""
    domains = list(
        Domain.objects.filter(instrument=instrument).select_related("mapped_to__target__instrument")
    )
    result = []
    for domain in domains:
        mapping = getattr(domain, "mapped_to", None)
        result.append((domain, mapping.target if mapping else None))
    return result


URGENT_AT_MOST = 2  # ZRM 1 (acute problems) and 2 (not self-reliant)


@dataclass(frozen=True)
class MemberSummary:
    """One line per member for the household file: the trends, how many domains went up,
    stayed or went down, the participation level and the domains that need attention now.
    The full table and chart are on the assessments page."""

    member: Member
    self_reliance: str
    participation: str
    counts: dict[str, int]  # "up", "same", "down"
    ladder_level: int | None
    urgent: list[tuple[str, int, str]]  # (domain name, score, trend), most urgent first
    measured: bool


def household_file_summary(*, actor: Actor, household: Household) -> list[MemberSummary] | None:
    """The household file's first-against-latest lines; ``None`` without the full file."""
    members = _household_rows(actor, household)
    return None if members is None else [_summary_line(mp) for mp in members]


def _summary_line(mp: MemberProgress) -> MemberSummary:
    counts = {"up": 0, "same": 0, "down": 0}
    urgent = []
    for row in mp.zrm:
        if row.trend in counts:
            counts[row.trend] += 1
        current = row.latest if row.latest is not None else row.first
        if current is not None and current <= URGENT_AT_MOST and not row.older_version:
            urgent.append((current, row.order, row.domain_name, row.trend))
    ladder = next(iter(mp.ladder), None)
    level = None
    if ladder is not None:
        level = ladder.latest if ladder.latest is not None else ladder.first
    return MemberSummary(
        member=mp.member,
        self_reliance=mp.self_reliance,
        participation=mp.participation,
        counts=counts,
        ladder_level=level,
        urgent=[(name, value, trend) for value, _order, name, trend in sorted(urgent)],
        measured=bool(mp.zrm or mp.ladder),
    )
