"""Conflict-safe edits: optimistic locking that tells the second writer what happened.

An edit form carries the ``lock_version`` of the row it was rendered from and a
*fingerprint* of the values it showed (a short hash per field, so the page carries nothing
it does not already show). The service writes with a conditional UPDATE
(``... WHERE pk = %s AND lock_version = %s``) or under a row lock, inside its transaction;
when the version moved on it raises :class:`ConflictError` with the stored row and its
:class:`Stamp` (who saved it last, and when: ``updated_by``/``updated_at`` on the row, see
docs/architecture.md "Conflict-safe edits"). The page then answers 409 with the person's own
input still in the form, next to the stored values, and names the fields whose stored value
differs from the fingerprint: "Fenna de Vries heeft dit om 14:02 gewijzigd: Doel, Afspraken".
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import F, Model
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException

VERSION_FIELD = "lock_version"
FINGERPRINT_FIELD = "rendered"


@dataclass(frozen=True)
class Stamp:
    """Who saved a row last, and when (both may be unknown for rows older than the stamp)."""

    by: str = ""
    at: dt.datetime | None = None

    @classmethod
    def of(cls, user: Any, at: dt.datetime | None) -> Stamp:
        name = (user.get_full_name() or user.username) if user is not None else ""
        return cls(by=name, at=at)


class ConflictError(APIException):
    """Somebody else saved this record since it was loaded (optimistic locking).

    An API exception too: one that an API view does not turn into its own 409 body still
    answers 409 with the Dutch message, never a 500.
    """

    status_code = 409
    default_code = "conflict"

    def __init__(
        self,
        message: str | None = None,
        *,
        current: Any = None,
        stamp: Stamp | None = None,
    ) -> None:
        self.current = current
        self.stamp = stamp or Stamp()
        self.explicit = message
        super().__init__(detail=message or self.describe())

    def describe(self, fields: Sequence[str] = ()) -> str:
        """In Dutch: what changed, by whom and when."""
        if self.explicit:
            return self.explicit
        return describe(self.stamp, fields)


def describe(stamp: Stamp, fields: Sequence[str] = ()) -> str:
    who = stamp.by or _("Someone else")
    if stamp.at is None:
        text = _("%(who)s changed this in the meantime") % {"who": who}
    else:
        local = timezone.localtime(stamp.at)
        time = local.strftime("%H:%M")
        if local.date() == timezone.localdate():
            text = _("%(who)s changed this at %(time)s") % {"who": who, "time": time}
        else:
            text = _("%(who)s changed this on %(date)s at %(time)s") % {
                "who": who,
                "date": date_format(local.date()),
                "time": time,
            }
    if fields:
        return f"{text}: {', '.join(fields)}."
    return f"{text}."


def _normal(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip().replace("\r\n", "\n")
    if hasattr(value, "__iter__"):  # several choices, or the rows of a many-to-many field
        return "\x1f".join(sorted(_normal(v) for v in value))
    return str(value)


def _digest(value: Any) -> str:
    return hashlib.sha256(_normal(value).encode()).hexdigest()[:10]


def fingerprint(values: Mapping[str, Any]) -> str:
    """``name:hash`` per field of the values a form shows (goes into a hidden field)."""
    return ";".join(f"{name}:{_digest(value)}" for name, value in sorted(values.items()))


def changed_since(rendered: str, values: Mapping[str, Any]) -> list[str]:
    """Names of the fields whose stored value differs from what the form showed."""
    shown = dict(part.split(":", 1) for part in rendered.split(";") if ":" in part)
    if not shown:
        return []
    return [name for name, value in values.items() if shown.get(name) != _digest(value)]


def update_versioned(
    model: type[Model], *, pk: int, lock_version: int, user: Any, **changes: Any
) -> None:
    """One conditional UPDATE: write ``changes`` only if the row is still at ``lock_version``.

    Safe on PostgreSQL under READ COMMITTED as well as on SQLite: the WHERE clause is
    evaluated on the latest committed row, so of two writers with the same version exactly
    one changes a row; the other gets :class:`ConflictError` with the stored row.
    """
    manager = model._default_manager
    updated = manager.filter(pk=pk, lock_version=lock_version).update(
        **changes,
        lock_version=F("lock_version") + 1,
        updated_by=user,
        updated_at=timezone.now(),
    )
    if not updated:
        current = manager.get(pk=pk)
        raise ConflictError(current=current, stamp=row_stamp(current))


def row_stamp(row: Any) -> Stamp:
    return Stamp.of(getattr(row, "updated_by", None), getattr(row, "updated_at", None))


# --- forms and pages --------------------------------------------------------------------


def add_version_fields(form: forms.BaseForm) -> None:
    """The hidden version and fingerprint every conflict-safe form carries."""
    incomplete = _("The form was incomplete; reload the page.")
    form.fields[VERSION_FIELD] = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": incomplete, "invalid": incomplete, "min_value": incomplete},
    )
    form.fields[FINGERPRINT_FIELD] = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=2000
    )
    # A hidden field's error is not shown next to any input: say it above the form.
    clean = form.clean

    def clean_with_version() -> Any:
        if VERSION_FIELD in form.errors and not form.non_field_errors():
            form.add_error(None, incomplete)
        return clean()

    form.clean = clean_with_version  # type: ignore[method-assign]


def version_initial(lock_version: int, values: Mapping[str, Any]) -> dict[str, Any]:
    return {**values, VERSION_FIELD: lock_version, FINGERPRINT_FIELD: fingerprint(values)}


def pop_version(data: dict[str, Any]) -> tuple[int, str]:
    """Take the version fields out of a form's cleaned data (the rest goes to the service)."""
    return int(data.pop(VERSION_FIELD)), str(data.pop(FINGERPRINT_FIELD, "") or "")


@dataclass(frozen=True)
class StoredValue:
    label: str
    value: str
    changed: bool


@dataclass(frozen=True)
class ConflictNotice:
    """What the 409 page shows next to the person's own input."""

    message: str
    stored: list[StoredValue]


def _display(field: forms.Field, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(str(v) for v in value)
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(field, forms.ChoiceField):
        choices: Any = field.choices
        labels = {str(key): label for key, label in choices}
        if isinstance(field, forms.MultipleChoiceField):
            return ", ".join(str(labels.get(str(v), v)) for v in value)
        return str(labels.get(str(value), value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.date):
        return date_format(value)
    return str(value)


def conflict_page(
    form: forms.BaseForm,
    conflict: ConflictError,
    *,
    lock_version: int,
    rendered: str,
    values: Mapping[str, Any],
) -> ConflictNotice:
    """Keep the person's input in ``form``, move its version to the stored row's, add the
    message, and list the stored values (marking those a colleague changed)."""
    changed = set(changed_since(rendered, values))
    labels = [str(form.fields[n].label or n) for n in values if n in changed and n in form.fields]
    message = conflict.describe(labels)
    data: QueryDict | dict[str, Any] = (
        form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
    )
    data[form.add_prefix(VERSION_FIELD)] = str(lock_version)
    data[form.add_prefix(FINGERPRINT_FIELD)] = fingerprint(values)
    form.data = data
    stored = [
        StoredValue(str(form.fields[n].label or n), _display(form.fields[n], v), n in changed)
        for n, v in values.items()
        if n in form.fields
    ]
    return ConflictNotice(message=message, stored=stored)


def values_of(row: Model, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


def requested_version(header: str | None, payload: Any) -> int | None:
    """The version an API write names: ``If-Match: "3"`` (or ``W/"3"``) or ``lock_version``."""
    if header:
        tag = header.strip().removeprefix("W/").strip('"')
        if tag.isdigit():
            return int(tag)
        return None
    value = payload.get(VERSION_FIELD) if isinstance(payload, Mapping) else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None
