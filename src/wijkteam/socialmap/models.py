"""The social map: providers, their services, the search index, imports and team expertise."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.lifedomains import LifeDomain

STALE_AFTER_MONTHS = 12


class ServiceType(models.TextChoices):
    """Frames of provision, lightest first (stepped care)."""

    GENERAL = "general", _("General provision")
    COLLECTIVE = "collective", _("Collective provision")
    PRIOR = "prior", _("Prior provision")
    TAILORED = "tailored", _("Tailored provision")


# The explicit order "lightest first" used in every result list.
TYPE_RANK = {
    ServiceType.GENERAL: 0,
    ServiceType.COLLECTIVE: 1,
    ServiceType.PRIOR: 2,
    ServiceType.TAILORED: 3,
}


class Provider(models.Model):
    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="providers"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="provider_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ServiceStatus(models.TextChoices):
    """A team member's proposal waits for an editor of the social map."""

    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ApprovedServiceManager(models.Manager["Service"]):
    """The social map as everybody sees it: approved services only. Proposals are read
    through ``Service.all_objects`` (the proposal pages), so a search, a referral, the API or
    an export can never show one by accident."""

    def get_queryset(self) -> models.QuerySet[Service]:
        return super().get_queryset().filter(status=ServiceStatus.APPROVED)


class Service(models.Model):
    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="services"
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="services", verbose_name=_("provider")
    )
    external_id = models.CharField(
        _("external id"),
        max_length=80,
        blank=True,
        help_text=_("Optional: the key of the source system, for import and export."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    service_type = models.CharField(_("type"), max_length=12, choices=ServiceType.choices)
    type_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    # Life domains as "|code|code|": filterable with the same LIKE on SQLite and PostgreSQL.
    domain_codes = models.CharField(max_length=300, blank=True, editable=False)
    target_groups = models.CharField(_("target groups"), max_length=300, blank=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    areas = models.ManyToManyField(
        "organisations.Area",
        blank=True,
        related_name="services",
        verbose_name=_("areas served"),
        help_text=_("Leave empty when the service serves the whole municipality."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)
    costs = models.CharField(_("costs"), max_length=300, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=False)
    needs_indication = models.BooleanField(_("indication needed"), default=False)
    how_to_refer = models.TextField(_("how to refer"), blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    last_checked = models.DateField(_("last checked"), default=timezone.localdate)
    updated_at = models.DateTimeField(auto_now=True)
    # Database defaults too: the staged import writes rows with its own INSERT (staging.py).
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ServiceStatus.choices,
        default=ServiceStatus.APPROVED,
        db_default=ServiceStatus.APPROVED,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    review_note = models.CharField(
        _("note from the reviewer"), max_length=300, blank=True, default="", db_default=""
    )

    objects = ApprovedServiceManager()
    all_objects = models.Manager()  # noqa: DJ012 (a manager, not a field; must come second)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["type_rank", "name"]
        # Related lookups (referral.service) and unique checks see every row.
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "external_id"],
                condition=~models.Q(external_id=""),
                name="service_unique_external_id",
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "type_rank", "name"], name="service_order"),
            models.Index(fields=["municipality", "updated_at"], name="service_changed"),
            # The import matches staged rows on (municipality, external id): the unique
            # constraint is partial (filled-in ids only), which a join cannot use.
            models.Index(fields=["municipality", "external_id"], name="service_external_id"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.type_rank = (
            TYPE_RANK.get(ServiceType(self.service_type), 9) if self.service_type else 9
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def domains(self) -> list[str]:
        return [code for code in self.domain_codes.split("|") if code]

    @domains.setter
    def domains(self, codes: list[str]) -> None:
        wanted = set(codes)
        valid = [c for c in LifeDomain.values if c in wanted]
        self.domain_codes = f"|{'|'.join(valid)}|" if valid else ""

    def domain_labels(self) -> list[str]:
        labels = dict(LifeDomain.choices)
        return [str(labels[c]) for c in self.domains if c in labels]

    def is_stale(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        limit = _months_back(today, STALE_AFTER_MONTHS)
        return self.last_checked < limit


def _months_back(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last_day = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return dt.date(year, month, min(day.day, last_day))


def stale_before(today: dt.date | None = None) -> dt.date:
    return _months_back(today or timezone.localdate(), STALE_AFTER_MONTHS)


class ServiceToken(models.Model):
    """One normalised, stemmed word of a service's search document."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="tokens")
    municipality_id_copy = models.BigIntegerField(db_index=False)
    token = models.CharField(max_length=60)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        indexes = [
            # Covering index: the search reads service and weight without touching the table.
            models.Index(
                fields=["municipality_id_copy", "token", "service", "weight"],
                name="servicetoken_lookup",
            ),
        ]

    def __str__(self) -> str:
        return self.token


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """An uploaded file between the steps upload, mapping, preview and import."""

    municipality = models.ForeignKey("organisations.Municipality", on_delete=models.CASCADE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    kind = models.CharField(max_length=4)  # csv / xlsx
    encoding = models.CharField(max_length=20, blank=True)
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    report = models.JSONField(default=dict)
    # Background imports (background.py): the worker that runs the job holds a lease, renewed
    # by a heartbeat after every staged batch; a running job without a fresh heartbeat has lost
    # its worker and is shown (and swept) as failed. The token makes the apply step refuse to
    # run for a worker whose lease was taken away.
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return self.filename

    def lost_worker(self, now: dt.datetime | None = None) -> bool:
        """Running, started by a worker, and no heartbeat within the lease: the worker died."""
        if self.status != ImportStatus.RUNNING or self.heartbeat_at is None:
            return False
        lease = dt.timedelta(seconds=settings.IMPORT_LEASE_SECONDS)
        return (now or timezone.now()) - self.heartbeat_at > lease


class ImportStagedService(models.Model):
    """A service as it will be after the import, written in short batches before the apply
    step copies all staged rows of a job into the live social map in one transaction."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="+")
    external_id = models.CharField(max_length=80)
    provider_name = models.CharField(max_length=200)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    service_type = models.CharField(max_length=12)
    type_rank = models.PositiveSmallIntegerField(default=0)
    domain_codes = models.CharField(max_length=300, blank=True)
    target_groups = models.CharField(max_length=300, blank=True)
    min_age = models.PositiveSmallIntegerField(null=True)
    max_age = models.PositiveSmallIntegerField(null=True)
    address = models.CharField(max_length=300, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    contact = models.CharField(max_length=300, blank=True)
    opening_hours = models.CharField(max_length=300, blank=True)
    accessibility = models.CharField(max_length=300, blank=True)
    costs = models.CharField(max_length=300, blank=True)
    is_free = models.BooleanField(default=False)
    needs_indication = models.BooleanField(default=False)
    how_to_refer = models.TextField(blank=True)
    active_from = models.DateField(null=True)
    active_until = models.DateField(null=True)
    owner_id_copy = models.BigIntegerField(null=True)
    last_checked = models.DateField()
    updated_at = models.DateTimeField()
    replace_areas = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["job", "external_id"], name="staged_service_job")]

    def __str__(self) -> str:
        return self.external_id


class ImportStagedArea(models.Model):
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="+")
    external_id = models.CharField(max_length=80)
    area_id_copy = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["job", "external_id"], name="staged_area_job")]

    def __str__(self) -> str:
        return self.external_id


class ImportStagedToken(models.Model):
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="+")
    external_id = models.CharField(max_length=80)
    token = models.CharField(max_length=60)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["job", "external_id"], name="staged_token_job")]

    def __str__(self) -> str:
        return self.token


class Expertise(models.Model):
    """A team member holds expertise in one life domain (the home organisation comes with it)."""

    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="expertise"
    )
    domain = models.CharField(_("life domain"), max_length=30, choices=LifeDomain.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "domain"], name="expertise_unique")
        ]

    def __str__(self) -> str:
        return self.domain


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    STARTED = "started", _("Started")
    ENDED = "ended", _("Ended")
    REFUSED = "refused", _("Refused")


# Allowed moves; ended and refused are final.
REFERRAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReferralStatus.PROPOSED: (ReferralStatus.SENT, ReferralStatus.REFUSED),
    ReferralStatus.SENT: (ReferralStatus.ACCEPTED, ReferralStatus.REFUSED),
    ReferralStatus.ACCEPTED: (ReferralStatus.STARTED, ReferralStatus.REFUSED),
    ReferralStatus.STARTED: (ReferralStatus.ENDED,),
    ReferralStatus.ENDED: (),
    ReferralStatus.REFUSED: (),
}


class Referral(models.Model):
    """A referral from a plan's solution to a service (personal data: policy and access log)."""

    solution = models.ForeignKey(
        "casework.Solution",
        on_delete=models.CASCADE,
        related_name="referrals",
        verbose_name=_("solution"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("service")
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("recipient organisation"),
    )
    recipient = models.CharField(_("recipient (person or department)"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    proposed_on = models.DateField(_("proposed on"), default=timezone.localdate)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    refused_on = models.DateField(_("refused on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    consent_status = models.CharField(_("consent"), max_length=20, default="not_checked")
    consent_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-proposed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.service} ({self.get_status_display()})"

    def next_statuses(self) -> list[tuple[str, str]]:
        labels = dict(ReferralStatus.choices)
        return [(s, str(labels[s])) for s in REFERRAL_TRANSITIONS[self.status]]
