"""People who log in, and their roles per team (memberships)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. Names come from AbstractUser; ``username`` is the login name."""

    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("nl", _("Dutch")), ("en", _("English"))],
        default="nl",
    )
    is_demo_account = models.BooleanField(
        _("demo account"),
        default=False,
        help_text=_("Created by the demo data command; only usable while demo mode is on."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    TEAM_MEMBER = "team_member", _("Team member")
    CIVIL_SERVANT = "civil_servant", _("Civil servant in the team")
    TEAM_LEADER = "team_leader", _("Team leader")
    POLICY_STAFF = "policy_staff", _("Policy staff")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functional administrator")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")


# Roles held in one team; the others are held for the whole municipality.
TEAM_ROLES = frozenset({Role.TEAM_MEMBER, Role.CIVIL_SERVANT, Role.TEAM_LEADER})
MUNICIPALITY_ROLES = frozenset({Role.POLICY_STAFF, Role.FUNCTIONAL_ADMIN, Role.PRIVACY_OFFICER})


class SecrecyStatus(models.TextChoices):
    PROFESSIONAL_SECRECY = "professional_secrecy", _("Professional secrecy")
    DUTY_TO_REPORT = "duty_to_report", _("Duty to report (civil servant)")
    NOT_APPLICABLE = "not_applicable", _("Not applicable (no client work)")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: dt.date | None = None) -> MembershipQuerySet:
        day = on or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Membership(models.Model):
    """A person's role in a team (or, for municipality-wide roles, in the municipality).

    The secrecy status belongs to the membership: the same person may work under
    professional secrecy in one team and as a civil servant with a duty to report in another.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    team = models.ForeignKey(
        "organisations.Team",
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("team"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    secrecy_status = models.CharField(
        _("secrecy status"),
        max_length=24,
        choices=SecrecyStatus.choices,
        help_text=_(
            "Professional secrecy or a civil servant's duty to report decides how much of a "
            "client file this person may see."
        ),
    )
    function_title = models.CharField(
        _("function"),
        max_length=120,
        blank=True,
        help_text=_("E.g. social worker, Wmo consultant."),
    )
    fte = models.DecimalField(
        _("FTE in the team"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1.5"))],
    )
    home_organisation = models.ForeignKey(
        "organisations.HomeOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("home organisation"),
    )
    valid_from = models.DateField(_("from"), default=timezone.localdate)
    valid_until = models.DateField(_("until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["team__name", "user__last_name"]
        indexes = [
            models.Index(fields=["user", "team"], name="membership_user_team"),
            models.Index(fields=["team", "role"], name="membership_team_role"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    # Sorted: a frozenset's order changes with each process's hash seed, and
                    # makemigrations would see a new constraint every time.
                    Q(role__in=sorted(r.value for r in TEAM_ROLES), team__isnull=False)
                    | Q(role__in=sorted(r.value for r in MUNICIPALITY_ROLES), team__isnull=True)
                ),
                name="membership_team_matches_role",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.CIVIL_SERVANT)
                | Q(secrecy_status=SecrecyStatus.DUTY_TO_REPORT),
                name="membership_civil_servant_duty_to_report",
            ),
            models.CheckConstraint(
                condition=Q(fte__gte=0) & Q(fte__lte=Decimal("1.5")),
                name="membership_fte_range",
            ),
        ]

    def __str__(self) -> str:
        where = self.team.name if self.team_id and self.team else str(self.municipality)
        return f"{self.user} — {self.get_role_display()} ({where})"

    def is_active_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)


def default_secrecy_for(role: str) -> str:
    if role == Role.TEAM_MEMBER:
        return SecrecyStatus.PROFESSIONAL_SECRECY
    if role in (Role.CIVIL_SERVANT,):
        return SecrecyStatus.DUTY_TO_REPORT
    if role == Role.TEAM_LEADER:
        return SecrecyStatus.PROFESSIONAL_SECRECY
    return SecrecyStatus.NOT_APPLICABLE


class Invitation(models.Model):
    """A one-time link with which an invited person sets a password and enrols MFA."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"invitation for {self.user_id} until {self.expires_at:%Y-%m-%d}"

    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class DraftReason(models.TextChoices):
    SESSION_EXPIRED = "session_expired", _("Your session had ended")
    CSRF_FAILURE = "csrf_failure", _("The form had expired")
    SERVER_ERROR = "server_error", _("Something went wrong on our side")


class Draft(models.Model):
    """Input of a POST that could not be saved, kept for its person for a short time.

    The values are encrypted (``accounts/drafts.py``); only the person, the moments, the
    reason, the addresses and the field names are readable in the database.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="drafts", verbose_name=_("person")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=DraftReason.choices)
    url = models.CharField(_("sent to"), max_length=500)
    page_url = models.CharField(
        _("form page"), max_length=500, help_text=_("The page the form was on.")
    )
    field_names = models.JSONField(_("field names"), default=list)
    ciphertext = models.TextField(_("encrypted input"))
    created_at = models.DateTimeField(_("kept at"))
    expires_at = models.DateTimeField(_("kept until"), db_index=True)

    class Meta:
        verbose_name = _("unsaved input")
        verbose_name_plural = _("unsaved input")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "expires_at"], name="draft_user_expires")]

    def __str__(self) -> str:
        return f"draft {self.pk} of {self.user_id} for {self.url}"


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash of the token is stored: it is shown once.

    The token is 32 random bytes, so a plain (unsalted, fast) hash is enough: nobody can
    guess a preimage, and the lookup by hash stays one indexed query per API request.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("person")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(
        _("starts with"), max_length=12, help_text=_("The first characters, to recognise it.")
    )
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("valid until"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_revoked")]

    def __str__(self) -> str:
        return f"API token {self.prefix}… of {self.user_id}"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class LoginFailure(models.Model):
    """One failed password attempt: login name and network address, for the slow-down.

    django-axes keeps the lockout (per login name + address); these rows give the increasing
    delay per login name and per address (``accounts/throttle.py``). Old rows are deleted when
    new ones are written.
    """

    username = models.CharField(max_length=150)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["username", "at"], name="loginfailure_username"),
            models.Index(fields=["ip_address", "at"], name="loginfailure_address"),
        ]

    def __str__(self) -> str:
        return f"failed login {self.username} from {self.ip_address} at {self.at:%Y-%m-%d %H:%M}"
