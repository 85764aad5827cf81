"""Managing instruments as data: new instruments, labels, new versions, licensed criteria texts.

A municipality's functional administrators manage that municipality's own instruments (the
policy decides). The shipped instruments are read-only in the application; the installation's
operator loads their licensed criteria texts with ``criteria_load_shipped`` (the
``assessments_load_criteria`` command).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.db import transaction
from django.utils.translation import gettext as _

from wijkteam.assessments.models import Criterion, Domain, DomainMapping, Instrument, Level
from wijkteam.organisations.models import Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Action, Actor
from wijkteam.privacy.rules.assessments import MANAGE_INSTRUMENTS

MAX_CRITERIA_BYTES = 1_000_000
MAX_LEVEL = 10  # scores are 1 to 10 (see the check constraint on Score)
TEXT_LENGTH = 120


@dataclass(frozen=True)
class DomainInput:
    code: str
    name_nl: str
    name_en: str = ""  # empty: the Dutch name


@dataclass(frozen=True)
class LevelInput:
    value: int
    label_nl: str
    label_en: str = ""  # empty: the Dutch label


def shipped_codes() -> set[str]:
    """Codes of the shipped instruments: reserved, so that the ZRM and the participation
    ladder (which the progress summaries recognise by their code) are never imitated."""
    return set(Instrument.objects.filter(municipality__isnull=True).values_list("code", flat=True))


def _text_errors(value: str, what: str, *, required: bool = True) -> list[str]:
    if required and not value.strip():
        return [_("%(what)s: the text is missing.") % {"what": what}]
    if len(value.strip()) > TEXT_LENGTH:
        return [_("%(what)s: the text is too long (at most 120 characters).") % {"what": what}]
    return []


def _name_errors(name: str) -> list[str]:
    if not name.strip():
        return [_("The name is required.")]
    if len(name.strip()) > TEXT_LENGTH:
        return [_("The name is too long (at most 120 characters).")]
    return []


def _code_errors(code: str, what: str, max_length: int = 40) -> list[str]:
    if not slug_re.fullmatch(code) or len(code) > max_length:
        return [
            _(
                "%(what)s: use at most %(max)s letters, digits, hyphens or underscores, "
                "without spaces."
            )
            % {"what": what, "max": max_length}
        ]
    return []


def _structure_errors(
    domains: Sequence[DomainInput], levels: Sequence[LevelInput]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    domain_errors: list[str] = []
    if not domains:
        domain_errors.append(_("Give at least one domain."))
    seen: set[str] = set()
    for number, domain in enumerate(domains, start=1):
        what = _("Domain %(number)s") % {"number": number}
        domain_errors += _code_errors(domain.code.strip(), what)
        domain_errors += _text_errors(domain.name_nl, what)
        domain_errors += _text_errors(domain.name_en, what, required=False)
        if domain.code.strip() in seen:
            domain_errors.append(
                _("The domain code “%(code)s” occurs twice.") % {"code": domain.code.strip()}
            )
        seen.add(domain.code.strip())
    level_errors: list[str] = []
    if len(levels) < 2:
        level_errors.append(_("Give at least two levels."))
    values: set[int] = set()
    for level in levels:
        what = _("Level %(value)s") % {"value": level.value}
        if not 1 <= level.value <= MAX_LEVEL:
            level_errors.append(
                _("Level %(value)s: levels run from 1 to %(max)s.")
                % {"value": level.value, "max": MAX_LEVEL}
            )
        if level.value in values:
            level_errors.append(_("Level %(value)s occurs twice.") % {"value": level.value})
        values.add(level.value)
        level_errors += _text_errors(level.label_nl, what)
        level_errors += _text_errors(level.label_en, what, required=False)
    if domain_errors:
        errors["domains"] = domain_errors
    if level_errors:
        errors["levels"] = level_errors
    return errors


@transaction.atomic
def instrument_create(
    *,
    actor: Actor,
    municipality: Municipality,
    code: str,
    name: str,
    version: str,
    domains: Sequence[DomainInput],
    levels: Sequence[LevelInput],
) -> Instrument:
    """A new instrument owned by the municipality (its functional administrator only)."""
    policy.require(actor, Action.MANAGE, municipality)
    code, name, version = code.strip(), name.strip(), version.strip()
    errors = _structure_errors(domains, levels)
    code_errors = _code_errors(code, _("Code"))
    if not code_errors and code in shipped_codes():
        code_errors.append(
            _(
                "“%(code)s” is the code of an instrument shipped with the installation; "
                "choose another code."
            )
            % {"code": code}
        )
    if code_errors:
        errors["code"] = code_errors
    if _name_errors(name):
        errors["name"] = _name_errors(name)
    if not version or len(version) > 20:
        errors["version"] = [_("Give a version of at most 20 characters.")]
    elif Instrument.objects.filter(municipality=municipality, code=code, version=version).exists():
        errors["version"] = [_("This version already exists.")]
    if errors:
        raise ValidationError(errors)
    instrument = Instrument.objects.create(
        municipality=municipality, code=code, name=name, version=version, is_active=True
    )
    Domain.objects.bulk_create(
        Domain(
            instrument=instrument,
            code=d.code.strip(),
            order=order,
            name_nl=d.name_nl.strip(),
            name_en=d.name_en.strip() or d.name_nl.strip(),
        )
        for order, d in enumerate(domains, start=1)
    )
    Level.objects.bulk_create(
        Level(
            instrument=instrument,
            value=lv.value,
            label_nl=lv.label_nl.strip(),
            label_en=lv.label_en.strip() or lv.label_nl.strip(),
        )
        for lv in sorted(levels, key=lambda lv: lv.value)
    )
    return instrument


@transaction.atomic
def instrument_update(
    *,
    actor: Actor,
    instrument: Instrument,
    name: str,
    is_active: bool,
    domain_names: Mapping[int, tuple[str, str]],
    level_labels: Mapping[int, tuple[str, str]],
) -> Instrument:
    """Change the instrument's name, whether it is in use, and its domain and level labels
    (a functional administrator of the owning municipality; shipped instruments: nobody).
    An empty English text becomes the Dutch text."""
    policy.require(actor, MANAGE_INSTRUMENTS, instrument)
    domains = list(Domain.objects.filter(instrument=instrument, pk__in=list(domain_names)))
    levels = list(Level.objects.filter(instrument=instrument, pk__in=list(level_labels)))
    errors = _name_errors(name)
    labels = [(d.code, *domain_names[d.pk]) for d in domains] + [
        (_("Level %(value)s") % {"value": lv.value}, *level_labels[lv.pk]) for lv in levels
    ]
    for what, nl, en in labels:
        errors += _text_errors(nl, what) + _text_errors(en, what, required=False)
    if errors:
        raise ValidationError(errors)
    instrument.name = name.strip()
    instrument.is_active = is_active
    instrument.save(update_fields=["name", "is_active"])
    for domain in domains:
        nl, en = domain_names[domain.pk]
        domain.name_nl, domain.name_en = nl.strip(), en.strip() or nl.strip()
        domain.save(update_fields=["name_nl", "name_en"])
    for level in levels:
        nl, en = level_labels[level.pk]
        level.label_nl, level.label_en = nl.strip(), en.strip() or nl.strip()
        level.save(update_fields=["label_nl", "label_en"])
    return instrument


@transaction.atomic
def instrument_new_version(*, actor: Actor, instrument: Instrument, version: str) -> Instrument:
    """Copy an instrument (domains, levels, criteria) as a new version; old measurements keep
    theirs. Same-code domains of the two versions are mapped one-to-one."""
    policy.require(actor, MANAGE_INSTRUMENTS, instrument)
    version = version.strip()
    if not version:
        raise ValidationError({"version": [_("The version is required.")]})
    if len(version) > 20:
        raise ValidationError({"version": [_("Give a version of at most 20 characters.")]})
    if Instrument.objects.filter(
        municipality=instrument.municipality_id, code=instrument.code, version=version
    ).exists():
        raise ValidationError({"version": [_("This version already exists.")]})
    copy = Instrument.objects.create(
        municipality_id=instrument.municipality_id,
        code=instrument.code,
        name=instrument.name,
        version=version,
        is_active=True,
    )
    levels = {
        old.pk: Level.objects.create(
            instrument=copy, value=old.value, label_nl=old.label_nl, label_en=old.label_en
        )
        for old in Level.objects.filter(instrument=instrument)
    }
    for old in Domain.objects.filter(instrument=instrument).prefetch_related("criteria"):
        new = Domain.objects.create(
            instrument=copy,
            code=old.code,
            order=old.order,
            name_nl=old.name_nl,
            name_en=old.name_en,
        )
        if not DomainMapping.objects.filter(source=old).exists():
            DomainMapping.objects.create(source=old, target=new)
        Criterion.objects.bulk_create(
            Criterion(domain=new, level=levels[c.level_id], text=c.text) for c in old.criteria.all()
        )
    return copy


def _rows_from_json(content: str) -> list[tuple[str, str, str]]:
    data: Any = json.loads(content)
    if isinstance(data, dict) and isinstance(data.get("domains"), dict):
        rows: list[tuple[str, str, str]] = []
        for domain, levels in data["domains"].items():
            if not isinstance(levels, dict):
                raise ValueError(
                    _("Domain “%(domain)s”: expected levels with texts.") % {"domain": domain}
                )
            rows.extend((str(domain), str(level), str(text)) for level, text in levels.items())
        return rows
    if isinstance(data, list) and all(isinstance(item, dict) for item in data):
        return [
            (str(i.get("domain", "")), str(i.get("level", "")), str(i.get("text", "")))
            for i in data
        ]
    raise ValueError(
        _('Expected {"domains": {domain: {level: text}}} or a list of {domain, level, text}.')
    )


def _rows_from_csv(content: str) -> list[tuple[str, str, str]]:
    reader = csv.DictReader(io.StringIO(content))
    missing = {"domain", "level", "text"} - set(reader.fieldnames or [])
    if missing:
        raise ValueError(
            _("The CSV file lacks the column(s): %(columns)s.")
            % {"columns": ", ".join(sorted(missing))}
        )
    return [(r["domain"] or "", r["level"] or "", r["text"] or "") for r in reader]


def parse_criteria_file(filename: str, raw: bytes) -> list[tuple[str, str, str]]:
    """(domain code, level, text) rows from a JSON or CSV file; ValidationError when unreadable."""
    if len(raw) > MAX_CRITERIA_BYTES:
        raise ValidationError(_("The file is too large (at most 1 MB)."))
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not UTF-8 text.")) from error
    try:
        if filename.lower().endswith(".json"):
            return _rows_from_json(content)
        if filename.lower().endswith(".csv"):
            return _rows_from_csv(content)
    except json.JSONDecodeError as error:
        raise ValidationError(
            _("The file is not valid JSON: %(error)s") % {"error": error}
        ) from error
    except (ValueError, csv.Error) as error:
        raise ValidationError(str(error)) from error
    raise ValidationError(_("Choose a .json or .csv file."))


def validate_criteria(
    instrument: Instrument, rows: list[tuple[str, str, str]]
) -> dict[tuple[int, int], str]:
    """Check that the rows fill every cell (domain x level) exactly once with a text."""
    domains = {d.code: d for d in Domain.objects.filter(instrument=instrument)}
    levels = {lv.value: lv for lv in Level.objects.filter(instrument=instrument)}
    errors: list[str] = []
    cells: dict[tuple[int, int], str] = {}
    for number, (code, level_text, text) in enumerate(rows, start=1):
        domain = domains.get(code.strip())
        if domain is None:
            errors.append(
                _("Row %(row)s: unknown domain “%(code)s”.") % {"row": number, "code": code}
            )
            continue
        try:
            level = levels[int(level_text)]
        except (ValueError, KeyError):
            errors.append(
                _("Row %(row)s: unknown level “%(level)s” for %(domain)s.")
                % {"row": number, "level": level_text, "domain": domain.name}
            )
            continue
        if not text.strip():
            errors.append(
                _("Row %(row)s: the text for %(domain)s level %(level)s is empty.")
                % {"row": number, "domain": domain.name, "level": level.value}
            )
        key = (domain.pk, level.pk)
        if key in cells:
            errors.append(
                _("Row %(row)s: %(domain)s level %(level)s occurs twice.")
                % {"row": number, "domain": domain.name, "level": level.value}
            )
        cells[key] = text.strip()
    for domain in domains.values():
        for level in levels.values():
            if (domain.pk, level.pk) not in cells:
                errors.append(
                    _("%(domain)s: the text for level %(level)s is missing.")
                    % {"domain": domain.name, "level": level.value}
                )
    if errors:
        raise ValidationError(errors)
    return cells


@transaction.atomic
def criteria_load(*, actor: Actor, instrument: Instrument, filename: str, raw: bytes) -> int:
    """Replace all criteria texts of a municipality's instrument from a file; all or nothing."""
    policy.require(actor, MANAGE_INSTRUMENTS, instrument)
    return _replace_criteria(instrument, filename, raw)


@transaction.atomic
def criteria_load_shipped(*, instrument: Instrument, filename: str, raw: bytes) -> int:
    """The installation's operator loads the licensed texts of a shipped instrument (from the
    command line: one licence for the installation, the same texts for every municipality)."""
    if not instrument.is_shipped:
        raise ValidationError(
            _(
                "This instrument belongs to a municipality: its functional administrator loads "
                "the criteria texts in the application."
            )
        )
    return _replace_criteria(instrument, filename, raw)


def _replace_criteria(instrument: Instrument, filename: str, raw: bytes) -> int:
    cells = validate_criteria(instrument, parse_criteria_file(filename, raw))
    Criterion.objects.filter(domain__instrument=instrument).delete()
    Criterion.objects.bulk_create(
        Criterion(domain_id=domain_id, level_id=level_id, text=text)
        for (domain_id, level_id), text in cells.items()
    )
    return len(cells)


def criteria_template_csv(instrument: Instrument) -> str:
    """An empty criteria file for the instrument: one row per domain and level, no texts."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["domain", "level", "text"])
    levels = list(Level.objects.filter(instrument=instrument).order_by("value"))
    for domain in Domain.objects.filter(instrument=instrument).order_by("order", "pk"):
        for level in levels:
            writer.writerow([domain.code, level.value, ""])
    return out.getvalue()
