"""Load a fictional municipality with 8 areas, several teams and a person for every role.

Demo accounts share one password and have a fixed TOTP key each (derived from the login
name), so anyone can log in; the MFA page shows the current code while demo mode is on.
Never run on an installation with real data: the command refuses unless demo mode is on.
"""

from __future__ import annotations

import base64
import hashlib
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts import services as account_services
from wijkteam.accounts.models import Membership, Role, SecrecyStatus, User
from wijkteam.organisations import services as org_services
from wijkteam.organisations.models import Municipality, OrganisationModel, Team, TeamVariant
from wijkteam.privacy.policy import Actor
from wijkteam.tooling import demo_content

DEMO_PASSWORD = "wijkteam-demo-2026"
MUNICIPALITY = "Gemeente Voorbeeldstad (demo)"

AREAS = [
    ("Binnenstad", 9200, "Centrum\nOude Haven"),
    ("Noordwijk", 11800, "Bloemenbuurt\nVogelwijk"),
    ("Oosterpark", 7600, "Parkbuurt\nMolenbuurt"),
    ("Zuidrand", 8400, "Zuiderhof\nAkkers"),
    ("Westkwartier", 6900, "Havenkwartier\nDijkzicht"),
    ("De Venen", 5200, "Venendorp\nPolderzicht"),
    ("Heuvelrug", 8800, "Boszicht\nHeidebuurt"),
    ("Kanaalzone", 10400, "Sluisbuurt\nWerfkade"),
]
HOME_ORGANISATIONS = [
    ("Welzijn Voorbeeldstad", "welzijn en opbouwwerk"),
    ("Maatschappelijk Werk Midden", "maatschappelijk werk"),
    ("Thuiszorg De Linde", "wijkverpleging"),
    ("Schuldhulp Samen", "schuldhulpverlening"),
    ("Gemeente Voorbeeldstad", "gemeente (Wmo, werk en inkomen)"),
    ("MEE Regio", "cliëntondersteuning"),
]
TEAMS = [
    ("Wijkteam Binnenstad", ["Binnenstad"], OrganisationModel.INTEGRATED, TeamVariant.SECONDED),
    (
        "Wijkteam Noord",
        ["Noordwijk", "Kanaalzone"],
        OrganisationModel.INTEGRAL,
        TeamVariant.SECONDED,
    ),
    (
        "Wijkteam Oost",
        ["Oosterpark", "Heuvelrug"],
        OrganisationModel.INTEGRATED,
        TeamVariant.ACCESS,
    ),
    (
        "Netwerk Zuid-West",
        ["Zuidrand", "Westkwartier", "De Venen"],
        OrganisationModel.NETWORK,
        TeamVariant.NETWORK,
    ),
]
# login, first, last, team (None: municipality-wide), role, secrecy, function, fte, home org
PEOPLE: list[tuple[str, str, str, str | None, str, str, str, str, str | None]] = [
    (
        "beheer",
        "Bart",
        "Beheerder",
        None,
        Role.FUNCTIONAL_ADMIN,
        SecrecyStatus.NOT_APPLICABLE,
        "Functioneel beheerder",
        "1.0",
        "Gemeente Voorbeeldstad",
    ),
    (
        "fenna",
        "Fenna",
        "de Vries",
        "Wijkteam Binnenstad",
        Role.TEAM_MEMBER,
        SecrecyStatus.PROFESSIONAL_SECRECY,
        "Maatschappelijk werker",
        "0.8",
        "Maatschappelijk Werk Midden",
    ),
    (
        "jamal",
        "Jamal",
        "El Amrani",
        "Wijkteam Binnenstad",
        Role.TEAM_MEMBER,
        SecrecyStatus.PROFESSIONAL_SECRECY,
        "Wijkverpleegkundige",
        "0.5",
        "Thuiszorg De Linde",
    ),
    (
        "sanne",
        "Sanne",
        "Bakker",
        "Wijkteam Binnenstad",
        Role.TEAM_MEMBER,
        SecrecyStatus.PROFESSIONAL_SECRECY,
        "Opbouwwerker",
        "0.5",
        "Welzijn Voorbeeldstad",
    ),
    (
        "wim",
        "Wim",
        "Jansen",
        "Wijkteam Binnenstad",
        Role.CIVIL_SERVANT,
        SecrecyStatus.DUTY_TO_REPORT,
        "Wmo-consulent",
        "0.5",
        "Gemeente Voorbeeldstad",
    ),
    (
        "ingrid",
        "Ingrid",
        "Visser",
        "Wijkteam Binnenstad",
        Role.CIVIL_SERVANT,
        SecrecyStatus.DUTY_TO_REPORT,
        "Consulent werk en inkomen",
        "0.5",
        "Gemeente Voorbeeldstad",
    ),
    (
        "lotte",
        "Lotte",
        "Smit",
        "Wijkteam Binnenstad",
        Role.TEAM_LEADER,
        SecrecyStatus.PROFESSIONAL_SECRECY,
        "Teamleider",
        "0.6",
        "Welzijn Voorbeeldstad",
    ),
    (
        "noah",
        "Noah",
        "Mulder",
        "Wijkteam Noord",
        Role.TEAM_MEMBER,
        SecrecyStatus.PROFESSIONAL_SECRECY,
        "Maatschappelijk werker",
        "1.0",
        "Maatschappelijk Werk Midden",
    ),
    (
        "eva",
        "Eva",
        "Dekker",
        "Wijkteam Noord",
        Role.TEAM_LEADER,
        SecrecyStatus.PROFESSIONAL_SECRECY,
        "Teamleider",
        "0.8",
        "Welzijn Voorbeeldstad",
    ),
    (
        "mees",
        "Mees",
        "van Dijk",
        "Wijkteam Oost",
        Role.TEAM_MEMBER,
        SecrecyStatus.PROFESSIONAL_SECRECY,
        "Schuldhulpverlener",
        "0.5",
        "Schuldhulp Samen",
    ),
    (
        "priya",
        "Priya",
        "Ramdin",
        "Netwerk Zuid-West",
        Role.TEAM_MEMBER,
        SecrecyStatus.PROFESSIONAL_SECRECY,
        "MEE-consulent",
        "0.5",
        "MEE Regio",
    ),
    (
        "beleid",
        "Bram",
        "Beleid",
        None,
        Role.POLICY_STAFF,
        SecrecyStatus.NOT_APPLICABLE,
        "Beleidsmedewerker sociaal domein",
        "1.0",
        "Gemeente Voorbeeldstad",
    ),
    (
        "privacy",
        "Petra",
        "Privacy",
        None,
        Role.PRIVACY_OFFICER,
        SecrecyStatus.NOT_APPLICABLE,
        "Functionaris gegevensbescherming",
        "0.4",
        "Gemeente Voorbeeldstad",
    ),
]


def demo_totp_key(username: str) -> bytes:
    """A fixed, public TOTP key per demo login: demo accounts are not secret by design."""
    return hashlib.sha256(f"wijkteam-demo-totp:{username}".encode()).digest()[:20]


class Command(BaseCommand):
    help = "Load fictional demo data (demo mode only) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is only loaded with WIJKTEAM_DEMO_MODE=1.")
        with transaction.atomic():
            if not Municipality.objects.filter(name=MUNICIPALITY).exists():
                self._load()
        self._print(options["url"])

    def _load(self) -> None:
        municipality = org_services.municipality_bootstrap(name=MUNICIPALITY, cbs_code="GM9999")
        admin_row = PEOPLE[0]
        admin = account_services.first_admin_create(
            municipality=municipality,
            username=admin_row[0],
            first_name=admin_row[1],
            last_name=admin_row[2],
            email=f"{admin_row[0]}@voorbeeldstad.example",
        )
        actor = Actor(user=admin, ip_address="127.0.0.1", purpose="demo data")
        areas = {
            name: org_services.area_save(
                actor=actor,
                municipality=municipality,
                area=None,
                data={"name": name, "inhabitants": inhabitants, "neighbourhoods": hoods},
            )
            for name, inhabitants, hoods in AREAS
        }
        orgs = {
            name: org_services.home_organisation_save(
                actor=actor,
                municipality=municipality,
                home_organisation=None,
                data={"name": name, "kind": kind},
            )
            for name, kind in HOME_ORGANISATIONS
        }
        teams: dict[str, Team] = {}
        for name, area_names, model, variant in TEAMS:
            teams[name] = org_services.team_save(
                actor=actor,
                municipality=municipality,
                team=None,
                data={
                    "name": name,
                    "areas": [areas[a] for a in area_names],
                    "organisation_model": model,
                    "variant": variant,
                    "is_active": True,
                },
            )
        Membership.objects.filter(user=admin).update(home_organisation=orgs[admin_row[8] or ""])
        for login, first, last, team, role, secrecy, function, fte, org in PEOPLE[1:]:
            account_services.person_invite(
                actor=actor,
                municipality=municipality,
                username=login,
                first_name=first,
                last_name=last,
                email=f"{login}@voorbeeldstad.example",
                team=teams[team] if team else None,
                role=role,
                secrecy_status=secrecy,
                function_title=function,
                fte=Decimal(fte),
                home_organisation=orgs[org] if org else None,
            )
        # Fenna also helps out in team Noord, under the same professional secrecy.
        account_services.membership_add(
            actor=actor,
            user=User.objects.get(username="fenna"),
            municipality=municipality,
            team=teams["Wijkteam Noord"],
            role=Role.TEAM_MEMBER,
            secrecy_status=SecrecyStatus.PROFESSIONAL_SECRECY,
            function_title="Maatschappelijk werker",
            fte="0.2",
            home_organisation=orgs["Maatschappelijk Werk Midden"],
        )
        for user in User.objects.filter(username__in=[p[0] for p in PEOPLE]):
            user.set_password(DEMO_PASSWORD)
            user.is_demo_account = True
            user.save(update_fields=["password", "is_demo_account"])
            TOTPDevice.objects.filter(user=user).delete()
            TOTPDevice.objects.create(
                user=user, name="Demo", confirmed=True, key=demo_totp_key(user.username).hex()
            )
            account_services.recovery_codes_regenerate(user=user)
        demo_content.load(municipality)

    def _print(self, url: str) -> None:
        w = self.stdout.write
        w("")
        w("Wijkteam demo — fictional data only")
        w(f"Open: {url}")
        w(f"Password for every demo login: {DEMO_PASSWORD}")
        w("The code page shows the current TOTP code for demo accounts; or add the key to an app.")
        w(f"{'login':<10} {'role':<34} {'team':<22} TOTP key (base32)")
        for login, _f, _l, team, role, *_rest in PEOPLE:
            key = base64.b32encode(demo_totp_key(login)).decode()
            w(f"{login:<10} {Role(role).label!s:<34} {team or '-':<22} {key}")
