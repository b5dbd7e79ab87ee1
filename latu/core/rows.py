"""Reads that run on nearly every request, as SQL written once per process.

The ORM compiles a query every time it runs. For the reads that start a request (the
person behind an API token, the person's memberships with their organisations and
units) compiling took four times as long as running the query, because each of them
selects a few dozen columns of several joined tables. ``JoinedSelect`` writes such a
read's SQL once per database, from the models' own fields, and builds model instances
the way ``select_related`` does: each column goes through the field's converters, so
booleans, dates and JSON come out as the ORM would give them on SQLite and PostgreSQL
alike. Tests compare every read with its ORM equivalent.

On PostgreSQL the reads go through a server-side binding cursor, so psycopg prepares
each of them once per connection (after a few runs) and PostgreSQL stops parsing and
planning the same joins for every request: the memberships read went from 0.42 to
0.11 ms of database CPU. (The rest of the application keeps Django's client-side
binding. Behind PgBouncer in transaction mode, use 1.21 or newer with
``max_prepared_statements``, or turn preparing off with ``DB_PREPARED_STATEMENTS=0``.)

Use it only where a read sits on the path of every request; everywhere else the ORM's
querysets are clearer and fast enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Model

from latu.core.bulk import inserted_fields, mark_saved


def _cursor(connection):
    """Django's cursor, or on PostgreSQL one that binds parameters on the server, wrapped
    as Django wraps its own (query logging, error translation)."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(psycopg.Cursor(connection.connection))


@dataclass(frozen=True)
class Part:
    """One model of the join, under ``alias``. ``only`` limits it to those fields (the
    primary key is always read); ``defer`` leaves fields out. ``optional`` marks a LEFT
    JOIN whose row may be missing: the part is then None."""

    model: type[Model]
    alias: str
    only: Sequence[str] = ()
    defer: Sequence[str] = ()
    optional: bool = False

    def fields(self) -> list:
        fields = []
        for f in self.model._meta.concrete_fields:
            if f.primary_key or ((not self.only or f.name in self.only) and f.name not in self.defer):
                fields.append(f)
        return fields


@dataclass
class _Compiled:
    sql: str
    layout: list  # per part: (model, attnames, first column, column count, converters)


@dataclass
class JoinedSelect:
    """``SELECT <the parts' columns> <tail>``, where ``tail`` holds FROM, the joins,
    WHERE with ``%s`` parameters and any ORDER BY. It names a part's table as ``{alias}``
    (the table with its alias) and a field as ``{alias.field}`` (its column); both are
    quoted for the database."""

    parts: Sequence[Part]
    tail: str
    _compiled: dict = field(default_factory=dict, repr=False)

    def _compile(self, using: str) -> _Compiled:
        connection = connections[using]
        qn = connection.ops.quote_name
        columns, layout, names = [], [], {}
        for part in self.parts:
            fields = part.fields()
            first = len(columns)
            converters = []
            for i, f in enumerate(fields):
                columns.append(f"{qn(part.alias)}.{qn(f.column)}")
                expression = f.get_col(part.alias)
                found = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
                if found:
                    converters.append((i, found, expression))
            for f in part.model._meta.concrete_fields:
                names[f"{part.alias}.{f.name}"] = f"{qn(part.alias)}.{qn(f.column)}"
            names[part.alias] = f"{qn(part.model._meta.db_table)} {qn(part.alias)}"
            layout.append((part, [f.attname for f in fields], first, len(fields), converters))
        tail = self.tail
        for name in names:
            tail = tail.replace("{" + name + "}", names[name])
        return _Compiled(f"SELECT {', '.join(columns)} {tail}", layout)

    def fetch(self, params: Sequence, using: str = "default") -> list[tuple[Model | None, ...]]:
        """The rows, each a tuple with one instance (or None) per part."""
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._compile(using)
        connection = connections[using]
        with _cursor(connection) as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        found = []
        for row in rows:
            instances = []
            for part, attnames, first, count, converters in compiled.layout:
                values = list(row[first:first + count])
                if part.optional and values[0] is None:
                    instances.append(None)
                    continue
                for i, functions, expression in converters:
                    for convert in functions:
                        values[i] = convert(values[i], expression, connection)
                instances.append(part.model.from_db(using, attnames, values))
            found.append(tuple(instances))
        return found


_INSERTS: dict[tuple[type[Model], str], tuple[str, list]] = {}


def insert_one(obj: Model, using: str = "default") -> Model:
    """``obj.save()`` of a new object (``force_insert``), with the INSERT written once per
    model (on PostgreSQL a prepared statement, as the reads above). Like ``bulk_create``
    it sends no signals: use it only for a model nothing listens to."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        obj.save(force_insert=True, using=using)
        return obj
    model, meta = type(obj), type(obj)._meta
    written = _INSERTS.get((model, using))
    if written is None:
        qn = connection.ops.quote_name
        fields = inserted_fields(model)
        sql = (f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608
               f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {qn(meta.pk.column)}")
        written = _INSERTS[(model, using)] = (sql, fields)
    sql, fields = written
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with _cursor(connection) as cursor:
        cursor.execute(sql, params)
        mark_saved(obj, cursor.fetchone()[0], using)
    return obj
