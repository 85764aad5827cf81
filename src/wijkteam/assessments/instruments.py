"""Managing instruments as data: labels, new versions, and loading licensed criteria texts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkteam.assessments.models import Criterion, Domain, DomainMapping, Instrument, Level
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.assessments import MANAGE_INSTRUMENTS

MAX_CRITERIA_BYTES = 1_000_000


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
    """Change the instrument's name, whether it is in use, and its domain and level labels."""
    policy.require(actor, MANAGE_INSTRUMENTS, instrument)
    if not name.strip():
        raise ValidationError({"name": [_("The name is required.")]})
    instrument.name = name.strip()
    instrument.is_active = is_active
    instrument.save(update_fields=["name", "is_active"])
    for domain in Domain.objects.filter(instrument=instrument, pk__in=list(domain_names)):
        domain.name_nl, domain.name_en = domain_names[domain.pk]
        domain.save(update_fields=["name_nl", "name_en"])
    for level in Level.objects.filter(instrument=instrument, pk__in=list(level_labels)):
        level.label_nl, level.label_en = level_labels[level.pk]
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
    if Instrument.objects.filter(code=instrument.code, version=version).exists():
        raise ValidationError({"version": [_("This version already exists.")]})
    copy = Instrument.objects.create(
        code=instrument.code, name=instrument.name, version=version, is_active=True
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
    """Replace all criteria texts of the instrument from a file; all or nothing."""
    policy.require(actor, MANAGE_INSTRUMENTS, instrument)
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
