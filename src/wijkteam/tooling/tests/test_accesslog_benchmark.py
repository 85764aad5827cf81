from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from wijkteam.conftest import World
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.services import access_log_record


@pytest.mark.django_db
def test_accesslog_benchmark_times_the_insert_and_both_lookups(world: World) -> None:
    with pytest.raises(CommandError):
        call_command("accesslog_benchmark", "--inserts", "1", "--lookups", "1")
    with transaction.atomic():
        access_log_record(
            actor=Actor(user=world.member_a, ip_address=None, purpose="test"),
            event="read",
            object_type="households.household",
            object_id=5,
        )
    out = io.StringIO()
    call_command("accesslog_benchmark", "--inserts", "3", "--lookups", "2", stdout=out)
    result = json.loads(out.getvalue())
    assert result["rows"] == 1
    assert AccessLogEntry.objects.filter(purpose="benchmark").count() == 3
    for key in ("insert_ms", "who_read_this_file_ms", "what_did_this_person_read_ms"):
        assert set(result[key]) == {"p50", "p95"}
    assert result["plan_who_read"]
