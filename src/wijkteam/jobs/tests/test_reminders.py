"""The daily reminder e-mail: counts and a link only, never a name or case data."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.casework.tests.helpers import make_household, make_plan
from wijkteam.intake.tests.factories import make_signal
from wijkteam.jobs import tasks


@pytest.mark.django_db
@override_settings(
    REMINDER_EMAILS=True,
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    SITE_URL="https://wijkteam.example.nl",
)
def test_reminder_says_how_many_and_links_to_my_work_without_names(world) -> None:  # type: ignore[no-untyped-def]
    User.objects.filter(pk__in=[world.member_a.pk, world.leader_a.pk, world.member_b.pk]).update(
        email="iemand@example.nl"
    )
    household = make_household(world, name="Jansen-Pietersen")
    make_plan(world, household, actions=2)  # owned by member_a, due in 7 and 8 days
    make_signal(
        world.team_a,
        world.member_a,
        subject_name="Fam. Bakker",
        deadline=timezone.localdate() + dt.timedelta(days=2),
    )
    with time_machine.travel(timezone.now() + dt.timedelta(days=9), tick=False):
        assert tasks.reminders_daily() == 2
    bodies = {m.body for m in mail.outbox}
    assert any("2 actie(s)" in b and "0 signaal" in b for b in bodies)  # member_a
    assert any("0 actie(s)" in b and "1 signaal" in b for b in bodies)  # the team leader
    for message in mail.outbox:
        assert "https://wijkteam.example.nl/" in message.body
        for secret in ("Jansen", "Pietersen", "Bakker", "Actie", "Schulden", "Teststraat"):
            assert secret not in message.body and secret not in message.subject


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_no_reminders_without_configured_email(world) -> None:  # type: ignore[no-untyped-def]
    User.objects.filter(pk=world.member_a.pk).update(email="iemand@example.nl")
    make_plan(world, make_household(world), actions=1)
    with time_machine.travel(timezone.now() + dt.timedelta(days=9), tick=False):
        assert tasks.reminders_daily() == 0
    assert mail.outbox == []
