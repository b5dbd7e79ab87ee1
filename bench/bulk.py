"""Bulk loading into PostgreSQL for the benchmarks: ``COPY … FROM STDIN`` through
psycopg, with the secondary indexes and foreign keys of the big tables dropped while
loading and recreated (and validated) afterwards, then sequences moved past the
loaded ids and the tables vacuumed and analysed, as a production database would be.

Only for benchmark databases: it changes the schema while it loads.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import psycopg
from psycopg import sql


@dataclass
class Saved:
    """The secondary indexes and constraints of a table, dropped for loading."""

    table: str
    indexes: list[tuple[str, str]] = field(default_factory=list)  # (name, CREATE INDEX …)
    constraints: list[tuple[str, str, str]] = field(default_factory=list)  # (name, kind, definition)


@dataclass
class LoadFigures:
    """Rows and seconds per table, for the load report."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, table: str, rows: int, seconds: float) -> None:
        self.rows[table] = self.rows.get(table, 0) + rows
        self.seconds[table] = self.seconds.get(table, 0.0) + seconds


class Loader:
    """One autocommit connection used for COPY and the schema work around it."""

    def __init__(self, url: str) -> None:
        self.conn = psycopg.connect(url, autocommit=True)
        self.figures = LoadFigures()
        self.saved: list[Saved] = []
        with self.conn.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
            cursor.execute("SET maintenance_work_mem = '512MB'")

    def close(self) -> None:
        self.conn.close()

    # --- indexes and constraints -------------------------------------------------------

    def drop_secondary(self, tables: Iterable[str]) -> None:
        """Drop the foreign keys, unique constraints and non-primary indexes of ``tables``
        (remembered for :meth:`restore`). Primary keys stay: other tables refer to them."""
        with self.conn.cursor() as cursor:
            for table in tables:
                saved = Saved(table)
                cursor.execute(
                    "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY contype DESC, conname",
                    [table],
                )
                saved.constraints = [(name, kind, definition) for name, kind, definition in cursor.fetchall()]
                cursor.execute(
                    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                    "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
                    "ORDER BY i.relname",
                    [table],
                )
                saved.indexes = list(cursor.fetchall())
                for name, _kind, _definition in saved.constraints:
                    cursor.execute(
                        sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(table), sql.Identifier(name))
                    )
                for name, _definition in saved.indexes:
                    cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
                self.saved.append(saved)

    def restore(self, progress=print) -> float:
        """Recreate what :meth:`drop_secondary` dropped: unique constraints and indexes
        first, then the foreign keys (validated). Returns the seconds it took."""
        started = time.perf_counter()
        with self.conn.cursor() as cursor:
            for saved in self.saved:
                began = time.perf_counter()
                for name, kind, definition in saved.constraints:
                    if kind == "u":
                        cursor.execute(sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(
                            sql.Identifier(saved.table), sql.Identifier(name)) + sql.SQL(definition))
                for _name, definition in saved.indexes:
                    cursor.execute(sql.SQL(definition))
                progress(f"  indexes of {saved.table}: {time.perf_counter() - began:.1f} s")
            began = time.perf_counter()
            for saved in self.saved:
                for name, kind, definition in saved.constraints:
                    if kind == "f":
                        cursor.execute(sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(
                            sql.Identifier(saved.table), sql.Identifier(name)) + sql.SQL(definition))
            progress(f"  foreign keys validated: {time.perf_counter() - began:.1f} s")
        self.saved = []
        return time.perf_counter() - started

    # --- loading ---------------------------------------------------------------------------

    def next_id(self, table: str) -> int:
        with self.conn.cursor() as cursor:
            cursor.execute(sql.SQL("SELECT COALESCE(MAX(id), 0) + 1 FROM {}").format(sql.Identifier(table)))
            return cursor.fetchone()[0]

    def copy_rows(self, table: str, columns: list[str], rows: Iterable[tuple]) -> int:
        """COPY tuples (adapted by psycopg) into ``table``; returns the row count."""
        started = time.perf_counter()
        count = 0
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
        )
        with self.conn.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        self.figures.add(table, count, time.perf_counter() - started)
        return count

    def copy_text(self, table: str, columns: list[str], chunks: Iterable[tuple[int, str]]) -> int:
        """COPY ready-made text-format lines (``chunks`` yields (rows, text)); for the
        tables with tens of millions of rows, where building tuples costs too much."""
        started = time.perf_counter()
        count = 0
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
        )
        with self.conn.cursor() as cursor, cursor.copy(statement) as copy:
            buffer: list[str] = []
            size = 0
            for rows, text in chunks:
                count += rows
                buffer.append(text)
                size += len(text)
                if size > 1 << 20:
                    copy.write("".join(buffer).encode())
                    buffer, size = [], 0
            if buffer:
                copy.write("".join(buffer).encode())
        self.figures.add(table, count, time.perf_counter() - started)
        return count

    def reset_sequences(self, tables: Iterable[str]) -> None:
        with self.conn.cursor() as cursor:
            for table in tables:
                cursor.execute(
                    sql.SQL("SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST(MAX(id), 1)) FROM {}").format(
                        sql.Identifier(table)),
                    [table],
                )

    def vacuum_analyse(self, tables: Iterable[str]) -> float:
        started = time.perf_counter()
        with self.conn.cursor() as cursor:
            for table in tables:
                cursor.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)))
        return time.perf_counter() - started


def copy_escape(value: str) -> str:
    """A value for COPY's text format."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
