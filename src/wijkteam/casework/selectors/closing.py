"""What the closing page shows: the open work to settle, the legal frameworks the file
suggests, and what each choice does to the file's retention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.casework.choices import LegalFramework
from wijkteam.casework.models import Action, ProblemStatement, Trajectory
from wijkteam.casework.services.closing import monitoring_unfinished, open_actions
from wijkteam.lifedomains import LifeDomain
from wijkteam.privacy.retention import RetentionOutcome, add_years, retention_preview

# Problems on these life domains mean work or income support was part (Participatiewet).
WORK_AND_INCOME_DOMAINS = (LifeDomain.FINANCES, LifeDomain.DAYTIME_ACTIVITIES)


@dataclass
class ClosingOverview:
    open_actions: list[Action] = field(default_factory=list)
    monitoring_until: dt.date | None = None  # set while the monitoring period still runs
    suggested: list[str] = field(default_factory=list)
    # What closing with Jeugdwet among the frameworks gives, and what closing without it gives.
    with_youth: RetentionOutcome | None = None
    without_youth: RetentionOutcome | None = None
    reasons: list[str] = field(default_factory=list)


def _youth_help_registered(trajectory: Trajectory) -> bool:
    """A referral from this trajectory's plans to a service for young people (up to 18)."""
    from wijkteam.socialmap.models import Referral, ReferralStatus

    return (
        Referral.objects.filter(solution__plan__trajectory=trajectory, service__max_age__lte=18)
        .exclude(status=ReferralStatus.REFUSED)
        .exists()
    )


def frameworks_suggested(trajectory: Trajectory) -> tuple[list[str], list[str]]:
    """The frameworks to prefill on closing, from what the file holds, with the reasons.

    Jeugdwet when a member was under 18 during the trajectory *and* youth help was
    registered (a referral to a youth service); otherwise Wmo 2015. Participatiewet as well
    when the plan had problems with finances or daytime activities (work and income).
    """
    today = timezone.localdate()
    minor = any(
        m.date_of_birth and add_years(m.date_of_birth, 18) > min(trajectory.started_on, today)
        for m in trajectory.household.members.all()
    )
    suggested: list[str] = []
    reasons: list[str] = []
    if minor and _youth_help_registered(trajectory):
        suggested.append(LegalFramework.JEUGDWET)
        reasons.append(_("A member is under 18 and was referred to youth help."))
    else:
        suggested.append(LegalFramework.WMO)
    work_and_income = ProblemStatement.objects.filter(
        plan__trajectory=trajectory, life_domain__in=WORK_AND_INCOME_DOMAINS
    ).exists()
    if work_and_income:
        suggested.append(LegalFramework.PARTICIPATIEWET)
        reasons.append(_("The plan had problems with finances or daytime activities."))
    return suggested, reasons


def closing_overview(*, trajectory: Trajectory) -> ClosingOverview:
    """For the closing page; the caller holds the right to work on the file."""
    suggested, reasons = frameworks_suggested(trajectory)
    household = trajectory.household
    return ClosingOverview(
        open_actions=open_actions(trajectory),
        monitoring_until=trajectory.monitoring_until if monitoring_unfinished(trajectory) else None,
        suggested=suggested,
        reasons=reasons,
        with_youth=retention_preview(
            household=household, closing_pk=trajectory.pk, frameworks=[LegalFramework.JEUGDWET]
        ),
        without_youth=retention_preview(
            household=household, closing_pk=trajectory.pk, frameworks=[LegalFramework.WMO]
        ),
    )
