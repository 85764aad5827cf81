"""What the household file shows about emergency access.

Under a grant a person reads the file and may write a note; the casework rule gives the role
``policy.EMERGENCY_ACCESS_ROLE`` for it, so every read and every note is logged under that
role. The file shows the grant (reason and expiry) as a banner, and marks the notes that were
written under emergency access. The mark is read from the access log (the note's create row
carries the role), so it needs no column on the note and cannot be set by anything else.
"""

from __future__ import annotations

from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.privacy.models import AccessEvent, AccessLogEntry, EmergencyAccess
from wijkteam.privacy.policy import EMERGENCY_ACCESS_ROLE


def active_grant(user: User, household_id: int) -> EmergencyAccess | None:
    """The person's running grant on this household (the latest to expire), if any."""
    return (
        EmergencyAccess.objects.filter(
            user=user, household_id=household_id, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


def written_under_emergency(note_ref: str = "pk") -> Exists:
    """``Exists`` for a Note queryset: was the note's creation logged under emergency access?

    An annotation on the notes query (the access log's object index), not a query of its own,
    so the file page stays constant in queries."""
    return Exists(
        AccessLogEntry.objects.filter(
            object_type="casework.note",
            object_id=Cast(OuterRef(note_ref), CharField()),
            event=AccessEvent.CREATE,
            actor_role=EMERGENCY_ACCESS_ROLE,
        )
    )
