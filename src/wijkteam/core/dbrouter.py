"""Send the steering dashboard's aggregate reads to a streaming replica.

Active only when ``DATABASE_REPLICA_URL`` is set (settings.py adds this router and the
``replica`` alias, in web processes only). What may read a replica, and why only that:

- ``steering.SummaryCount``: counts per team, month and indicator, no personal data and no
  access-log row of their own, maintained by the job worker every 15 minutes; they are
  already up to a quarter of an hour behind by design, so a replica's lag of a second or
  two changes nothing the dashboard shows. The protection pattern (``ProtectedPeriod``) is
  computed from the counts the dashboard read and compared by fingerprint, so a lagging
  replica gives a pattern that matches the figures shown; the pattern itself is read and
  written on the primary.
- Everything else reads the primary: personal data (every read goes through the policy and
  writes its access-log row in the same transaction on the primary, so the read and its log
  row commit together), sessions, the job queue, and anything a request may write after
  reading it.

Writes and migrations always go to the primary (a streaming replica is read-only and gets
its schema from the primary's WAL).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

REPLICA = "replica"
# (app label, model name) of the aggregate tables a replica may serve.
REPLICA_READS = frozenset({("steering", "summarycount")})


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        meta = model._meta
        if (meta.app_label, meta.model_name) in REPLICA_READS:
            return REPLICA
        # Not None: Django would then follow the instance hint, and a team reached from a
        # count read on the replica would be read there too.
        return "default"

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # Both aliases hold the same data: a count read on the replica may point at a team.
        return {obj1._state.db, obj2._state.db} <= {"default", REPLICA, None}

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
