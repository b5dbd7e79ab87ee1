"""Schema operations that several apps' migrations share."""

from collections.abc import Sequence

from django.db import migrations


def drop_covered_indexes(
    indexes: Sequence[tuple[str, str, str]], state_operations: list
) -> migrations.SeparateDatabaseAndState:
    """Drop foreign-key indexes that another index or unique constraint of the table
    begins with: each cost a write on every insert and served no query the other does
    not. ``indexes`` are (index name, table, column); ``state_operations`` set
    ``db_index=False`` on the fields. Only the indexes go: Django's own ``AlterField``
    would also drop and re-add the foreign keys, re-checking every row of the table."""
    return migrations.SeparateDatabaseAndState(
        state_operations=state_operations,
        database_operations=[
            migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"', f'CREATE INDEX "{name}" ON "{table}" ("{column}")')
            for name, table, column in indexes
        ],
    )
