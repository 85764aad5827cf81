"""Nothing typed is lost: what a POST brought is kept when it could not be saved.

Three moments lose a POST today: the session ended while the person was typing, the CSRF
check failed (a form left open across a new login), or the server failed. In each case this
module picks the typed fields from the request, and ``services.draft_keep`` stores them for
the person, encrypted, for ``DRAFT_KEEP_SECONDS``; after logging in again the person gets
them back ("Je notitie was nog niet opgeslagen; nu opslaan?").

Why encrypted with a key derived per person: the values are notes about residents, kept
outside their file. Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) refuses a
token older than its time to live, so an expired draft is unreadable even before
``draft_purge`` deletes it, and a key derived with HKDF from ``DRAFT_KEY`` (or the secret
key) plus the person's id means a row moved to another person cannot be decrypted either.

Why the old session is still recognised after the idle end: the idle check ends the
session at once (nobody is logged in by it again), but it writes the person's id into the
fresh anonymous session, for ``SESSION_RECOGNISE_SECONDS``, so that a POST arriving later
in the same browser (another tab, the note finished after an hour) can still be kept for
that person. Without a session at all (browser closed) nobody is known and nothing is kept:
the login page says so. Session cookies are ``SameSite=Lax``, so a cross-site POST never
carries them; kept input is only offered back, never saved without the person.
"""

from __future__ import annotations

import base64
import enum
import json
import time
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

# In the anonymous session that follows an idle end: whose it was, and until when.
EXPIRED_OWNER_KEY = "_wijkteam_expired_owner"
# A one-time notice for the login page: "ended", "kept" or "lost".
LOGIN_NOTICE_KEY = "_wijkteam_login_notice"
# Largest input kept (characters over all fields); more is refused, not cut.
MAX_CHARS = 200_000
# Name parts that mark a secret: never kept, whatever the form.
_SECRET_PARTS = frozenset(
    {"password", "passwd", "secret", "token", "otp", "totp", "code", "key", "pin", "csrf"}
)
_SECRET_SUBSTRINGS = ("password", "token", "csrf", "secret")
# Pages whose fields are credentials or settings, never notes.
_NEVER_KEPT_NAMESPACES = frozenset({"accounts", "admin"})
_NEVER_KEPT_NAMES = frozenset({"set_language"})


class Outcome(enum.StrEnum):
    KEPT = "kept"
    LOST = "lost"  # there was input, but nobody to keep it for
    NOTHING = "nothing"  # nothing to keep (no fields, or a page whose input is never kept)
    FAILED = "failed"  # keeping itself failed (e.g. the database is why the request failed)


def _fernet(user_id: int) -> Fernet:
    master = (settings.DRAFT_KEY or settings.SECRET_KEY).encode()
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"wijkteam-draft-v1",
        info=f"accounts.draft:{user_id}".encode(),
    ).derive(master)
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(*, user_id: int, fields: list[tuple[str, str]]) -> str:
    payload = json.dumps({"user": user_id, "fields": fields}, ensure_ascii=False).encode()
    return _fernet(user_id).encrypt(payload).decode("ascii")


def decrypt(*, user_id: int, ciphertext: str) -> list[tuple[str, str]] | None:
    """The fields, or None when the token is expired, damaged or someone else's."""
    try:
        raw = _fernet(user_id).decrypt(ciphertext.encode("ascii"), ttl=settings.DRAFT_KEEP_SECONDS)
    except (InvalidToken, ValueError):
        return None
    payload = json.loads(raw)
    if payload.get("user") != user_id:
        return None
    return [(str(name), str(value)) for name, value in payload["fields"]]


def is_secret_field(name: str) -> bool:
    lowered = name.lower()
    parts = {part.rstrip("0123456789") for part in lowered.replace("-", "_").split("_")}
    return bool(parts & _SECRET_PARTS) or any(s in lowered for s in _SECRET_SUBSTRINGS)


def keepable_page(request: HttpRequest) -> bool:
    """A POST to a page that needs a login and is not about credentials or settings."""
    if request.path.startswith(("/api/", "/static/")):
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    if match.namespace in _NEVER_KEPT_NAMESPACES or match.url_name in _NEVER_KEPT_NAMES:
        return False
    return getattr(match.func, "login_required", True) is not False


def typed_fields(request: HttpRequest) -> list[tuple[str, str]]:
    """The POST's text fields in order, without secrets, empty values or files."""
    try:
        items = list(request.POST.lists())
    except (SuspiciousOperation, MultiPartParserError, OSError):
        # Too many fields, too large, cut off: a body Django cannot read has nothing to keep.
        return []
    fields = [
        (name, value)
        for name, values in items
        if not is_secret_field(name)
        for value in values
        if value.strip()
    ]
    if sum(len(value) for _name, value in fields) > MAX_CHARS:
        return []
    return fields


def form_page(request: HttpRequest) -> str:
    """The page the form was on (the referring page of this site), else the POST's path."""
    referer = str(request.META.get("HTTP_REFERER", ""))
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        parts = urlsplit(referer)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/") and not path.startswith(("//", "/\\")) and len(path) <= 500:
            return path
    return request.path[:500]


def same_site(request: HttpRequest) -> bool:
    """Refuse what a browser marks as sent from another site (defence in depth)."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.META.get("HTTP_ORIGIN")
    if origin and origin != "null":
        return url_has_allowed_host_and_scheme(origin + "/", allowed_hosts={request.get_host()})
    return True


def remember_expired_owner(session: Any, *, user_id: str, now: int) -> None:
    session[EXPIRED_OWNER_KEY] = {
        "user": user_id,
        "until": now + settings.SESSION_RECOGNISE_SECONDS,
    }


def expired_owner(session: Any) -> int | None:
    """The person of a session that ended by idleness, while it is still recognised."""
    owner = session.get(EXPIRED_OWNER_KEY)
    if not isinstance(owner, dict) or not isinstance(owner.get("until"), int):
        return None
    if owner["until"] < int(time.time()):
        return None
    try:
        return int(owner["user"])
    except (TypeError, ValueError):
        return None
