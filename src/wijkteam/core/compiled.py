"""Hot queries whose SQL is built once per database connection; only their values change.

Building a queryset's SQL (resolving joins, filtered relations, the select list and the
ordering) costs far more Python than running it: the person-and-roles read that every request
makes spent about nine tenths of its time there (docs/benchmark.md, "Compiled once"). A
:class:`CompiledQuery` builds the queryset twice, with two different sample values for each
slot, and keeps the SQL and the positions of the parameters that changed with each slot; a
request then runs that SQL with its own values, and Django's own converters turn the columns
into Python values exactly as ``values_list`` would (:meth:`CompiledQuery.rows`), or into
model instances with their ``select_related`` objects and annotations exactly as iterating the
queryset would (:meth:`CompiledQuery.instances`).

The SQL must not depend on the values (it is checked: both builds must give the same SQL and
every changed parameter must belong to one slot), so a value that changes the shape of the
query (a list of any length, ``None``) cannot be a slot.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators
from django.db.models.sql.compiler import SQLCompiler

# Django 5.2's signature (the type stubs describe a later one).
_related_populators: Callable[..., list[Any]] = get_related_populators


@dataclass(frozen=True)
class Slot:
    """A value of the query: two samples that must differ, and how the database gets it."""

    first: Any
    second: Any
    prepare: Callable[[BaseDatabaseWrapper, Any], Any]


class MatchesNothing(Exception):
    """A value no row can have (a key out of the column's range): the query finds nothing,
    as Django's own lookup would, without asking the database (which would refuse it)."""


def as_big_int(connection: BaseDatabaseWrapper, value: Any) -> int:
    """A (big) integer key as the database gets it: ``ValueError``/``TypeError`` for a
    malformed one, as Django's lookup; one out of the column's range matches nothing."""
    number = int(value)
    low, high = connection.ops.integer_field_range("BigIntegerField")
    if (low is not None and number < low) or (high is not None and number > high):
        raise MatchesNothing(number)
    return number


def as_date(connection: BaseDatabaseWrapper, value: Any) -> Any:
    return connection.ops.adapt_datefield_value(value)


def as_datetime(connection: BaseDatabaseWrapper, value: Any) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def as_text(connection: BaseDatabaseWrapper, value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("Text expected.")
    return value


@dataclass(frozen=True)
class _Built:
    connection: BaseDatabaseWrapper
    using: str
    compiler: SQLCompiler
    converters: dict[int, Any]
    sql: str
    params: tuple[Any, ...]
    positions: tuple[tuple[int, str], ...]  # (parameter index, slot name)
    # For instances: the model, its columns' range and names, the select_related populators.
    model: type[Model] | None
    columns: slice
    names: list[str]
    populators: list[Any]
    annotations: dict[str, int]


class CompiledQuery:
    """``build(**values)`` returns a queryset: a ``values_list`` one for :meth:`rows`, a model
    one (``select_related`` and annotations allowed, no ``prefetch_related``) for
    :meth:`instances`."""

    def __init__(self, build: Callable[..., QuerySet[Any, Any]], **slots: Slot) -> None:
        self._build = build
        self._slots = slots
        self._local = threading.local()  # a connection belongs to one thread
        self.compilations = 0  # how often the SQL was built (tests read it)

    def rows(self, using: str, **values: Any) -> list[tuple[Any, ...]]:
        """The rows as ``values_list`` gives them (tuples)."""
        return self._run(self._entry(using), values)

    def instances(self, using: str, **values: Any) -> list[Any]:
        """The rows as model instances, as iterating the queryset gives them."""
        entry = self._entry(using)
        if entry.model is None:
            raise ValueError("A values query has no instances: use rows().")
        found: list[Any] = []
        for row in self._run(entry, values):
            instance = entry.model.from_db(entry.using, entry.names, row[entry.columns])
            for populator in entry.populators:
                populator.populate(row, instance)
            for name, position in entry.annotations.items():
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def _entry(self, using: str) -> _Built:
        connection = connections[using]
        built: dict[str, _Built] = self._local.__dict__.setdefault("built", {})
        entry = built.get(using)
        if entry is None or entry.connection is not connection:
            entry = built[using] = self._compile(using, connection)
        return entry

    def _run(self, entry: _Built, values: dict[str, Any]) -> list[tuple[Any, ...]]:
        connection = entry.connection
        params = list(entry.params)
        try:
            for index, name in entry.positions:
                params[index] = self._slots[name].prepare(connection, values[name])
        except MatchesNothing:
            return []
        with connection.cursor() as cursor:
            cursor.execute(entry.sql, params)
            fetched = cursor.fetchall()
        if entry.compiler.has_extra_select:  # ordering columns the select list lacks
            fetched = [row[: entry.compiler.col_count] for row in fetched]
        if not entry.converters:
            return [tuple(row) for row in fetched]
        converted = entry.compiler.apply_converters(fetched, entry.converters)
        return [tuple(row) for row in converted]

    def _compile(self, using: str, connection: BaseDatabaseWrapper) -> _Built:
        self.compilations += 1
        first = self._build(**{name: slot.first for name, slot in self._slots.items()})
        second = self._build(**{name: slot.second for name, slot in self._slots.items()})
        if getattr(first, "_prefetch_related_lookups", ()) or getattr(
            first, "_known_related_objects", {}
        ):
            raise ValueError("Prefetches and related managers cannot be compiled once.")
        compiler = first.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        other_sql, other_params = second.query.get_compiler(using=using).as_sql()
        if sql != other_sql or len(params) != len(other_params):
            raise ValueError("The query's SQL depends on its values: it cannot be compiled once.")
        positions = tuple(self._positions(connection, params, other_params))
        fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(fields):
            raise ValueError("A composite primary key in the select list is not supported.")
        converters = compiler.get_converters(fields)
        klass_info = compiler.klass_info
        model, columns, names, populators = None, slice(0), [], []
        if klass_info is not None and first._iterable_class is ModelIterable:  # not values()
            model = klass_info["model"]
            chosen = klass_info["select_fields"]
            columns = slice(chosen[0], chosen[-1] + 1)
            names = [column[0].target.attname for column in compiler.select[columns]]
            populators = _related_populators(klass_info, compiler.select, using)
        return _Built(
            connection=connection,
            using=using,
            compiler=compiler,
            converters=converters,
            sql=sql,
            params=tuple(params),
            positions=positions,
            model=model,
            columns=columns,
            names=names,
            populators=populators,
            annotations=dict(compiler.annotation_col_map or {}),
        )

    def _positions(
        self, connection: BaseDatabaseWrapper, params: Sequence[Any], other: Sequence[Any]
    ) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for index, (a, b) in enumerate(zip(params, other, strict=True)):
            if a == b:
                continue
            names = [
                name
                for name, slot in self._slots.items()
                if slot.prepare(connection, slot.first) == a
                and slot.prepare(connection, slot.second) == b
            ]
            if len(names) != 1:
                raise ValueError(f"Parameter {index} of the query belongs to no single slot.")
            found.append((index, names[0]))
        if {name for _, name in found} != set(self._slots):
            raise ValueError("A slot of the query does not reach its SQL.")
        return found
