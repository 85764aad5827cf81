"""Reading, validating and applying a social map file (CSV or XLSX).

Everything is done or nothing is. Small files import in one transaction while the page
waits (``import_rows``); larger files run as a background job (``background.py``) that stages
the planned services in short batches and applies them in one short transaction
(``staging.py``), so the database's write lock is never held for seconds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wijkteam.lifedomains import LifeDomain
from wijkteam.organisations.models import Area, Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.socialmap import EDIT_SOCIAL_MAP
from wijkteam.socialmap import search
from wijkteam.socialmap.columns import COLUMNS, KEYS, REQUIRED
from wijkteam.socialmap.models import Provider, Service, ServiceToken, ServiceType

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(Exception):
    """The file cannot be read; the message is meant for the user."""


@dataclass
class ParsedFile:
    kind: str
    encoding: str
    headers: list[str]
    rows: list[list[str]]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_file(name: str, content: bytes) -> ParsedFile:
    """Headers and rows as strings, or :class:`ImportFileError` with a clear message."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 10 MB. Split it into smaller files."))
    if not content:
        raise ImportFileError(_("The file is empty."))
    lower = name.lower()
    if lower.endswith(".xlsx"):
        parsed = _parse_xlsx(content)
    elif lower.endswith(".csv") or lower.endswith(".txt"):
        parsed = _parse_csv(content)
    else:
        raise ImportFileError(_("Only CSV and XLSX files can be imported."))
    if not parsed.headers or not any(parsed.headers):
        raise ImportFileError(_("The file has no header row."))
    if len(parsed.rows) > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return parsed


def _parse_csv(content: bytes) -> ParsedFile:
    if b"\x00" in content[:65536]:
        raise ImportFileError(_("This is not a text (CSV) file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(
            _("The file's character encoding is not UTF-8 or Windows-1252. Save it as UTF-8 CSV.")
        )
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file cannot be read: %(error)s") % {"error": error}
        ) from error
    lines = [row for row in lines if any(cell.strip() for cell in row)]
    if not lines:
        raise ImportFileError(_("The file is empty."))
    return ParsedFile(
        "csv", encoding, [h.strip() for h in lines[0]], [[c.strip() for c in r] for r in lines[1:]]
    )


def _parse_xlsx(content: bytes) -> ParsedFile:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise ImportFileError(_("This is not a valid XLSX file."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        lines = []
        for row in sheet.iter_rows(values_only=True):
            lines.append([_cell(v) for v in row[:200]])
            if len(lines) > MAX_ROWS + 1:  # stop early: a packed file may unfold into millions
                break
        workbook.close()
    except Exception as error:  # openpyxl raises many kinds for damaged files
        raise ImportFileError(_("This is not a valid XLSX file.")) from error
    lines = [row for row in lines if any(cell for cell in row)]
    if not lines:
        raise ImportFileError(_("The file is empty."))
    return ParsedFile("xlsx", "", lines[0], lines[1:])


# --- validation ---------------------------------------------------------------------------

TYPE_ALIASES = {
    "general": ServiceType.GENERAL, "algemeen": ServiceType.GENERAL,
    "collective": ServiceType.COLLECTIVE, "collectief": ServiceType.COLLECTIVE,
    "prior": ServiceType.PRIOR, "voorliggend": ServiceType.PRIOR,
    "tailored": ServiceType.TAILORED, "maatwerk": ServiceType.TAILORED,
}  # fmt: skip


def domain_names_nl() -> dict[str, str]:
    """Each life domain's Dutch name as a cell may give it, read as the importer reads a cell
    ("Geestelijke gezondheid", "Financien"): normalised name -> code."""
    with translation.override("nl"):
        return {search.normalise(str(label)): code for code, label in LifeDomain.choices}


TRUE = {"ja", "j", "yes", "y", "true", "1", "x", "waar"}
FALSE = {"nee", "n", "no", "false", "0", "", "onwaar"}


def unescape(value: str) -> str:
    """Undo the export's formula guard so that a round trip changes nothing."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


@dataclass
class RowResult:
    line: int
    external_id: str
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _date(value: str, label: str, errors: list[str]) -> dt.date | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    errors.append(_("%(field)s is not a date (use 2025-01-31).") % {"field": label})
    return None


def _label(key: str) -> str:
    """The column's Dutch name for a message (``max_age`` is "Maximumleeftijd")."""
    return next((str(label) for k, label, _r, _a in COLUMNS if k == key), key)


def _int(value: str, label: str, errors: list[str]) -> int | None:
    if not value:
        return None
    if value.isdigit() and int(value) <= 150:
        return int(value)
    errors.append(_("%(field)s must be a whole number from 0 to 150.") % {"field": label})
    return None


def _decimal(value: str, label: str, limit: int, errors: list[str]) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) > limit:
        errors.append(_("%(field)s is not a valid coordinate.") % {"field": label})
        return None
    return number.quantize(Decimal("0.000001"))


def _bool(value: str, label: str, errors: list[str]) -> bool:
    v = search.normalise(value)
    if v in TRUE:
        return True
    if v not in FALSE:
        errors.append(_("%(field)s must be yes or no.") % {"field": label})
    return False


def validate_rows(
    rows: list[list[str]], mapping: dict[str, int | None], areas: dict[str, Area]
) -> list[RowResult]:
    """Every row validated on its own, plus duplicate external ids across the file."""
    results = []
    dutch_names = domain_names_nl()
    for number, row in enumerate(rows, start=2):
        raw = {
            key: unescape(row[idx].strip()) if idx is not None and idx < len(row) else ""
            for key, idx in mapping.items()
        }
        result = RowResult(number, raw.get("external_id", ""))
        results.append(result)
        e = result.errors
        for key in REQUIRED:
            if not raw.get(key):
                e.append(_("Required value missing: %(field)s.") % {"field": _label(key)})
        if len(raw.get("external_id", "")) > 80 or len(raw.get("name", "")) > 200:
            e.append(_("The external id or name is too long."))
        kind = TYPE_ALIASES.get(search.normalise(raw.get("service_type", "")))
        if raw.get("service_type") and kind is None:
            e.append(_("Unknown type; use general, collective, prior or tailored."))
        domains = []
        for part in raw.get("domains", "").replace(";", ",").replace("|", ",").split(","):
            part = search.normalise(part).strip()
            if part:
                code = part if part in LifeDomain.values else dutch_names.get(part)
                if code is None:
                    e.append(_("Unknown life domain: %(value)s.") % {"value": part})
                else:
                    domains.append(code)
        area_list = []
        for part in raw.get("areas", "").split(";"):
            part = part.strip()
            if part:
                area = areas.get(part.lower())
                if area is None:
                    e.append(_("Unknown area: %(value)s.") % {"value": part})
                else:
                    area_list.append(area)
        data: dict[str, Any] = {
            key: raw[key][:300]
            for key in ("external_id", "provider", "name", "target_groups", "address", "contact",
                        "opening_hours", "accessibility", "costs")
            if key in raw
        }  # fmt: skip
        data.update({k: raw[k] for k in ("description", "how_to_refer") if k in raw})
        data["provider"] = raw.get("provider", "")[:200]
        data["service_type"] = kind
        if "domains" in raw:
            data["domains"] = domains
        if "areas" in raw:
            data["areas"] = area_list
        for key in ("min_age", "max_age"):
            if key in raw:
                data[key] = _int(raw[key], _label(key), e)
        if (
            data.get("min_age") is not None
            and data.get("max_age") is not None
            and data["min_age"] > data["max_age"]
        ):
            e.append(_("The minimum age is higher than the maximum age."))
        if "latitude" in raw:
            data["latitude"] = _decimal(raw["latitude"], _label("latitude"), 90, e)
        if "longitude" in raw:
            data["longitude"] = _decimal(raw["longitude"], _label("longitude"), 180, e)
        for key in ("is_free", "needs_indication"):
            if key in raw:
                data[key] = _bool(raw[key], _label(key), e)
        for key in ("active_from", "active_until", "last_checked"):
            if key in raw:
                data[key] = _date(raw[key], _label(key), e)
        if "last_checked" in data and data["last_checked"] is None:
            del data["last_checked"]
        result.data = data
    counts = Counter(r.external_id for r in results if r.external_id)
    for r in results:
        if counts.get(r.external_id, 0) > 1:
            r.errors.append(
                _("The external id %(id)s occurs more than once in the file.")
                % {"id": r.external_id}
            )
    return results


def missing_columns(mapping: dict[str, int | None]) -> list[str]:
    return [key for key in REQUIRED if mapping.get(key) is None]


def clean_mapping(raw: dict[str, Any], width: int) -> dict[str, int | None]:
    mapping: dict[str, int | None] = {}
    for key in KEYS:
        value = raw.get(key)
        mapping[key] = value if isinstance(value, int) and 0 <= value < width else None
    return mapping


# --- applying -------------------------------------------------------------------------------


@dataclass
class ImportReport:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str, list[str]]] = field(default_factory=list)
    refused: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "refused": self.refused,
            "rejected": [
                {"line": ln, "external_id": i, "errors": errs} for ln, i, errs in self.rejected
            ],
        }


SIMPLE_FIELDS = (
    "name", "description", "service_type", "target_groups", "min_age", "max_age", "address",
    "latitude", "longitude", "contact", "opening_hours", "accessibility", "costs", "is_free",
    "needs_indication", "how_to_refer", "active_from", "active_until", "last_checked",
)  # fmt: skip


def area_lookup(municipality: Municipality) -> dict[str, Area]:
    return {a.name.lower(): a for a in Area.objects.filter(municipality=municipality)}


@dataclass
class ImportPlan:
    """What an import will do, worked out by reading only: the report and the services as
    they will be (new ones unsaved, changed ones with their new values)."""

    report: ImportReport
    to_create: list[tuple[Service, dict[str, Any]]] = field(default_factory=list)
    to_update: list[tuple[Service, dict[str, Any]]] = field(default_factory=list)
    provider_names: dict[int, str] = field(default_factory=dict)  # id(service) -> provider
    existing_providers: dict[str, Provider] = field(default_factory=dict)

    @property
    def changes(self) -> list[tuple[Service, dict[str, Any]]]:
        return self.to_create + self.to_update


def import_plan(
    *,
    actor: Actor,
    municipality: Municipality,
    rows: list[list[str]],
    mapping: dict[str, int | None],
    all_or_nothing: bool,
) -> ImportPlan:
    """Validate the rows and compare them with the social map, without writing anything."""
    policy.require_scope(actor, EDIT_SOCIAL_MAP, municipality=municipality)
    plan = ImportPlan(ImportReport())
    report = plan.report
    missing = missing_columns(mapping)
    if missing:
        report.refused = True
        report.rejected.append(
            (1, "", [_("Required columns missing: %(cols)s.") % {"cols": ", ".join(missing)}])
        )
        return plan
    results = validate_rows(rows, mapping, area_lookup(municipality))
    report.rejected = [(r.line, r.external_id, r.errors) for r in results if r.errors]
    if report.rejected and all_or_nothing:
        report.refused = True
        return plan
    valid = [r.data for r in results if not r.errors]
    plan.existing_providers = {
        p.name: p for p in Provider.objects.filter(municipality=municipality)
    }
    existing = {
        s.external_id: s
        for s in Service.objects.filter(municipality=municipality)
        .select_related("provider")
        .prefetch_related("areas")
    }
    today = timezone.localdate()
    now = timezone.now()
    for data in valid:
        service = existing.get(data["external_id"])
        is_new = service is None
        if service is None:
            service = Service(
                municipality=municipality, external_id=data["external_id"], owner=actor.user
            )
            service.last_checked = today
        dirty = is_new
        provider = plan.existing_providers.get(data["provider"])
        if provider is None or service.provider_id != provider.pk:
            if provider is not None:
                service.provider = provider
            dirty = True
        for key in SIMPLE_FIELDS:
            if key not in data:
                continue
            value = data[key] if data[key] is not None else _empty(key)
            if getattr(service, key) != value:
                setattr(service, key, value)
                dirty = True
        if "domains" in data and service.domains != [
            d for d in LifeDomain.values if d in data["domains"]
        ]:
            service.domains = data["domains"]
            dirty = True
        if (
            "areas" in data
            and not is_new
            and {a.pk for a in service.areas.all()} != {a.pk for a in data["areas"]}
        ):
            dirty = True
        if not (is_new or dirty):
            continue
        service.type_rank = {"general": 0, "collective": 1, "prior": 2, "tailored": 3}[
            service.service_type
        ]
        service.updated_at = now
        plan.provider_names[id(service)] = data["provider"]
        (plan.to_create if is_new else plan.to_update).append((service, data))
    report.created = len(plan.to_create)
    report.changed = len(plan.to_update)
    report.unchanged = len(valid) - report.created - report.changed
    return plan


@transaction.atomic
def import_rows(
    *,
    actor: Actor,
    municipality: Municipality,
    rows: list[list[str]],
    mapping: dict[str, int | None],
    all_or_nothing: bool,
) -> ImportReport:
    """Idempotent upsert on external id. All or nothing, or the valid rows with a report.

    One transaction, for small files imported while the page waits; larger files are staged
    in batches and applied in one short transaction by ``staging.py``."""
    plan = import_plan(
        actor=actor,
        municipality=municipality,
        rows=rows,
        mapping=mapping,
        all_or_nothing=all_or_nothing,
    )
    if plan.report.refused:
        return plan.report
    providers = dict(plan.existing_providers)
    new_providers = sorted(set(plan.provider_names.values()) - set(providers))
    for provider in Provider.objects.bulk_create(
        [Provider(municipality=municipality, name=name) for name in new_providers]
    ):
        providers[provider.name] = provider
    for service, _data in plan.changes:
        service.provider = providers[plan.provider_names[id(service)]]
    Service.objects.bulk_create([s for s, _d in plan.to_create], batch_size=1000)
    Service.objects.bulk_update(
        [s for s, _d in plan.to_update],
        ["provider", "domain_codes", "type_rank", "updated_at", *SIMPLE_FIELDS],
        batch_size=500,
    )
    through = Service.areas.through
    touched = [(s, d) for s, d in plan.changes if "areas" in d]
    for chunk in search.chunked([s.pk for s, _d in touched]):
        through.objects.filter(service_id__in=chunk).delete()
    through.objects.bulk_create(
        [through(service_id=s.pk, area_id=a.pk) for s, d in touched for a in d["areas"]],
        batch_size=2000,
    )
    search.index_services([s for s, _d in plan.changes])
    analyze_after_bulk_change(len(plan.changes))
    return plan.report


def analyze_after_bulk_change(count: int) -> None:
    if connection.vendor == "postgresql" and count > 1000:
        # Fresh planner statistics after a bulk change, so searches right after a large
        # import do not run on plans made for an empty table (autovacuum would come later).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Service._meta.db_table}, {ServiceToken._meta.db_table}")


def _empty(key: str) -> Any:
    if key in ("min_age", "max_age", "latitude", "longitude", "active_from", "active_until"):
        return None
    if key in ("is_free", "needs_indication"):
        return False
    return ""
