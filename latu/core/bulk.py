"""Writing many rows at once, for background work that handles hundreds of ideas in a go.

On PostgreSQL, new rows that cannot collide with stored ones travel by binary ``COPY``
(``insert_all``, ``copy_rows``): psycopg writes each value in C, where binding a value
into a statement costs about ten times as much CPU in Python. The primary keys of new
objects are taken from their sequence beforehand, in one query. Updates, and inserts
that skip rows already there, send each column as one array parameter that ``unnest``
turns back into rows, so a statement has a handful of parameters instead of one per
value, and Django builds no ``CASE WHEN`` per row for an update (which PostgreSQL would
then evaluate for every row again). Elsewhere (SQLite) the plain statements are used.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, connections
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
    """Values prepared as the field prepares them for saving (skipped for NULL and for
    plain values, which it would return as they are: most of the time spent on thousands
    of rows)."""
    plain = _plain_type(field)
    real = connections[connection.alias]  # not the per-thread proxy, once for each value
    return [v if v is None or type(v) is plain else field.get_db_prep_save(v, real) for v in values]


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


# (database alias, table) → {column: type oid} and the primary key's sequence: read once
# per process, as a table's columns do not change while it runs.
_tables: dict[tuple[str, str], tuple[dict[str, int], str | None]] = {}


def _table(table: str) -> tuple[dict[str, int], str | None]:
    key = (connection.alias, table)
    if key not in _tables:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname, atttypid::int, pg_get_serial_sequence(%s, attname) FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [connection.ops.quote_name(table)] * 2,
            )
            columns = cursor.fetchall()
        _tables[key] = ({name: oid for name, oid, _ in columns}, next((seq for *_, seq in columns if seq), None))
    return _tables[key]


def _copy(table: str, fields: list, rows: Sequence[Sequence]) -> None:
    """Binary COPY of the rows (values in the order of ``fields``) into the table."""
    types, _ = _table(table)
    quote = connection.ops.quote_name
    columns = [_column(field, [row[i] for row in rows]) for i, field in enumerate(fields)]
    with connection.cursor() as cursor, connection.wrap_database_errors:
        sql = f"COPY {quote(table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN (FORMAT BINARY)"
        with cursor.cursor.copy(sql) as copy:
            copy.set_types([types[f.column] for f in fields])
            for row in zip(*columns, strict=True):
                copy.write_row(row)


def copy_rows(model: type[Model], columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """INSERT new rows (values in the order of ``columns``, field names or attnames) that
    no unique constraint holds yet (else the whole call fails). No model instances, no
    signals."""
    if not rows:
        return
    fields = _fields(model, columns)
    if connection.vendor == "postgresql":
        _copy(model._meta.db_table, fields, rows)
        return
    model.objects.bulk_create([model(**{f.attname: v for f, v in zip(fields, row, strict=True)}) for row in rows])


def insert_all(objs: Sequence[Model]) -> Sequence[Model]:
    """``bulk_create`` of new objects of one model, and each object gets its primary key.
    No signals, as with ``bulk_create``."""
    if not objs:
        return objs
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs)
        return objs
    meta = model._meta
    fields = inserted_fields(model)
    if meta.pk not in fields:  # the database numbers the rows: take the numbers first
        _, sequence = _table(meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute("SELECT array_agg(nextval(%s)) FROM generate_series(1, %s)", [sequence, len(objs)])
            for obj, key in zip(objs, cursor.fetchone()[0], strict=True):
                obj.pk = key
        fields = [meta.pk, *fields]
    _copy(meta.db_table, fields, [[field.pre_save(obj, True) for field in fields] for obj in objs])
    for obj in objs:
        mark_saved(obj, obj.pk, connection.alias)
    return objs


def vacuum_analyse(*models: type[Model]) -> None:
    """After a bulk (re)write on PostgreSQL: refresh the planner's statistics and the
    visibility map of the models' tables, so that reads can come from the index alone.
    Must run outside a transaction; does nothing elsewhere."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
