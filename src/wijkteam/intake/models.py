"""Signals from the signalling network, outreach attempts (eropaf) and the duty roster."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    HOUSING_CARETAKER = "housing_caretaker", _("Housing corporation caretaker")
    HOUSING_CORPORATION = "housing_corporation", _("Housing corporation (rent arrears)")
    PHARMACY = "pharmacy", _("Pharmacy")
    MEAL_DELIVERY = "meal_delivery", _("Meal delivery")
    VOLUNTEER = "volunteer", _("Volunteer")
    NEIGHBOUR = "neighbour", _("Neighbour")
    GP = "gp", _("General practitioner")
    POLICE = "police", _("Police")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other")


class SignallingPartner(models.Model):
    """An organisation or person in the team's signalling network (organisation data only)."""

    team = models.ForeignKey(
        "organisations.Team",
        on_delete=models.PROTECT,
        related_name="signalling_partners",
        verbose_name=_("team"),
    )
    name = models.CharField(_("organisation"), max_length=160)
    kind = models.CharField(_("kind"), max_length=24, choices=PartnerKind.choices)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signalling_partners",
        verbose_name=_("contact person in the team"),
        help_text=_("The colleague who keeps in touch with this partner."),
    )
    partner_contact = models.TextField(
        _("partner's contact details"),
        blank=True,
        help_text=_("Name, phone number and e-mail address of the partner's contact."),
    )
    agreement = models.TextField(
        _("agreement"),
        blank=True,
        help_text=_("What the partner and the team agreed, e.g. how soon the team is told."),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("days to respond"),
        null=True,
        blank=True,
        help_text=_(
            "If the agreement gives the team a fixed time to make contact, the number of days "
            "(e.g. 14 before a bailiff is sent). New signals from this partner get that deadline."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("signalling partner")
        verbose_name_plural = _("signalling partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SourceKind(models.TextChoices):
    PARTNER = "partner", _("Signalling partner")
    RESIDENT = "resident", _("Resident")
    COLLEAGUE = "colleague", _("Colleague")
    SELF_REFERRAL = "self_referral", _("Self-referral")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("Visit")
    LETTER = "letter", _("Letter")
    FORM = "form", _("Web form")


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    CRISIS = "crisis", _("Crisis")


class SignalStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    LINKED = "linked", _("Linked to a household")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (SignalStatus.NEW, SignalStatus.IN_PROGRESS)


class Signal(models.Model):
    """A concern about a resident that reached the team (signaal)."""

    team = models.ForeignKey(
        "organisations.Team",
        on_delete=models.PROTECT,
        related_name="signals",
        verbose_name=_("team"),
    )
    source_kind = models.CharField(
        _("source"), max_length=16, choices=SourceKind.choices, default=SourceKind.PARTNER
    )
    partner = models.ForeignKey(
        SignallingPartner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("signalling partner"),
    )
    signaller = models.CharField(
        _("signaller"),
        max_length=200,
        blank=True,
        help_text=_("Who reported it and how to reach them, if not a partner."),
    )
    channel = models.CharField(
        _("channel"), max_length=8, choices=Channel.choices, default=Channel.PHONE
    )
    subject_name = models.CharField(_("name of the resident"), max_length=200, blank=True)
    subject_address = models.CharField(_("address"), max_length=200, blank=True)
    area = models.ForeignKey(
        "organisations.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("The team's area the resident lives in, if known."),
    )
    concern = models.TextField(_("concern"))
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=SignalStatus.choices, default=SignalStatus.NEW
    )
    close_reason = models.TextField(_("reason for closing"), blank=True)
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("linked household"),
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["team", "status", "deadline"], name="signal_team_status_deadline")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject_name="", subject_address=""),
                name="signal_has_subject",
                violation_error_message=_("Give the resident's name, address or both."),
            ),
            models.CheckConstraint(
                condition=~Q(status=SignalStatus.CLOSED) | ~Q(close_reason=""),
                name="signal_closed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.subject_name or self.subject_address

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline is not None and self.deadline < timezone.localdate()


class SignalFeedback(models.Model):
    """What the signaller was told about the outcome (terugkoppeling)."""

    signal = models.ForeignKey(
        Signal, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("signal")
    )
    given_to = models.CharField(_("to whom"), max_length=200)
    given_on = models.DateField(_("date"), default=timezone.localdate)
    content = models.TextField(_("what was fed back"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("feedback to the signaller")
        verbose_name_plural = _("feedback to signallers")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.given_on}: {self.given_to}"


class OutreachKind(models.TextChoices):
    """How the team tried to reach the resident (the method; what came of it is the outcome)."""

    VISIT = "visit", _("Home visit")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    VIA_GP = "via_gp", _("Via the GP")
    VIA_POLICE = "via_police", _("Via the police")


class OutreachOutcome(models.TextChoices):
    """What came of one attempt, whatever the method (migration 0002 maps the old values)."""

    NO_ANSWER = "no_answer", _("No answer")
    NOTE_LEFT = "note_left", _("Note left")
    SPOKE_OTHER = "spoke_other", _("Spoke to a neighbour or someone else")
    CONTACT = "contact", _("Contact made")
    REFUSED = "refused", _("Refused")
    MOVED = "moved", _("Moved away")


class OutreachAttempt(models.Model):
    """One attempt to reach a resident (eropaf): ring, leave a note, ask the neighbours."""

    team = models.ForeignKey(
        "organisations.Team",
        on_delete=models.PROTECT,
        related_name="outreach_attempts",
        verbose_name=_("team"),
    )
    signal = models.ForeignKey(
        Signal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outreach_attempts",
        verbose_name=_("signal"),
    )
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outreach_attempts",
        verbose_name=_("household"),
    )
    attempted_at = models.DateTimeField(_("when"), default=timezone.now)
    kind = models.CharField(
        _("method"), max_length=16, choices=OutreachKind.choices, default=OutreachKind.VISIT
    )
    outcome = models.CharField(
        _("result"),
        max_length=12,
        choices=OutreachOutcome.choices,
        default=OutreachOutcome.NO_ANSWER,
    )
    note = models.TextField(_("note"), blank=True)
    next_attempt_on = models.DateField(
        _("next attempt"),
        null=True,
        blank=True,
        help_text=_("When to try again; the colleague on duty that day sees it in My work."),
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("outreach attempt")
        verbose_name_plural = _("outreach attempts")
        ordering = ["attempted_at", "pk"]
        indexes = [
            # Mijn werk looks for a team's planned next attempts.
            models.Index(
                fields=["team", "next_attempt_on"],
                condition=Q(next_attempt_on__isnull=False),
                name="outreach_next_attempt",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(signal__isnull=False) | Q(household__isnull=False),
                name="outreach_has_signal_or_household",
            )
        ]

    def __str__(self) -> str:
        return f"{self.attempted_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


class DutyShift(models.Model):
    """Who of the team is on duty (phone and outreach) on a given day."""

    team = models.ForeignKey(
        "organisations.Team",
        on_delete=models.CASCADE,
        related_name="duty_shifts",
        verbose_name=_("team"),
    )
    date = models.DateField(_("date"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="duty_shifts",
        verbose_name=_("on duty"),
    )

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["team", "date"], name="duty_shift_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.user}"
