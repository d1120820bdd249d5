"""The migration that stores a score's game and date as numbers (migrations.m0013_numbered_scores).

`game` becomes the game's number from gamecodes.py and `date` its day number (days.py): about
30 bytes less per score over the row and the two indexes that hold them (docs/performance.md).
SQLite cannot change a column's type, so the table is rebuilt: a new table, the rows copied in id
order, the old one dropped, the new one renamed, and every index the old one had made again from
its own SQL (so an index a later migration added is kept too). PostgreSQL changes the two columns
in place (`ALTER ... TYPE ... USING`), which rewrites the table and rebuilds their indexes. Before
either, every score's details are stored again in the compact form (compact.py gained pieces with
this migration).

Nothing is lost: before anything changes, every stored game must have a number and every stored
date must read as a date, or the migration stops with a MigrationError that names what it could
not map (its transaction is rolled back, the database stays as it was).
"""

from __future__ import annotations

import peewee

from .compact import pack, unpack
from .database import is_sqlite
from .gamecodes import CODES


class MigrationError(Exception):
    """A stored value the migration cannot convert without losing it."""


def _case(db: peewee.Database) -> str:
    """`CASE game WHEN 'wordle' THEN 1 ... END` for the games the table holds; MigrationError for a game with no number."""
    slugs = [row[0] for row in db.execute_sql("SELECT DISTINCT game FROM score").fetchall()]
    missing = sorted(slug for slug in slugs if slug not in CODES)
    if missing:
        raise MigrationError(
            f"scores of games with no number in store/gamecodes.py: {', '.join(map(repr, missing))}; add them at the end of CODES"
        )
    # Slugs are [a-z][a-z0-9]* (games.base.Game checks it): safe as literals.
    whens = " ".join(f"WHEN '{slug}' THEN {CODES[slug]}" for slug in sorted(slugs))
    return f"CASE game {whens} END" if whens else "NULL"


def migrate_sqlite(db: peewee.Database) -> None:
    game = _case(db)
    day = "CAST(julianday(date(date)) - 2440587.5 AS INTEGER)"  # date(): the day of a text that holds a time too
    bad = db.execute_sql(f"SELECT date FROM score WHERE date IS NOT NULL AND {day} IS NULL LIMIT 5").fetchall()
    if bad:
        raise MigrationError(f"scores whose date is not a date: {', '.join(repr(row[0]) for row in bad)}")
    indexes = [
        row[0]
        for row in db.execute_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'score' AND sql IS NOT NULL ORDER BY name"
        ).fetchall()
    ]
    db.execute_sql(
        """
        CREATE TABLE score_numbered (
            id INTEGER PRIMARY KEY,
            message_id BIGINT NOT NULL REFERENCES message (id) ON DELETE CASCADE,
            group_id BIGINT NOT NULL REFERENCES chat_group (id),
            player_id BIGINT NOT NULL REFERENCES player (id),
            game INTEGER NOT NULL,
            puzzle INTEGER,
            puzzle_key TEXT NOT NULL,
            date INTEGER,
            solved INTEGER NOT NULL,
            score REAL,
            max INTEGER,
            hard_mode INTEGER NOT NULL,
            archive INTEGER NOT NULL,
            late INTEGER NOT NULL,
            counted INTEGER NOT NULL,
            sent_at BIGINT NOT NULL,
            details TEXT NOT NULL DEFAULT '{}'
        )"""
    )
    columns = "id, message_id, group_id, player_id, {}, puzzle, puzzle_key, {}, solved, score, max, hard_mode, archive, late,"
    columns += " counted, sent_at, details"
    db.execute_sql(
        f"INSERT INTO score_numbered ({columns.format('game', 'date')}) SELECT {columns.format(game, day)} FROM score ORDER BY id"
    )
    db.execute_sql("DROP TABLE score")
    db.execute_sql("ALTER TABLE score_numbered RENAME TO score")
    for sql in indexes:
        db.execute_sql(sql)


def migrate_postgresql(db: peewee.Database) -> None:
    game = _case(db)
    db.execute_sql(
        f"ALTER TABLE score ALTER COLUMN game TYPE SMALLINT USING {game},"
        " ALTER COLUMN date TYPE INTEGER USING (date - DATE '1970-01-01')"
    )


def repack(db: peewee.Database) -> int:
    """Store every score's details again in today's compact form (compact.py gained pieces); how many changed."""
    param, last, changed = db.param, 0, 0
    while True:
        rows = db.execute_sql(f"SELECT id, details FROM score WHERE id > {param} ORDER BY id LIMIT 2000", (last,)).fetchall()
        if not rows:
            return changed
        last = rows[-1][0]
        for score_id, details in rows:
            packed = pack(unpack(details))
            if packed != details:
                db.execute_sql(f"UPDATE score SET details = {param} WHERE id = {param}", (packed, score_id))
                changed += 1


def migrate(db: peewee.Database) -> None:
    # The details first: the rebuild (SQLite) or the rewrite (PostgreSQL) then stores the shorter
    # rows packed, where updating them afterwards would leave the space they freed inside each page.
    repack(db)
    (migrate_sqlite if is_sqlite(db) else migrate_postgresql)(db)
