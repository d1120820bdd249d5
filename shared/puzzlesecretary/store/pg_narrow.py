"""The migration that narrows PostgreSQL's score date to a smallint and its maximum to never NULL (migrations.m0017_pg_narrow).

Where a score's bytes were at 10,000 players (docs/performance.md, "Issue 16, round 5"): a row of about
118 bytes plus its 4-byte line pointer, and two of every three rows carried a NULL (a game with no
`max`), which makes the row's header 32 bytes instead of 24 (its null bitmap pads to the next 8).
The rebuilt table keeps every column but stores:

- `date` (days since 1970, store/days.py) as a smallint: 1880 to 2059-09-18, which every stored and
  every parsable date fits (parse.py rejects dates outside it); the (group, game, date) index's
  entries shrink with it;
- `max` with -1 for "none" instead of NULL (models.MaxField reads -1 back as None), so that a score
  of a game with no maximum carries no null bitmap (an integer still: TimeGuessr scores out of 50,000).

Columns stay in the order of their alignment (8-byte first, then 4, 2, 1 and the texts), rows keep
their ids, the id sequence, the foreign keys, and every index is made again from its own definition
(fill factors kept). A stored date the new column cannot hold stops it before anything changes.
SQLite is left as it is: its records store each integer in as few bytes as its value needs, and a
NULL in none.
"""

from __future__ import annotations

import peewee

from . import pg_rebuild
from .database import is_sqlite
from .models import NO_MAX

SMALLINT = (-(2**15), 2**15 - 1)

# (name, type and constraint), in the order of their alignment: widest first, texts last.
SCORE_COLUMNS = (
    ("id", "BIGINT NOT NULL"),
    ("message_id", "BIGINT NOT NULL"),
    ("sent_at", "BIGINT NOT NULL"),
    ("score", "DOUBLE PRECISION"),
    ("group_id", "INTEGER NOT NULL"),
    ("player_id", "INTEGER NOT NULL"),
    ("puzzle", "INTEGER"),
    ("max", f"INTEGER NOT NULL DEFAULT {NO_MAX}"),
    ("game", "SMALLINT NOT NULL"),
    ("date", "SMALLINT"),
    ("solved", "BOOLEAN NOT NULL"),
    ("hard_mode", "BOOLEAN NOT NULL"),
    ("archive", "BOOLEAN NOT NULL"),
    ("late", "BOOLEAN NOT NULL"),
    ("counted", "BOOLEAN NOT NULL"),
    ("puzzle_key", "TEXT NOT NULL"),
    ("details", "TEXT NOT NULL DEFAULT '{}'"),
)


class NarrowError(Exception):
    """A stored score's date does not fit a smallint: nothing was changed."""


def _check_fits(db: peewee.Database) -> None:
    low, high = SMALLINT
    row = db.execute_sql("SELECT MIN(date), MAX(date) FROM score").fetchone()
    if row[0] is not None and (row[0] < low or row[1] > high):
        raise NarrowError(f"score.date holds {row[0]} to {row[1]}, past a smallint's {low} to {high}: nothing changed")


def narrow_scores(db: peewee.Database) -> None:
    """Rebuild `score` with a smallint date and a never-NULL maximum; rows, ids and indexes kept."""
    pg_rebuild.check_columns(db, [name for name, _ in SCORE_COLUMNS], NarrowError)
    _check_fits(db)
    indexes = pg_rebuild.score_indexes(db)
    pg_rebuild.rebuild(db, SCORE_COLUMNS, {"max": f"COALESCE(max, {NO_MAX})"})
    for _, sql in indexes:
        db.execute_sql(sql)
    pg_rebuild.finish(db)


def migrate(db: peewee.Database) -> None:
    if is_sqlite(db):
        return
    narrow_scores(db)
