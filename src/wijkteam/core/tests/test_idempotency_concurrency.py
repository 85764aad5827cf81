"""Two requests with the same token at the same moment: the second waits for the first and
gets its outcome (PostgreSQL: the insert blocks on the unique index until the first commits)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.http import HttpResponse

from wijkteam.accounts.models import User
from wijkteam.core.idempotency import Claim, idempotency_claim, idempotency_complete
from wijkteam.core.models import IdempotencyChannel

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _claim(user: User) -> Claim:
    return idempotency_claim(
        user_id=user.pk, channel=IdempotencyChannel.FORM, key="/x/\0token", request_hash="h"
    )


def test_a_concurrent_repeat_waits_for_the_first_and_finds_its_outcome() -> None:
    user = User.objects.create(username="gelijktijdig")
    first_claimed, may_commit = threading.Event(), threading.Event()
    second_pid: list[int] = []
    results: dict[str, Any] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                results["first"] = _claim(user)
                first_claimed.set()
                assert may_commit.wait(30)
                redirect = HttpResponse(status=302, headers={"Location": "/klaar/"})
                idempotency_complete(results["first"], response=redirect)
        finally:
            connections.close_all()

    def second() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                second_pid.append(cursor.fetchone()[0])
            with transaction.atomic():
                results["second"] = _claim(user)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert first_claimed.wait(30)
    threads[1].start()
    # Wait until the second really is blocked on the first's row lock, then let the first commit.
    with connection.cursor() as cursor:
        for _ in range(600):
            if second_pid:
                cursor.execute(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [second_pid[0]]
                )
                row = cursor.fetchone()
                if row and row[0] == "Lock":
                    break
            threading.Event().wait(0.05)
        else:
            pytest.fail("the second request never waited for the first")
    may_commit.set()
    for thread in threads:
        thread.join(30)

    assert results["first"].first is True
    assert results["second"].first is False
    assert (results["second"].record.status_code, results["second"].record.location) == (
        302,
        "/klaar/",
    )
