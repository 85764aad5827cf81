"""The daily reminder: "you have N actions due and M signals past their deadline".

Privacy-safe by construction: the e-mail holds two numbers and a link to "Mijn werk", never a
name, a household or any text of a case; the person reads the details after logging in
(where the access policy applies and reads are logged). Only numbers are counted here, so no
personal data is read. Sent only when ``WIJKTEAM_REMINDER_EMAILS`` is on (e-mail configured)
and to people with an e-mail address and an active membership.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wijkteam.accounts.models import Membership, Role, User


@dataclass(frozen=True)
class Reminder:
    user: User
    actions_due: int
    signals_overdue: int


def reminders_due() -> list[Reminder]:
    """People with open actions due today or earlier, and team leaders whose teams have open
    signals past their deadline (counts only)."""
    from wijkteam.casework.choices import ActionStatus
    from wijkteam.casework.models import Action
    from wijkteam.intake.models import OPEN_STATUSES, Signal

    today = timezone.localdate()
    reminders = []
    active = Membership.objects.active().filter(user__is_active=True).exclude(user__email="")
    users = {m.user_id: m.user for m in active.select_related("user")}
    led_teams: dict[int, set[int]] = {}
    for m in active.filter(role=Role.TEAM_LEADER, team__isnull=False):
        led_teams.setdefault(m.user_id, set()).add(m.team_id)  # type: ignore[arg-type]
    for user_id, user in sorted(users.items()):
        actions = Action.objects.filter(
            owner_user_id=user_id, status=ActionStatus.OPEN, due_on__lte=today
        ).count()
        signals = (
            Signal.objects.filter(
                team_id__in=led_teams[user_id], status__in=OPEN_STATUSES, deadline__lt=today
            ).count()
            if user_id in led_teams
            else 0
        )
        if actions or signals:
            reminders.append(Reminder(user, actions, signals))
    return reminders


def reminders_send() -> int:
    if not settings.REMINDER_EMAILS:
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse("core:my_work")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for reminder in reminders_due():
            body = _(
                "Good morning,\n\nIn Wijkteam you have %(actions)d action(s) due and "
                "%(signals)d signal(s) past their deadline.\nSee them under My work: %(link)s\n\n"
                "This message contains no names or case details on purpose."
            ) % {
                "actions": reminder.actions_due,
                "signals": reminder.signals_overdue,
                "link": link,
            }
            send_mail(
                _("Wijkteam: work waiting for you"),
                body,
                settings.DEFAULT_FROM_EMAIL,
                [reminder.user.email],
            )
            sent += 1
    return sent
