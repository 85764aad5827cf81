"""The daily retention job: a dry-run report for the privacy officer first (counts only),
destruction only after that report has been available for the notice period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from wijkteam.households.models import Household
from wijkteam.jobs import tasks
from wijkteam.privacy import retention
from wijkteam.privacy.models import RetentionReport
from wijkteam.privacy.tests.test_retention import _today, city  # noqa: F401  (the fixture)


def _later() -> dt.date:
    """16 years on: the Wmo (15 y) and withdrawn (6 weeks) files are past their term."""
    return retention.add_years(_today(), 16)


@pytest.mark.django_db
@override_settings(RETENTION_NOTICE_DAYS=14)
def test_nothing_is_destroyed_before_a_report_announced_it(city) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    households = Household.objects.count()
    unannounced = retention.purge(today=_later(), dry_run=False)
    assert unannounced.destroyed == [] and len(unannounced.awaiting_notice) == 2
    assert Household.objects.count() == households

    report = retention.retention_report_make(today=_later())
    due_on = (_later() + dt.timedelta(days=14)).isoformat()
    assert report.planned == [{"date": due_on, "households": 2}]
    assert report.by_class == {"wmo": 1, "withdrawn": 1} and report.on_hold == 1
    # Counts only: the stored report names no household and no person.
    stored = f"{report.planned}{report.by_class}"
    assert not any(h.name in stored for h in Household.objects.all())
    assert all(set(row) == {"date", "households"} for row in report.planned)

    too_early = retention.purge(today=_later() + dt.timedelta(days=13), dry_run=False)
    assert too_early.destroyed == [] and Household.objects.count() == households
    on_time = retention.purge(today=_later() + dt.timedelta(days=14), dry_run=False)
    assert sorted(on_time.destroyed) == sorted([city["wmo"].pk, city["withdrawn"].pk])
    assert Household.objects.filter(pk=city["held"].pk).exists()  # legal hold


@pytest.mark.django_db
def test_the_daily_job_reports_before_it_destroys(city) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    import time_machine

    households = Household.objects.count()
    with time_machine.travel(dt.datetime.combine(_later(), dt.time(2)).astimezone(), tick=False):
        result = tasks.retention_daily()
    assert result["destroyed"] == 0 and Household.objects.count() == households
    assert RetentionReport.objects.count() == 1


@pytest.mark.django_db
def test_the_privacy_officer_sees_the_report_as_counts(world, client_for, city) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    retention.retention_report_make(today=_later())
    page = client_for(world.privacy_officer).get(reverse("privacy:accesslog")).content.decode()
    assert "Geplande vernietiging" in page
    due_on = _later() + dt.timedelta(days=14)
    assert f'<td class="utrecht-table__cell">{due_on.isoformat()}</td>' in page
    assert "Wmo" not in page and "Ingetrokken" not in page  # household names never shown
