"""Shared model pieces: the conflict-safe row, and the record of a write that must happen once
(the first use of a form token or API key)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VersionedRow(models.Model):
    """A row edited through conflict-safe forms (core/conflicts.py): the version an edit form
    carries, and who saved the row last and when, for the second writer's conflict message."""

    lock_version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("last changed"), null=True, blank=True)

    class Meta:
        abstract = True


class IdempotencyChannel(models.TextChoices):
    FORM = "form", _("form in the user interface")
    API = "api", _("API request")


class IdempotencyRecord(models.Model):
    """One row per person and key: the claim of the first request and, once it has answered,
    its outcome, so that a repeat gets the same answer without running the write again.

    The row is written in the same transaction as the write it guards; the unique constraint
    makes a concurrent repeat wait for (PostgreSQL) or queue behind (SQLite, IMMEDIATE) the
    first request, and then find its outcome. Rows are purged after a day
    (``core.idempotency.idempotency_purge``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=IdempotencyChannel.choices)
    key_hash = models.CharField(
        _("key hash"), max_length=64, help_text=_("SHA-256 of the form token or API key.")
    )
    request_hash = models.CharField(
        _("request hash"),
        max_length=64,
        help_text=_("SHA-256 of method, path and body: the same key with another body is refused."),
    )
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    location = models.CharField(_("redirect to"), max_length=2000, blank=True)
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    body = models.BinaryField(_("response body"), blank=True, default=b"")
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "channel", "key_hash"], name="core_idempotency_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.key_hash[:12]} ({self.status_code or 'running'})"
