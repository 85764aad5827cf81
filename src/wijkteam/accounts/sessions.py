"""Django's database sessions, read with SQL built once per connection.

Every request of a logged-in person loads its session; building that small query's SQL cost
more than running it (docs/benchmark.md, "Compiled once"). Everything else - the model, the
expiry, saving, cycling the key at login, ending sessions - is Django's ``db`` backend.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import router
from django.db.models import QuerySet
from django.utils import timezone

from wijkteam.core.compiled import CompiledQuery, Slot, as_datetime, as_text


def _session_query(*, key: str, now: dt.datetime) -> QuerySet[Session, tuple[Any, ...]]:
    return Session.objects.filter(session_key=key, expire_date__gt=now).values_list(
        "session_data", "expire_date"
    )


_FIRST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_SESSION_QUERY = CompiledQuery(
    _session_query,
    key=Slot("a", "b", as_text),
    now=Slot(_FIRST, _FIRST + dt.timedelta(seconds=1), as_datetime),
)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Session | None:
        key = self.session_key
        if key is None:
            return None
        rows = _SESSION_QUERY.rows(router.db_for_read(Session), key=key, now=timezone.now())
        if not rows:
            self._session_key = None
            return None
        data, expires = rows[0]
        return Session(session_key=key, session_data=data, expire_date=expires)
