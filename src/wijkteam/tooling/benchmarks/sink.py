"""Fast writes of generated rows: COPY on PostgreSQL, ``bulk_create`` on other databases.

The generator hands over plain tuples with explicit primary keys, so rows of different tables
can reference each other before anything is written. Columns the generator does not fill get
the model field's default, so a field added to a model later does not break the generator
(unless it is required and has no default: then :class:`Table` refuses at start-up).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

BULK_BATCH_SIZE = 5000


class Table:
    """Buffered rows for one model, written in the order the generator flushes tables."""

    def __init__(self, model: type[models.Model], columns: Sequence[str], *, copy: bool) -> None:
        self.model = model
        self.columns = list(columns)
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in self.columns if c not in fields]
        if unknown:
            raise ValueError(f"{model._meta.label}: unknown columns {unknown}")
        self.extra_columns: list[str] = []
        extra_values: list[Any] = []
        for attname, field in fields.items():
            if attname in self.columns:
                continue
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
                value: Any = timezone.now()
            else:
                value = field.get_default()  # "" for blank text fields without a default
                if value is None and not field.null:
                    raise ValueError(f"{model._meta.label}.{attname} has no default; fill it")
            self.extra_columns.append(attname)
            extra_values.append(value)
        self.extra_values = tuple(extra_values)
        self.use_copy = copy and connection.vendor == "postgresql"
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0
        self._next_id = 0

    def start_ids(self) -> None:
        """Continue after the highest existing primary key (the database may not be empty)."""
        highest = self.model._default_manager.aggregate(top=Max("pk"))["top"]
        self._next_id = (highest or 0) + 1

    def next_id(self) -> int:
        value = self._next_id
        self._next_id += 1
        return value

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)

    def flush(self) -> None:
        if not self.rows:
            return
        rows, self.rows = self.rows, []
        if self.use_copy:
            self._copy(rows)
        else:
            self._bulk_create(rows)
        self.written += len(rows)

    def _copy(self, rows: Iterable[tuple[Any, ...]]) -> None:
        meta = self.model._meta
        names = [self._column(c) for c in self.columns + self.extra_columns]
        quoted = ", ".join(connection.ops.quote_name(n) for n in names)
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({quoted}) FROM STDIN"
        extra = self.extra_values
        with connection.cursor() as cursor:
            raw: Any = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row + extra)

    def _column(self, attname: str) -> str:
        for field in self.model._meta.concrete_fields:
            if field.attname == attname:
                return str(field.column)
        raise KeyError(attname)

    def _bulk_create(self, rows: Sequence[tuple[Any, ...]]) -> None:
        names = self.columns + self.extra_columns
        model = self.model
        extra = self.extra_values
        objects = [model(**dict(zip(names, row + extra, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=BULK_BATCH_SIZE)


def reset_sequences(tables: Iterable[Table]) -> None:
    """After explicit primary keys, point PostgreSQL's sequences past the highest key."""
    statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
