"""The database section of settings.py: psycopg's pool, the replica alias and its router."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import override_settings

from wijkteam import settings as wijkteam_settings
from wijkteam.households.models import Household
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.steering.models import ProtectedPeriod, SummaryCount

URL = "postgres://wijkteam:secret@db.internal:5432/wijkteam"
ROUTER = ["wijkteam.core.dbrouter.ReplicaRouter"]


def test_web_processes_pool_their_connections_and_give_up_persistent_ones() -> None:
    config = wijkteam_settings.postgres_database(URL, pool_size=6, conn_max_age=60, web=True)
    assert config["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 6, "timeout": 10}
    # Django refuses a pool next to persistent connections.
    assert config["CONN_MAX_AGE"] == 0
    assert config["OPTIONS"]["options"] == "-c lock_timeout=5000"


def test_pool_size_zero_keeps_persistent_connections_and_commands_never_pool() -> None:
    off = wijkteam_settings.postgres_database(URL, pool_size=0, conn_max_age=60, web=True)
    assert "pool" not in off["OPTIONS"] and off["CONN_MAX_AGE"] == 60
    worker = wijkteam_settings.postgres_database(URL, pool_size=6, conn_max_age=60, web=False)
    assert "pool" not in worker["OPTIONS"] and worker["CONN_MAX_AGE"] == 60
    assert "options" not in worker["OPTIONS"]  # the job worker waits the long lock time


def _settings_for(monkeypatch: pytest.MonkeyPatch, argv: list[str], **env: str) -> dict[str, Any]:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", argv)
    # exec, not runpy.run_path: that sets argv[0] to the file, and argv says who runs.
    path = Path(wijkteam_settings.__file__)
    namespace: dict[str, Any] = {"__file__": str(path), "__name__": "settings_under_test"}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return namespace


def test_a_replica_url_adds_the_replica_alias_and_router_for_web_processes_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    replica = "postgres://reader@replica.internal:5432/wijkteam"
    web = _settings_for(monkeypatch, ["gunicorn"], DATABASE_URL=URL, DATABASE_REPLICA_URL=replica)
    assert web["DATABASES"]["replica"]["HOST"] == "replica.internal"
    assert web["DATABASES"]["replica"]["TEST"] == {"MIRROR": "default"}
    assert "ATOMIC_REQUESTS" not in web["DATABASES"]["replica"]
    assert web["DATABASES"]["default"]["OPTIONS"]["pool"]["max_size"] == 4
    assert web["DATABASE_ROUTERS"] == ROUTER
    worker = _settings_for(
        monkeypatch, ["wijkteam", "qcluster"], DATABASE_URL=URL, DATABASE_REPLICA_URL=replica
    )
    assert set(worker["DATABASES"]) == {"default"} and worker["DATABASE_ROUTERS"] == []
    no_replica = _settings_for(
        monkeypatch,
        ["gunicorn"],
        DATABASE_URL=URL,
        DATABASE_REPLICA_URL="",
        WIJKTEAM_DB_POOL_SIZE="0",
    )
    assert set(no_replica["DATABASES"]) == {"default"} and no_replica["DATABASE_ROUTERS"] == []
    assert "pool" not in no_replica["DATABASES"]["default"]["OPTIONS"]


@override_settings(DATABASE_ROUTERS=ROUTER)
def test_router_sends_only_the_steering_counts_to_the_replica() -> None:
    # The dashboard's aggregate table reads the replica, whatever code builds the query.
    assert SummaryCount.objects.filter(indicator="x").db == "replica"
    # Personal data, the access log, sessions and the stored pattern stay on the primary.
    for model in (Household, AccessLogEntry, Session, ProtectedPeriod):
        assert model.objects.all().db == "default", model
    # Writes (also a read for update) and migrations never go to the replica.
    assert SummaryCount.objects.select_for_update().db == "default"
    from django.db import router

    assert router.db_for_write(SummaryCount) == "default"
    assert router.allow_migrate("replica", "steering") is False
    assert router.allow_migrate("default", "steering") is True


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_pooled_connection_is_reused_across_requests(django_db_blocker: Any) -> None:
    """A real psycopg pool on the test database: the second 'request' gets the first one's
    server process back instead of opening a connection. One connection at most, so the pool's
    background filler cannot hand the second request a different, freshly opened one."""
    from django.db.backends.postgresql.base import DatabaseWrapper

    config = {
        **connection.settings_dict,
        "CONN_MAX_AGE": 0,
        "ATOMIC_REQUESTS": False,
        "OPTIONS": {**connection.settings_dict["OPTIONS"], "pool": {"min_size": 1, "max_size": 1}},
    }
    pooled = DatabaseWrapper(config, alias="pool-test")
    try:
        pids = []
        for _ in range(2):
            with pooled.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pids.append(cursor.fetchone()[0])
            pooled.close_if_unusable_or_obsolete()  # what Django does at a request's end
            assert pooled.connection is None
        assert pids[0] == pids[1]
        assert pooled.pool is not None and pooled.pool.get_stats()["pool_size"] >= 1
    finally:
        pooled.close_pool()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_pool_with_no_free_connection_is_a_busy_503_not_a_500(rf: Any) -> None:
    """Every pooled connection in use past the pool's timeout: the error is a busy database,
    and the 500 handler (where an error raised in a middleware ends up) answers 503 with
    Retry-After and the typed fields, instead of a 500."""
    from django.db import OperationalError
    from django.db.backends.postgresql.base import DatabaseWrapper

    from wijkteam.core.views import server_error
    from wijkteam.jobs.middleware import is_busy

    config = {
        **connection.settings_dict,
        "CONN_MAX_AGE": 0,
        "ATOMIC_REQUESTS": False,
        "OPTIONS": {
            **connection.settings_dict["OPTIONS"],
            "pool": {"min_size": 1, "max_size": 1, "timeout": 0.2},
        },
    }
    pooled = DatabaseWrapper(config, alias="pool-busy-test")
    try:
        pooled.ensure_connection()  # opens the pool and takes its one connection
        held = pooled.connection
        other = DatabaseWrapper(config, alias="pool-busy-test")  # pools are per alias
        with pytest.raises(OperationalError) as exhausted:
            other.ensure_connection()
        assert is_busy(exhausted.value)
        request = rf.post("/households/1/notes/", {"text": "Getypte notitie"})
        try:
            raise exhausted.value
        except OperationalError:
            response = server_error(request)
        assert response.status_code == 503 and response["Retry-After"]
        assert "Getypte notitie" in response.content.decode()
        assert held is pooled.connection
    finally:
        pooled.close()  # gives the held connection back, so closing the pool closes it
        pooled.close_pool()
