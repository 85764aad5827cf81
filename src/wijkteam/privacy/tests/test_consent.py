from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wijkteam.casework.tests.helpers import make_household
from wijkteam.conftest import World
from wijkteam.privacy import consent as consent_services
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessLogEntry, Consent
from wijkteam.privacy.policy import Actor


def _today() -> dt.date:
    """Today in the app's time zone, read when a test runs (a value read at import time is
    yesterday in a run that passes midnight)."""
    return timezone.localdate()


def _record(world: World, household, **overrides):  # type: ignore[no-untyped-def]
    data = dict(
        member=household.members.first(),
        purpose="Doorverwijzing schuldhulp",
        recipients=["Schuldhulp Samen"],
        data_categories=["identity", "finances"],
        given_by="resident",
        form="written",
        given_on=_today(),
    )
    data.update(overrides)
    return consent_services.consent_record(actor=Actor(user=world.member_a), **data)


@pytest.mark.django_db
def test_living_consent_allows_sharing_with_the_named_recipient_only(world: World) -> None:
    household = make_household(world)
    assert not consent_services.consent_for(
        household=household, recipient="Schuldhulp Samen"
    ).allowed
    _record(world, household)
    assert (
        consent_services.consent_for(household=household, recipient="schuldhulp samen").status
        == "given"
    )
    assert not consent_services.consent_for(
        household=household, recipient="Woningcorporatie"
    ).allowed
    assert AccessLogEntry.objects.filter(object_type="privacy.consent").count() == 1


@pytest.mark.django_db
def test_withdrawn_or_expired_consent_no_longer_counts(world: World) -> None:
    household = make_household(world)
    expiring = _record(
        world,
        household,
        given_on=_today() - dt.timedelta(days=30),
        expires_on=_today() - dt.timedelta(days=1),
    )
    assert not consent_services.consent_for(
        household=household, recipient="Schuldhulp Samen"
    ).allowed
    living = _record(world, household)
    consent_services.consent_withdraw(actor=Actor(user=world.member_a), consent=living)
    assert not consent_services.consent_for(
        household=household, recipient="Schuldhulp Samen"
    ).allowed
    assert expiring.pk and Consent.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"data_categories": []},
        {"data_categories": ["dna"]},
        {"recipients": [" "]},
        {"given_on": lambda: _today() + dt.timedelta(days=1)},
        {"expires_on": lambda: _today() - dt.timedelta(days=5)},
    ],
)
def test_bad_consent_input_is_refused_and_nothing_stored(world: World, overrides) -> None:
    household = make_household(world)
    overrides = {k: v() if callable(v) else v for k, v in overrides.items()}
    with pytest.raises(ValidationError):
        _record(world, household, **overrides)
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_disclosure_without_consent_needs_a_legal_ground_and_is_recorded(world: World) -> None:
    household = make_household(world)
    with pytest.raises(ValidationError):
        consent_services.disclosure_record(
            actor=Actor(user=world.member_a),
            household=household,
            recipient="Veilig Thuis",
            legal_ground="wmo_veilig_thuis",
            explanation="kort",
        )
    consent_services.disclosure_record(
        actor=Actor(user=world.member_a),
        household=household,
        recipient="Veilig Thuis",
        legal_ground="wmo_veilig_thuis",
        explanation="Signalen van huiselijk geweld; melding gedaan.",
    )
    result = consent_services.consent_for(household=household, recipient="Veilig Thuis")
    assert result.allowed and result.status == "legal_ground"
    assert AccessLogEntry.objects.filter(object_type="privacy.disclosure", event="export").exists()


@pytest.mark.django_db
def test_only_involved_professionals_record_consent(world: World) -> None:
    household = make_household(world)
    for persona in ("member_b", "civil_servant_a", "leader_a", "privacy_officer"):
        with pytest.raises(policy.AccessDenied):
            consent_services.consent_record(
                actor=Actor(user=world.users[persona]),
                member=household.members.first(),
                purpose="x",
                recipients=["A"],
                data_categories=["identity"],
                given_by="resident",
                form="verbal",
                given_on=_today(),
            )


@pytest.mark.django_db
def test_signed_form_upload_is_kept_and_served_only_to_the_file_holders(
    world: World, client_for, settings, tmp_path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path
    household = make_household(world)
    member = household.members.first()
    url = reverse("privacy:consent_list", args=[household.pk])
    data = {
        "member": member.pk,
        "purpose": "Verwijzing",
        "recipients": "Schuldhulp Samen",
        "data_categories": ["finances"],
        "given_by": "resident",
        "form": "written",
        "given_on": _today().isoformat(),
    }
    bad = client_for(world.member_a).post(
        url, {**data, "document": SimpleUploadedFile("x.exe", b"MZ")}
    )
    assert bad.status_code == 400 and not Consent.objects.exists()
    ok = client_for(world.member_a).post(
        url, {**data, "document": SimpleUploadedFile("getekend.pdf", b"%PDF-1.4 x")}
    )
    assert ok.status_code == 302
    consent = Consent.objects.get()
    doc_url = reverse("privacy:consent_document", args=[household.pk, consent.pk])
    assert b"".join(client_for(world.member_a).get(doc_url).streaming_content) == b"%PDF-1.4 x"
    assert client_for(world.civil_servant_a).get(doc_url).status_code == 404
