"""The access log's chain key: an HMAC key that lives outside the database.

From ``WIJKTEAM_ACCESSLOG_KEY``, else the key file ``WIJKTEAM_ACCESSLOG_KEY_FILE``. When no
variable is set and the default file does not exist yet (a fresh install, the demo), it is
created with mode 0600. A database administrator without this key cannot compute a row
digest, so cannot change a sealed row and recompute the chain unnoticed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _from_file(path: Path, *, create: bool) -> bytes:
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        if not create:
            raise ImproperlyConfigured(
                f"WIJKTEAM_ACCESSLOG_KEY_FILE names {path}, which does not exist"
            ) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two processes starting at once end up with the same (first) key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return path.read_bytes().strip()


def accesslog_key() -> bytes:
    if settings.ACCESSLOG_KEY:
        return str(settings.ACCESSLOG_KEY).encode()
    key = _from_file(Path(settings.ACCESSLOG_KEY_FILE), create=settings.ACCESSLOG_KEY_FILE_CREATE)
    if len(key) < 32:
        raise ImproperlyConfigured("the access-log key file holds fewer than 32 characters")
    return key


def sign(text: str) -> str:
    """HMAC-SHA256 (hex) of ``text`` with the chain key."""
    return hmac.new(accesslog_key(), text.encode(), hashlib.sha256).hexdigest()


def signed_ok(text: str, mac: str) -> bool:
    return hmac.compare_digest(sign(text), mac or "")
