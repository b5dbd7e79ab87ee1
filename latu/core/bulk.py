"""Writing many rows at once, for background work that handles hundreds of ideas in a go.

On PostgreSQL each column travels as one array parameter and ``unnest`` turns the
arrays back into rows, so a statement has a handful of parameters instead of one per
value. The database driver no longer has to scan a statement with thousands of
placeholders, and Django no longer builds a ``CASE WHEN`` per row for an update (which
PostgreSQL then evaluates for every row again). Elsewhere (SQLite) the plain statements
are used.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import BooleanField, CharField, FloatField, ForeignKey, IntegerField, Model, TextField

# SQLite's oldest limit of bound parameters per statement is 999.
SQLITE_PARAMETERS = 900


def _fields(model: type[Model], names: Sequence[str]) -> list:
    return [model._meta.get_field(name) for name in names]


def _plain_type(field) -> type | None:
    """The Python type whose values a field saves as they are."""
    if isinstance(field, ForeignKey):
        return _plain_type(field.target_field)
    for kind, plain in ((BooleanField, bool), (IntegerField, int), (FloatField, float), (CharField, str),
                        (TextField, str)):
        if isinstance(field, kind):
            return plain
    return None


def _column(field, values) -> list:
    """Values prepared as the field prepares them for saving (skipped for plain values,
    which it would return as they are: most of the time spent on thousands of rows)."""
    plain = _plain_type(field)
    return [v if type(v) is plain else field.get_db_prep_save(v, connection) for v in values]


def _arrays(fields: list, rows: Sequence[Sequence]) -> tuple[str, list[list]]:
    """``unnest(%s::type[], …)`` and its parameters, an array per column."""
    casts = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    return f"unnest({casts})", [_column(field, [row[i] for row in rows]) for i, field in enumerate(fields)]


def insert_ignoring_duplicates(model: type[Model], columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """INSERT the rows (values in the order of ``columns``, field names or attnames),
    skipping any that a unique constraint already holds. No model instances, no signals."""
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = _fields(model, columns)
    into = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            source, params = _arrays(fields, rows)
            cursor.execute(f"{into} SELECT * FROM {source} ON CONFLICT DO NOTHING", params)  # noqa: S608
            return
        per_statement = max(1, SQLITE_PARAMETERS // len(fields))
        one_row = f"({', '.join(['%s'] * len(fields))})"
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            columns = [_column(field, [row[i] for row in chunk]) for i, field in enumerate(fields)]
            cursor.execute(
                f"{into} VALUES {', '.join([one_row] * len(chunk))} ON CONFLICT DO NOTHING",  # noqa: S608
                [value for row in zip(*columns, strict=True) for value in row],
            )


def inserted_fields(model: type[Model]) -> list:
    """The fields an INSERT writes: all but a primary key the database assigns."""
    return [f for f in model._meta.concrete_fields if not (f.primary_key and f.db_returning)]


def mark_saved(obj: Model, key, using: str) -> None:
    """What ``save()`` leaves on a new object: its primary key and its database."""
    obj.pk = key
    obj._state.adding = False
    obj._state.db = using


def insert_all(objs: Sequence[Model]) -> Sequence[Model]:
    """``bulk_create`` of new objects of one model: one INSERT, and each object gets its
    primary key. No signals, as with ``bulk_create``."""
    if not objs:
        return objs
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs)
        return objs
    meta = model._meta
    fields = inserted_fields(model)
    rows = [[field.pre_save(obj, True) for field in fields] for obj in objs]
    source, params = _arrays(fields, rows)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
            f"SELECT * FROM {source} RETURNING {quote(meta.pk.column)}",
            params,
        )
        keys = [row[0] for row in cursor.fetchall()]  # in the order of the rows given
    for obj, key in zip(objs, keys, strict=True):
        mark_saved(obj, key, connection.alias)
    return objs


def update_each(objs: Sequence[Model], names: Sequence[str]) -> None:
    """Save the named fields of each object, which may differ from object to object:
    ``bulk_update`` in one statement. No signals."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, names, batch_size=500)
        return
    quote = connection.ops.quote_name
    pk = model._meta.pk
    fields = _fields(model, names)
    source, params = _arrays([pk, *fields], [(obj.pk, *(getattr(obj, f.attname) for f in fields)) for obj in objs])
    table = quote(model._meta.db_table)
    aliases = ", ".join(quote(f"v{i}") for i in range(len(fields) + 1))
    sets = ", ".join(f"{quote(f.column)} = v.{quote(f'v{i + 1}')}" for i, f in enumerate(fields))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {sets} FROM {source} AS v({aliases}) "  # noqa: S608
            f"WHERE {table}.{quote(pk.column)} = v.{quote('v0')}",
            params,
        )
