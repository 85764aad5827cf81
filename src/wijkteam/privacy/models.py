"""The access log: one append-only row per read or change of personal data (NEN 7513 style)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessEvent(models.TextChoices):
    READ = "read", _("Read")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")
    PRINT = "print", _("Print")


class AccessOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    DENIED = "denied", _("Denied")


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an access-log row."""


class AccessLogEntry(models.Model):
    event = models.CharField(_("event"), max_length=10, choices=AccessEvent.choices)
    occurred_at = models.DateTimeField(_("date and time"), db_index=False)
    outcome = models.CharField(_("outcome"), max_length=10, choices=AccessOutcome.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("person"),
    )
    # Snapshot of the name, so the log stays readable when the account is renamed.
    actor_name = models.CharField(_("person's name"), max_length=200)
    actor_role = models.CharField(_("role"), max_length=40)
    on_behalf_of = models.CharField(
        _("on behalf of"),
        max_length=200,
        help_text=_("The team or organisation the person acted for."),
    )
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=200)
    ip_address = models.GenericIPAddressField(_("network address"), null=True)
    # Tamper evidence: a sealer (``wijkteam accesslog_seal``) chains rows in id order once
    # they are older than any open transaction can be; see privacy/chain.py.
    seal_seq = models.BigIntegerField(_("seal number"), null=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    row_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        indexes = [
            # "Who opened X?"
            models.Index(
                fields=["object_type", "object_id", "occurred_at"], name="accesslog_object"
            ),
            # "What did Y open?"
            models.Index(fields=["actor", "occurred_at"], name="accesslog_actor"),
            models.Index(fields=["occurred_at"], name="accesslog_time"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_name} {self.event} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Access-log rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("Access-log rows are append-only.")


class AccessLogSealState(models.Model):
    """One row: where the chain stands. Only the sealer and the purge change it."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")
    # After a retention purge the chain starts after the purged rows: seq and hash of the
    # last purged row, so verification can start there.
    anchor_seq = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, default="")
    sealed_until = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("access log seal state")
        verbose_name_plural = _("access log seal states")

    def __str__(self) -> str:
        return f"sealed up to #{self.last_seq}"
