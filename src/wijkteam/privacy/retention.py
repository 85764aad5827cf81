"""Retention: a class and a destruction date per household once its support has ended, a
legal hold that stops destruction, and the purge that destroys personal data past its date
while keeping anonymous statistics.

Classes (years configurable in settings, see docs/configuration.md):
- ``jeugdwet``: Jeugdwet is among the legal frameworks chosen on closing a trajectory of the
  household (youth help was given) — 20 years;
- ``withdrawn``: every trajectory closed before a plan was made (the request was withdrawn)
  — 6 weeks;
- ``wmo``: otherwise (Wmo 2015, Participatiewet) — 15 years.

A member's age alone no longer decides the youth term: a household with a child that only
had Wmo support is kept 15 years. A trajectory closed before frameworks were chosen on
closing (it has none) is still judged by the old rule — a member under 18 when it started —
so households closed before the change keep their class.

Notice before destruction: every day (jobs/tasks.py) ``retention_report_make`` stores a
dry-run report for the privacy officer — how many files will be destroyed on which day,
counts only — and marks the files it announces. ``purge`` destroys a file only when its date
has passed *and* a report announced it at least ``RETENTION_NOTICE_DAYS`` (14) days before,
so the officer always has that long to set a legal hold. A file whose date moves (support
started again and ended later) is announced anew.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wijkteam.households.models import Household
from wijkteam.privacy.models import (
    RetentionClass,
    RetentionRecord,
    RetentionReport,
    RetentionStatistic,
)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without it
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class ClosedTrajectory:
    """What retention needs of one ended trajectory."""

    started_on: dt.date
    closed_on: dt.date
    # None: closed before frameworks were chosen on closing (judged by the old rule).
    frameworks: frozenset[str] | None
    has_plan: bool


def _class_of(closed: list[ClosedTrajectory], births: list[dt.date]) -> str:
    from wijkteam.casework.choices import LegalFramework

    for trajectory in closed:
        if trajectory.frameworks is None:
            if any(add_years(born, 18) > trajectory.started_on for born in births):
                return RetentionClass.YOUTH
        elif LegalFramework.JEUGDWET in trajectory.frameworks:
            return RetentionClass.YOUTH
    if not any(trajectory.has_plan for trajectory in closed):
        return RetentionClass.WITHDRAWN
    return RetentionClass.WMO


def _closed_trajectories(household: Household) -> list[ClosedTrajectory] | None:
    """The household's trajectories as ended ones; None while one still runs."""
    trajectories = list(household.trajectories.prefetch_related("frameworks"))
    if not trajectories or any(t.closed_on is None for t in trajectories):
        return None
    return [
        ClosedTrajectory(
            started_on=t.started_on,
            closed_on=t.closed_on,
            frameworks=frozenset(f.framework for f in t.frameworks.all()) or None,
            has_plan=t.plans.exists(),
        )
        for t in trajectories
        if t.closed_on is not None
    ]


def _births(household: Household) -> list[dt.date]:
    return [m.date_of_birth for m in household.members.all() if m.date_of_birth]


def _classify(household: Household) -> tuple[str, dt.date] | None:
    closed = _closed_trajectories(household)
    if closed is None:
        return None  # support has not ended
    closed_on = max(t.closed_on for t in closed)
    return _class_of(closed, _births(household)), closed_on


@dataclass(frozen=True)
class RetentionOutcome:
    """A retention class with its destruction date, for the file, the API and closing."""

    retention_class: str
    delete_after: dt.date
    legal_hold: bool = False

    @property
    def label(self) -> str:
        return str(RetentionClass(self.retention_class).label)


def retention_of(*, household: Household) -> RetentionOutcome | None:
    """The household's current retention class and date; None while support runs.

    The caller has read the household file through the policy."""
    record = RetentionRecord.objects.filter(household=household).first()
    if record is None:
        return None
    return RetentionOutcome(record.retention_class, record.delete_after, record.legal_hold)


def retention_preview(
    *, household: Household, closing_pk: int, frameworks: Collection[str]
) -> RetentionOutcome | None:
    """What closing trajectory ``closing_pk`` today with ``frameworks`` would give the file
    (None: another trajectory of the household still runs). Same rules as on closing."""
    today = timezone.localdate()
    closed: list[ClosedTrajectory] = []
    for t in household.trajectories.prefetch_related("frameworks"):
        if t.pk == closing_pk:
            chosen = frozenset(frameworks) or None
            closed.append(ClosedTrajectory(t.started_on, today, chosen, t.plans.exists()))
        elif t.closed_on is None:
            return None
        else:
            stored = frozenset(f.framework for f in t.frameworks.all()) or None
            closed.append(ClosedTrajectory(t.started_on, t.closed_on, stored, t.plans.exists()))
    retention_class = _class_of(closed, _births(household))
    closed_on = max(t.closed_on for t in closed)
    return RetentionOutcome(retention_class, _delete_after(retention_class, closed_on))


def _delete_after(retention_class: str, closed_on: dt.date) -> dt.date:
    if retention_class == RetentionClass.WITHDRAWN:
        return closed_on + dt.timedelta(weeks=settings.RETENTION_WITHDRAWN_WEEKS)
    years = (
        settings.RETENTION_YOUTH_YEARS
        if retention_class == RetentionClass.YOUTH
        else settings.RETENTION_WMO_YEARS
    )
    return add_years(closed_on, years)


@transaction.atomic
def retention_assign(*, household: Household) -> RetentionRecord | None:
    """Give (or refresh) the household's retention class and date; None while support runs.

    Called when a trajectory closes, and by the purge for households closed before."""
    found = _classify(household)
    if found is None:
        RetentionRecord.objects.filter(household=household, legal_hold=False).delete()
        return None
    retention_class, closed_on = found
    delete_after = _delete_after(retention_class, closed_on)
    defaults: dict[str, object] = {
        "retention_class": retention_class,
        "closed_on": closed_on,
        "delete_after": delete_after,
    }
    if not RetentionRecord.objects.filter(household=household, delete_after=delete_after).exists():
        defaults["announced_on"] = None  # a new date needs a new notice
    record, _created = RetentionRecord.objects.update_or_create(
        household=household, defaults=defaults
    )
    return record


@transaction.atomic
def legal_hold_set(*, household: Household, hold: bool, reason: str = "") -> RetentionRecord:
    record = retention_assign(household=household) or RetentionRecord(
        household=household,
        retention_class=RetentionClass.WMO,
        closed_on=timezone.localdate(),
        delete_after=add_years(timezone.localdate(), settings.RETENTION_WMO_YEARS),
    )
    record.legal_hold = hold
    record.hold_reason = reason
    record.save()
    return record


@dataclass
class PurgeReport:
    dry_run: bool
    assigned: int = 0
    destroyed: list[int] = field(default_factory=list)
    held: list[int] = field(default_factory=list)
    awaiting_notice: list[int] = field(default_factory=list)
    rows_deleted: dict[str, int] = field(default_factory=dict)


def _assign_missing() -> int:
    assigned = 0
    closed_without_record = Household.objects.filter(
        retention__isnull=True, trajectories__closed_on__isnull=False
    ).distinct()
    for household in closed_without_record.iterator():
        if retention_assign(household=household) is not None:
            assigned += 1
    return assigned


def destruction_day(record: RetentionRecord, notice_days: int) -> dt.date | None:
    """The first day the purge may destroy this file; None while it was not announced."""
    after = record.delete_after + dt.timedelta(days=1)
    if notice_days == 0:
        return after
    if record.announced_on is None:
        return None
    return max(after, record.announced_on + dt.timedelta(days=notice_days))


@transaction.atomic
def retention_report_make(*, today: dt.date | None = None) -> RetentionReport:
    """Announce the files due within the notice period and store the dry-run report."""
    day = today or timezone.localdate()
    notice = settings.RETENTION_NOTICE_DAYS
    _assign_missing()
    horizon = day + dt.timedelta(days=notice)
    RetentionRecord.objects.filter(
        delete_after__lt=horizon, legal_hold=False, announced_on__isnull=True
    ).update(announced_on=day)
    planned: Counter[dt.date] = Counter()
    by_class: Counter[str] = Counter()
    for record in RetentionRecord.objects.filter(legal_hold=False, announced_on__isnull=False):
        when = destruction_day(record, notice)
        if when is not None:
            planned[max(when, day)] += 1
            by_class[record.retention_class] += 1
    return RetentionReport.objects.create(
        made_on=day,
        notice_days=notice,
        planned=[{"date": d.isoformat(), "households": n} for d, n in sorted(planned.items())],
        by_class=dict(by_class),
        on_hold=RetentionRecord.objects.filter(legal_hold=True, delete_after__lt=horizon).count(),
    )


def retention_report_latest() -> RetentionReport | None:
    return RetentionReport.objects.order_by("-made_at").first()


def purge(
    *, today: dt.date | None = None, dry_run: bool = True, notice_days: int | None = None
) -> PurgeReport:
    """Destroy households past their date and past their notice (not on hold), keeping
    anonymous statistics. ``notice_days=0`` destroys without an earlier report."""
    day = today or timezone.localdate()
    notice = settings.RETENTION_NOTICE_DAYS if notice_days is None else notice_days
    report = PurgeReport(dry_run=dry_run)
    report.assigned = _assign_missing()
    due = RetentionRecord.objects.filter(delete_after__lt=day).select_related(
        "household", "household__team"
    )
    for record in due.order_by("pk"):
        if record.legal_hold:
            report.held.append(record.household_id)
            continue
        when = destruction_day(record, notice)
        if when is None or when > day:
            report.awaiting_notice.append(record.household_id)
            continue
        report.destroyed.append(record.household_id)
        if dry_run:
            continue
        with transaction.atomic():
            _destroy(record, day, report)
    return report


def _destroy(record: RetentionRecord, day: dt.date, report: PurgeReport) -> None:
    household = record.household
    trajectories = list(household.trajectories.all())
    RetentionStatistic.objects.create(
        team=household.team,
        closed_year=record.closed_on.year,
        retention_class=record.retention_class,
        members=household.members.count(),
        trajectories=len(trajectories),
        days_of_support=sum(((t.closed_on or day) - t.started_on).days for t in trajectories),
        purged_on=day,
    )
    # Signals keep their household PROTECTed: they are part of the same personal data.
    from wijkteam.intake.models import Signal

    for signal in Signal.objects.filter(household=household):
        _count(report, signal.delete())
    # The access log is kept: it names no content and has its own term of at least 5 years.
    _count(report, household.delete())


def _count(report: PurgeReport, deleted: tuple[int, dict[str, int]]) -> None:
    for label, number in deleted[1].items():
        report.rows_deleted[label] = report.rows_deleted.get(label, 0) + number
