"""The access log: one append-only row per read or change of personal data (NEN 7513 style)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.core.models import VersionedRow


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
    # A list read (household list, search results, Mijn werk, caseload) names every object it
    # showed here, comma-separated, in one row. Nullable on purpose: adding a NOT NULL column
    # makes SQLite rebuild the table, which would drop the append-only guard triggers.
    object_ids = models.TextField(  # noqa: DJ001 (nullable: see above)
        _("objects shown"),
        null=True,
        blank=True,
        help_text=_("The ids of all objects a list or search result showed."),
    )
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

    @property
    def actor_role_label(self) -> str:
        from wijkteam.privacy.policy import role_label

        return role_label(self.actor_role)

    @property
    def purpose_label(self) -> str:
        """The purpose in the reader's language (a purpose typed by a person as written)."""
        from wijkteam.privacy.purposes import purpose_label

        return purpose_label(self.purpose)


def shown_in_list(object_pk: int | str) -> models.Q:
    """Rows of list reads whose ``object_ids`` name this id ("12", "12,…", "…,12", "…,12,…")."""
    value = str(object_pk)
    return (
        models.Q(object_ids=value)
        | models.Q(object_ids__startswith=f"{value},")
        | models.Q(object_ids__endswith=f",{value}")
        | models.Q(object_ids__contains=f",{value},")
    )


class AccessLogSealState(models.Model):
    """One row: where the chain stands. Only the sealer and the purge change it."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")
    # After a retention purge the chain starts after the purged rows: seq and hash of the
    # last purged row, so verification can start there.
    anchor_seq = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, default="")
    sealed_until = models.DateTimeField(null=True)
    # Chain epoch: rows from this seal number on carry an HMAC digest (privacy/keys.py); rows
    # before it were sealed with plain SHA-256 before the key existed. Null: no keyed seal yet.
    keyed_from_seq = models.BigIntegerField(null=True)
    # HMAC over the fields above, written by the sealer and the purge: a hand-edited state
    # (rewound, moved anchor, removed epoch) no longer matches it.
    state_mac = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("access log seal state")
        verbose_name_plural = _("access log seal states")

    def __str__(self) -> str:
        return f"sealed up to #{self.last_seq}"


class AccessLogPurge(models.Model):
    """One retention purge of the access log: which part of the chain's start it removed.

    Signed with the chain key, and also written to the anchor file, so rows missing at the
    start of the chain are explained by a real purge or reported as a faked one.
    """

    up_to_seq = models.BigIntegerField()
    up_to_hash = models.CharField(max_length=64)
    rows = models.BigIntegerField()
    cutoff = models.DateTimeField()
    purged_at = models.DateTimeField()
    mac = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("access log purge")
        verbose_name_plural = _("access log purges")

    def __str__(self) -> str:
        return f"purge up to #{self.up_to_seq}"


class EmergencyAccess(models.Model):
    """ "Break the glass": an uninvolved team member opens a file after stating a reason.

    Time-limited, logged, and listed for the team leader and for the privacy officer until
    each has acknowledged it (:class:`EmergencyAcknowledgement`, one per reviewer role).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("household"),
    )
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted at"))
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        indexes = [
            models.Index(
                fields=["user", "household", "expires_at"], name="emergency_user_household"
            ),
            models.Index(fields=["granted_at"], name="emergency_granted"),
        ]

    def __str__(self) -> str:
        return f"emergency access {self.user_id} → household {self.household_id}"


class ReviewerRole(models.TextChoices):
    """Who reviews an emergency access; each of them separately (the values are roles)."""

    TEAM_LEADER = "team_leader", _("Team leader")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")


class EmergencyAcknowledgement(models.Model):
    """One reviewer role has looked at one emergency access.

    Per role, not per grant: the team leader's acknowledgement does not clear the grant from
    the privacy officer's list, and the other way round. One row per grant and role.
    """

    grant = models.ForeignKey(
        EmergencyAccess,
        on_delete=models.CASCADE,
        related_name="acknowledgements",
        verbose_name=_("emergency access"),
    )
    reviewer_role = models.CharField(_("reviewed as"), max_length=20, choices=ReviewerRole.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"))
    note = models.TextField(_("note with the acknowledgement"), blank=True)

    class Meta:
        verbose_name = _("acknowledgement of emergency access")
        verbose_name_plural = _("acknowledgements of emergency access")
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "reviewer_role"], name="emergency_ack_once_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_role} acknowledged emergency access {self.grant_id}"


class ConsentGiver(models.TextChoices):
    RESIDENT = "resident", _("The resident")
    PARENT = "parent", _("Parent with parental authority")
    REPRESENTATIVE = "representative", _("Legal representative")


class ConsentForm(models.TextChoices):
    WRITTEN = "written", _("Written")
    VERBAL = "verbal", _("Verbal")


class DataCategory(models.TextChoices):
    IDENTITY = "identity", _("Identity and contact details")
    HOUSEHOLD = "household", _("Household composition")
    PLAN = "plan", _("Plan and agreements")
    ASSESSMENTS = "assessments", _("Self-sufficiency scores")
    HEALTH = "health", _("Health")
    FINANCES = "finances", _("Finances and debts")
    JUSTICE = "justice", _("Justice")


class Consent(VersionedRow):
    """A resident's consent to share data for a purpose with named recipients."""

    member = models.ForeignKey(
        "households.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("resident")
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    # Recipients are chosen from the social map's providers; the text holds only the
    # organisations that are not on the map ("other"), one per line.
    recipient_providers = models.ManyToManyField(
        "socialmap.Provider",
        blank=True,
        related_name="+",
        verbose_name=_("recipient organisations from the social map"),
    )
    recipients = models.TextField(
        _("other recipient organisations"),
        blank=True,
        help_text=_("Organisations that are not in the social map, one per line."),
    )
    data_categories = models.JSONField(_("data categories"), default=list)
    given_by = models.CharField(_("given by"), max_length=20, choices=ConsentGiver.choices)
    form = models.CharField(_("form"), max_length=10, choices=ConsentForm.choices)
    document = models.FileField(_("document"), upload_to="consent/%Y/", blank=True)
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["member", "given_on"], name="consent_member")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("given_on")),
                name="consent_expiry_after_given",
            )
        ]

    def __str__(self) -> str:
        return f"consent of {self.member_id}: {self.purpose}"

    @property
    def other_recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def recipient_list(self) -> list[str]:
        """All recipients by name: the social map's providers first, then the others."""
        providers = [p.name for p in self.recipient_providers.all()] if self.pk else []
        return providers + self.other_recipient_list


class LegalGround(models.TextChoices):
    WMO_REPORT_VEILIG_THUIS = "wmo_veilig_thuis", _("Right to report to Veilig Thuis (Wmo 2015)")
    YOUTH_REPORT = "jeugdwet_report", _("Right to report under the Youth Act")
    VITAL_INTEREST = "vital_interest", _("Vital interest (danger to life or health)")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation or court order")


class Disclosure(models.Model):
    """Data shared without consent, on a legal ground, recorded as such."""

    household = models.ForeignKey(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("household"),
    )
    recipient = models.CharField(_("recipient"), max_length=200)
    legal_ground = models.CharField(_("legal ground"), max_length=30, choices=LegalGround.choices)
    explanation = models.TextField(_("explanation"))
    disclosed_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("disclosure without consent")
        verbose_name_plural = _("disclosures without consent")

    def __str__(self) -> str:
        return f"disclosure to {self.recipient} ({self.legal_ground})"


class ProtocolSettings(VersionedRow):
    """What a functional administrator may tune in the information protocol, within safe
    bounds: switches can only narrow access, never open content to a role. Versioned like the
    other configuration pages (core/conflicts.py)."""

    municipality = models.OneToOneField(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="protocol_settings"
    )
    leader_sees_caseload = models.BooleanField(
        _("team leaders see the caseload"),
        default=True,
        help_text=_("Names, phase and dates of the team's households; never their content."),
    )
    uninvolved_members_see_metadata = models.BooleanField(
        _("uninvolved team members see that a household is known"),
        default=True,
        help_text=_("Name and phase only; needed to avoid double files and for emergency access."),
    )
    emergency_access_hours = models.PositiveSmallIntegerField(
        _("hours of emergency access"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    # The one switch that widens: off, a civil servant sees name, BSN and the kind of help only.
    civil_servants_see_contact_details = models.BooleanField(
        _("civil servants see date of birth, phone and e-mail"),
        default=False,
        help_text=_(
            "Only when the municipality's task (e.g. Wmo) needs them. Off: name, citizen "
            "service number and the kind of help only."
        ),
    )

    class Meta:
        verbose_name = _("information protocol settings")
        verbose_name_plural = _("information protocol settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(emergency_access_hours__gte=1, emergency_access_hours__lte=8),
                name="protocol_emergency_hours_range",
            )
        ]

    def __str__(self) -> str:
        return f"protocol settings of {self.municipality_id}"


class RetentionClass(models.TextChoices):
    WMO = "wmo", _("Wmo support (15 years)")
    YOUTH = "jeugdwet", _("Youth help was part (20 years)")
    WITHDRAWN = "withdrawn", _("Request withdrawn (6 weeks)")


class RetentionRecord(models.Model):
    """When a household's file may be destroyed, and whether a legal hold stops that."""

    household = models.OneToOneField(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="retention",
        verbose_name=_("household"),
    )
    retention_class = models.CharField(
        _("retention class"), max_length=12, choices=RetentionClass.choices
    )
    closed_on = models.DateField(_("closed on"))
    delete_after = models.DateField(_("destroy after"), db_index=True)
    legal_hold = models.BooleanField(_("legal hold"), default=False)
    hold_reason = models.TextField(_("reason for the legal hold"), blank=True)
    # The day a dry-run report first listed this file as due (retention_report_make); it is
    # destroyed only once that report has been available for the notice period.
    announced_on = models.DateField(_("announced on"), null=True, blank=True)

    class Meta:
        verbose_name = _("retention record")
        verbose_name_plural = _("retention records")

    def __str__(self) -> str:
        return f"retention of household {self.household_id} until {self.delete_after}"


class RetentionStatistic(models.Model):
    """What stays after a purge: anonymous numbers, no person, no household id."""

    team = models.ForeignKey("organisations.Team", on_delete=models.PROTECT, related_name="+")
    closed_year = models.PositiveSmallIntegerField()
    retention_class = models.CharField(max_length=12, choices=RetentionClass.choices)
    members = models.PositiveSmallIntegerField()
    trajectories = models.PositiveSmallIntegerField()
    days_of_support = models.PositiveIntegerField()
    purged_on = models.DateField()

    class Meta:
        verbose_name = _("anonymous statistic after destruction")
        verbose_name_plural = _("anonymous statistics after destruction")

    def __str__(self) -> str:
        return f"{self.team_id} {self.closed_year} {self.retention_class}"


class Rectification(models.Model):
    """A correction of a resident's data (GDPR art. 16): what changed, why, by whom."""

    member = models.ForeignKey(
        "households.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("resident")
    )
    field_name = models.CharField(_("field"), max_length=60)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    reason = models.TextField(_("reason"))
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    rectified_at = models.DateTimeField(_("corrected at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")

    def __str__(self) -> str:
        return f"rectification of {self.field_name} for {self.member_id}"


class RetentionReport(models.Model):
    """The daily dry-run report for the privacy officer: how many files will be destroyed on
    which day, counts only (no household, no name)."""

    made_on = models.DateField(_("made on"), db_index=True)
    made_at = models.DateTimeField(auto_now_add=True)
    notice_days = models.PositiveSmallIntegerField(_("notice period in days"))
    planned = models.JSONField(default=list)  # [{"date": "2026-12-15", "households": 3}, ...]
    by_class = models.JSONField(default=dict)  # {"wmo": 2, "jeugdwet": 1}
    on_hold = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("retention report")
        verbose_name_plural = _("retention reports")
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"retention report of {self.made_on}"
