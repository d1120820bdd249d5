"""Copy every row from one database to another, ids kept: the move from SQLite to PostgreSQL.

    python -m puzzlesecretary.store.copy sqlite:///data/puzzlesecretary.db postgresql://user@host/db

The destination is migrated first and must be empty. Stop the ingests while it runs.
"""

from __future__ import annotations

import datetime as dt
import sys

import peewee

from .database import is_sqlite, open_database
from .migrations import SCHEMA_VERSION, migrate, schema_version
from .models import MODELS, NO_MAX, MaxField

BATCH = 500


class CopyError(Exception):
    """The copy cannot start: a database is not at this release's schema, or the destination holds rows."""


def _convert(field: peewee.Field, value, to_sqlite: bool):
    """A value as the destination's column takes it (booleans, dates and a score's missing maximum differ between the two)."""
    if isinstance(field, MaxField):  # no maximum: NULL on SQLite, -1 on PostgreSQL (models.MaxField)
        return (None if to_sqlite else NO_MAX) if value is None or value == NO_MAX else value
    if value is None:
        return None
    if isinstance(field, peewee.BooleanField):
        return int(bool(value)) if to_sqlite else bool(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, memoryview):
        return value.tobytes()
    return value


def copy_rows(source: peewee.Database, target: peewee.Database, progress=None) -> dict[str, int]:
    """Copy every table in foreign-key order; returns rows copied per table."""
    if schema_version(source) != SCHEMA_VERSION:
        raise CopyError(
            f"the source is at schema {schema_version(source)}, not {SCHEMA_VERSION}: run 'puzzlesecretary migrate' on it first"
        )
    migrate(target)
    for model in MODELS:
        table = model._meta.table_name
        if target.execute_sql(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone():
            raise CopyError(f"the destination's table {table} is not empty: copy into a new database")
    to_sqlite = is_sqlite(target)
    counts: dict[str, int] = {}
    with target.atomic():
        for model in MODELS:
            table = model._meta.table_name
            fields = model._meta.sorted_fields
            names = ", ".join(f'"{f.column_name}"' for f in fields)
            one = "(" + ", ".join([target.param] * len(fields)) + ")"
            cursor = source.execute_sql(f'SELECT {names} FROM "{table}" ORDER BY 1')
            counts[table] = 0
            while rows := cursor.fetchmany(BATCH):
                values = [_convert(f, v, to_sqlite) for row in rows for f, v in zip(fields, row, strict=True)]
                target.execute_sql(f'INSERT INTO "{table}" ({names}) VALUES ' + ", ".join([one] * len(rows)), values)
                counts[table] += len(rows)
            if progress:
                progress(table, counts[table])
        if not to_sqlite:
            # Rows came with their ids: move each id sequence past them, or the next insert collides.
            for model in MODELS:
                if isinstance(model._meta.primary_key, peewee.AutoField):
                    table = model._meta.table_name
                    target.execute_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f" COALESCE((SELECT max(id) FROM \"{table}\"), 0) + 1, false)"
                    )
    return counts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m puzzlesecretary.store.copy SOURCE_URL DESTINATION_URL", file=sys.stderr)
        return 2
    try:
        source = open_database(args[0], readonly=True, bind=False)
        target = open_database(args[1], bind=False)
        counts = copy_rows(source, target, lambda table, n: print(f"{table}: {n:,} rows", flush=True))
    except (CopyError, peewee.PeeweeException, ValueError) as error:
        print(f"copy: {error}", file=sys.stderr)
        return 1
    print(f"copied {sum(counts.values()):,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
