from wijkteam.core.testing.routes import Route, expect, ui

ROUTES = [
    Route("privacy:accesslog", ui(("privacy_officer",))),
    Route("privacy:accesslog_export", ui(("privacy_officer",))),
    Route("privacy:accesslog_anchors", ui(("privacy_officer",))),
]


def _household(w):  # type: ignore[no-untyped-def]
    from wijkteam.households.models import Household

    return Household.objects.create(team=w.team_a, name="Fam. Test", street_address="Teststraat 1")


def _grant(w):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from wijkteam.privacy.models import EmergencyAccess

    return EmergencyAccess.objects.create(
        user=w.member_a,
        household=_household(w),
        reason="Acute zorg, regisseur onbereikbaar.",
        granted_at=timezone.now(),
        expires_at=timezone.now(),
    )


ROUTES += [
    # Team members and leaders of the owning team (professional secrecy) may ask.
    Route(
        "privacy:emergency_request",
        ui(("member_a", "leader_a")),
        kwargs=lambda w: {"household_id": _household(w).pk},
    ),
    Route("privacy:emergency_review", ui(("leader_a", "privacy_officer"))),
    Route(
        "privacy:emergency_acknowledge",
        ui(("leader_a", "privacy_officer"), ok=302),
        method="post",
        kwargs=lambda w: {"grant_id": _grant(w).pk},
    ),
]

ROUTES += [
    # Public on purpose: residents read it.
    Route("privacy:protocol", expect(200), kwargs=lambda w: {"municipality_id": w.municipality.pk}),
    Route("privacy:protocol_settings", ui(("admin", "other_admin"))),
]


def _member(w):  # type: ignore[no-untyped-def]
    from wijkteam.casework.tests.helpers import make_household

    return make_household(w).members.first()


ROUTES += [
    # Only professionals with the full file (here: member_a, the coordinator) export inzage.
    Route("privacy:inzage_json", ui(("member_a",)), kwargs=lambda w: {"member_id": _member(w).pk}),
    Route("privacy:inzage_pdf", ui(("member_a",)), kwargs=lambda w: {"member_id": _member(w).pk}),
]


def _consent(w):  # type: ignore[no-untyped-def]
    import datetime as dt

    from wijkteam.privacy.consent import consent_record
    from wijkteam.privacy.policy import Actor

    member = _member(w)
    consent = consent_record(
        actor=Actor(user=w.member_a),
        member=member,
        purpose="Verwijzing",
        recipients=["X"],
        data_categories=["identity"],
        given_by="resident",
        form="verbal",
        given_on=dt.date.today(),
    )
    return {"household_id": member.household_id, "consent_id": consent.pk}


ROUTES += [
    Route(
        "privacy:consent_list",
        ui(("member_a",)),
        kwargs=lambda w: {"household_id": _member(w).household_id},
    ),
    Route("privacy:consent_withdraw", ui(("member_a",), ok=302), method="post", kwargs=_consent),
    Route(
        "privacy:disclosure_record",
        ui(("member_a",), ok=302),
        method="post",
        kwargs=lambda w: {"household_id": _member(w).household_id},
    ),
]

ROUTES += [
    Route("privacy:rectify", ui(("member_a",)), kwargs=lambda w: {"member_id": _member(w).pk}),
]

from wijkteam.core.testing.routes import api  # noqa: E402


def _hh(w):  # type: ignore[no-untyped-def]
    return {"household_id": _member(w).household_id}


ROUTES += [
    Route("privacy_api:consent_list", api(("member_a",)), kwargs=_hh),
    Route("privacy_api:consent_withdraw", api(("member_a",)), method="post", kwargs=_consent),
    # Team members and leaders with secrecy may break the glass; a too-short reason is a 400.
    Route(
        "privacy_api:emergency_access",
        api(("member_a", "leader_a"), ok=400),
        method="post",
        kwargs=_hh,
        data=lambda w: {"reason": "kort"},
        content_type="application/json",
    ),
    Route("privacy_api:accesslog", api(("privacy_officer",))),
    Route("privacy_api:inzage", api(("member_a",)), kwargs=lambda w: {"member_id": _member(w).pk}),
]


def _consent_with_document(w):  # type: ignore[no-untyped-def]
    from django.core.files.base import ContentFile

    from wijkteam.privacy.models import Consent

    ids = _consent(w)
    consent = Consent.objects.get(pk=ids["consent_id"])
    consent.document.save("toestemming.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return ids


ROUTES += [
    Route("privacy:consent_document", ui(("member_a",)), kwargs=_consent_with_document),
]
