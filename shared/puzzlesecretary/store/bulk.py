"""Multi-row statements in plain SQL, for the write path's batches.

Built by hand because peewee spends more time building a row's SQL than the database
spends storing it (the profile in docs/performance.md). Values must already be what the
column stores: int, float, str, bool, None.
"""

from __future__ import annotations

from typing import Iterator

import peewee

from .database import is_sqlite
from .models import database_proxy

# Rows per multi-row statement: well under SQLite's limit of bound variables.
CHUNK = 100
# On PostgreSQL each statement is a round trip to the server, and a statement may bind 65,535
# values: a backlog batch of 500 messages goes in one statement per table, not five.
SERVER_ROWS = 1000
SERVER_VALUES = 30_000


def rows_per_statement(db, width: int = 1) -> int:
    """How many rows of `width` values one statement carries on `db`."""
    if is_sqlite(db):
        return CHUNK
    return max(1, min(SERVER_ROWS, SERVER_VALUES // max(width, 1)))


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(
    table: str, columns: tuple[str, ...], rows: list[tuple], returning: str = "", conflict: str = "", db=None
) -> list[tuple]:
    """Multi-row INSERTs, `CHUNK` rows each; the rows of RETURNING, if asked.

    `conflict`: an ON CONFLICT clause's tail, e.g. "(platform, platform_message_id) DO NOTHING".
    `db`: the database to write to, when not the store's open one."""
    db = database_proxy.obj if db is None else db
    names = ", ".join(f'"{c}"' for c in columns)
    one = "(" + ", ".join([db.param] * len(columns)) + ")"
    out: list[tuple] = []
    for chunk in chunks(rows, rows_per_statement(db, len(columns))):
        sql = f'INSERT INTO "{table}" ({names}) VALUES ' + ", ".join([one] * len(chunk))
        if conflict:
            sql += f" ON CONFLICT {conflict}"
        if returning:
            sql += f" RETURNING {returning}"
        cursor = db.execute_sql(sql, [value for row in chunk for value in row])
        if returning:
            out.extend(cursor.fetchall())
    return out


def where_in(sql: str, values: list, *params) -> list[tuple]:
    """Run `sql` (its `{}` is an IN list) once per chunk of `values`; every row it returns.

    On SQLite the list is padded to one of a few lengths (`padded`): the driver keeps prepared statements
    by their text, and an IN list of a new length each call was planned again each time."""
    db = database_proxy.obj
    out: list[tuple] = []
    sqlite = is_sqlite(db)
    for chunk in chunks(values, rows_per_statement(db, 1)):
        if sqlite:
            chunk = padded(chunk)
        cursor = db.execute_sql(sql.format(", ".join([db.param] * len(chunk))), [*params, *chunk])
        if cursor.description:
            out.extend(cursor.fetchall())
    return out


# The lengths an IN list of SQLite's is padded to (the last is CHUNK).
LENGTHS = (1, 2, 4, 8, 16, 32, 64, CHUNK)


def padded(values: list, lengths: tuple[int, ...] = LENGTHS) -> list:
    """`values` lengthened to the next of `lengths` by repeating its last one (at most lengths[-1]). Pure.

    An IN list, or an OR of keys, that names a value twice finds its rows once, on both backends.
    """
    size = next(n for n in lengths if n >= len(values))
    return values + values[-1:] * (size - len(values))


def execute_many(sql: str, rows: list[tuple], db=None) -> None:
    """One statement run for each of `rows` (the driver's executemany), with peewee's errors.

    A locked database raises peewee.OperationalError, as through `execute_sql`, so the callers'
    retries see the same error either way."""
    if not rows:
        return
    db = database_proxy.obj if db is None else db
    with peewee.__exception_wrapper__:
        db.cursor().executemany(sql, rows)
