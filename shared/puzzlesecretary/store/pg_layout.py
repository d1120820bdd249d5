"""The migration that packs PostgreSQL's rows and drops the indexes they no longer need (migrations.m0015_pg_layout).

Where the bytes of a score went on PostgreSQL (docs/performance.md, "PostgreSQL's bytes"): a row
is a 24-byte header (32 with a NULL in it) and a 4-byte line pointer, and every column starts at
its type's alignment, so migration 13's smallint game before an integer, a boolean before a
double and four booleans before a bigint each left padding; the group and player were bigints.
The table is rebuilt with every column in the order of its alignment (8-byte first, then 4, 2, 1
and the texts), the group and player as integers (`chat_group` and `player` ids: checked to fit),
and the two indexes whose keys only grow (the id, the message id) packed full: a B-tree page split
at the right end leaves the old page at its fill factor, and these never get an insert in the
middle. The rows, their ids and the id sequence are kept; every other index is made again from
its own definition, so an index a later migration adds is kept too.

Messages and raw events kept two indexes on their key: the unique one and a byte-order
(text_pattern_ops) one for prefix lookups (migrations 3 and 4). One unique index in byte order
serves both: its equality is the same, and ON CONFLICT on the two columns finds it. And
`message_status` held every message for a query that asks only for the pending ones
(ingest.score_pending): it now holds only those, so storing a message's outcome updates one
index fewer.

SQLite is left as it is: its records have no padding and store integers in as few bytes as
their values need, and its partial indexes are not used by a query with a bound parameter.
"""

from __future__ import annotations

import peewee

from . import pg_rebuild
from .database import is_sqlite

INT_MAX = 2**31 - 1

# (name, type and constraint), in the order of their alignment: widest first, texts last.
SCORE_COLUMNS = (
    ("id", "BIGINT NOT NULL"),
    ("message_id", "BIGINT NOT NULL"),
    ("sent_at", "BIGINT NOT NULL"),
    ("score", "DOUBLE PRECISION"),
    ("group_id", "INTEGER NOT NULL"),
    ("player_id", "INTEGER NOT NULL"),
    ("puzzle", "INTEGER"),
    ("date", "INTEGER"),
    ("max", "INTEGER"),
    ("game", "SMALLINT NOT NULL"),
    ("solved", "BOOLEAN NOT NULL"),
    ("hard_mode", "BOOLEAN NOT NULL"),
    ("archive", "BOOLEAN NOT NULL"),
    ("late", "BOOLEAN NOT NULL"),
    ("counted", "BOOLEAN NOT NULL"),
    ("puzzle_key", "TEXT NOT NULL"),
    ("details", "TEXT NOT NULL DEFAULT '{}'"),
)
# Indexes whose keys only grow: packed full (a B-tree's default leaves 10% of each page free).
FULL_INDEXES = {"score_message": "(message_id)"}


class LayoutError(Exception):
    """A stored value the new layout cannot hold: nothing was changed."""


def _check_fits(db: peewee.Database) -> None:
    """LayoutError when a group or player id of a score, or of a group or player a score may get, is past an integer."""
    for table, column in (("score", "group_id"), ("score", "player_id"), ("chat_group", "id"), ("player", "id")):
        (top,) = db.execute_sql(f"SELECT MAX({column}) FROM {table}").fetchone()
        if top is not None and top > INT_MAX:
            raise LayoutError(f"{table}.{column} reaches {top}, past an integer's {INT_MAX}: the score table cannot be packed")


def pack_scores(db: peewee.Database) -> None:
    """Rebuild `score` with its columns in alignment order, ids, sequence, constraints and indexes kept."""
    _check_fits(db)
    pg_rebuild.check_columns(db, [name for name, _ in SCORE_COLUMNS], LayoutError)
    indexes = [(name, sql) for name, sql in pg_rebuild.score_indexes(db) if name != "score_pkey"]
    pg_rebuild.rebuild(db, SCORE_COLUMNS)
    db.execute_sql("ALTER TABLE score ADD CONSTRAINT score_pkey PRIMARY KEY (id) WITH (fillfactor = 100)")
    for name, sql in indexes:
        if name in FULL_INDEXES:
            sql = f"CREATE INDEX {name} ON score {FULL_INDEXES[name]} WITH (fillfactor = 100)"
        db.execute_sql(sql)
    pg_rebuild.finish(db)


def _unique_constraint(db: peewee.Database, table: str, columns: tuple[str, str]) -> str:
    """The name of `table`'s UNIQUE constraint on exactly `columns` (migration 1 let PostgreSQL name it)."""
    rows = db.execute_sql(
        "SELECT c.conname, array_agg(a.attname::text ORDER BY k.n) FROM pg_constraint c"
        " CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)"
        " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum"
        f" WHERE c.conrelid = '{table}'::regclass AND c.contype = 'u' GROUP BY c.conname"
    ).fetchall()
    found = [name for name, keys in rows if tuple(keys) == columns]
    if not found:
        raise LayoutError(f"{table} has no unique constraint on {', '.join(columns)}")
    return found[0]


def one_key_index(db: peewee.Database, table: str, column: str, prefix_index: str) -> None:
    """`table`'s byte-order index `prefix_index` on (platform, column) made unique, and the UNIQUE constraint it twins dropped."""
    constraint = _unique_constraint(db, table, ("platform", column))
    db.execute_sql(f"DROP INDEX {prefix_index}")
    db.execute_sql(f"CREATE UNIQUE INDEX {prefix_index} ON {table} (platform, {column} text_pattern_ops)")
    db.execute_sql(f"ALTER TABLE {table} DROP CONSTRAINT {constraint}")


def migrate(db: peewee.Database) -> None:
    if is_sqlite(db):
        return
    pack_scores(db)
    one_key_index(db, "message", "platform_message_id", "message_id_prefix")
    one_key_index(db, "raw_event", "dedup_key", "raw_event_key_prefix")
    db.execute_sql("DROP INDEX message_status")
    db.execute_sql("CREATE INDEX message_pending ON message (id) WHERE status = 'pending'")
