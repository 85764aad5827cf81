"""``flush`` with the access log's delete guard opened: emptying the whole database (the test
database between transactional tests) deletes the log too. A flush is never quiet: the chain
is gone and ``accesslog_verify`` reports it against the anchors outside the database."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush

from wijkteam.privacy.dbguard import purge_allowed


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        with purge_allowed():
            super().handle(**options)
