"""Counters of each piece's changes, kept by triggers on `score` (migrations.m0018_change_counters).

The web keeps a page's pieces under fingerprints (web/pieces.py, stats/queries/fingerprints.py). They
were counts and sums of ids over hundreds to thousands of scores, read again after every share of the
group (docs/performance.md, "Issue 16, round 5: stale views"). These two tables hold them ready:

- `piece_change (group_id, game, date, scores, n)`: one row per group, game and day a score is dated
  (a score with no date under `NO_DATE`, below every day);
- `player_change (group_id, player_id, game, counted, n)`: one row per group, player and game.

`scores` and `counted` are how many scores (counted ones, for a player) the row stands for now; `n`
moves by one with every insert and delete of a score the row stands for, and an update counts as a
delete of the old row and an insert of the new one. `n` never goes down and a row is never dropped
while its group is, so a sum of `n` over rows changes with any change to the scores under them.

Triggers, not the writers, keep them: every path that adds, removes or recounts a score (derive, edits,
deletes, reparse, forget, `link`, the copy into PostgreSQL, a later migration) is counted without a line
of its own. A PostgreSQL rebuild of `score` (pg_rebuild.py) makes the trigger again on the new table.
"""

from __future__ import annotations

import peewee

from .database import is_sqlite

NO_DATE = -32768  # a score without a date (a smallint's least): counted in every range open at its start

TABLES = (
    "CREATE TABLE piece_change (group_id INTEGER NOT NULL, game INTEGER NOT NULL, date INTEGER NOT NULL,"
    " scores INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (group_id, game, date))",
    "CREATE TABLE player_change (group_id INTEGER NOT NULL, player_id INTEGER NOT NULL, game INTEGER NOT NULL,"
    " counted INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (group_id, player_id, game))",
)


def _upserts(row: str, sign: str, counted: str) -> list[str]:
    """The two counters' upserts for one score row (`NEW` or `OLD`), its counts moved by `sign` (+ or -)."""
    return [
        f"INSERT INTO piece_change (group_id, game, date, scores, n)"
        f" VALUES ({row}.group_id, {row}.game, COALESCE({row}.date, {NO_DATE}), {'1' if sign == '+' else '0'}, 1)"
        f" ON CONFLICT (group_id, game, date) DO UPDATE SET scores = piece_change.scores {sign} 1,"
        " n = piece_change.n + 1",
        f"INSERT INTO player_change (group_id, player_id, game, counted, n)"
        f" VALUES ({row}.group_id, {row}.player_id, {row}.game, {counted if sign == '+' else '0'}, 1)"
        f" ON CONFLICT (group_id, player_id, game) DO UPDATE SET counted = player_change.counted {sign} {counted},"
        " n = player_change.n + 1",
    ]


def _sqlite_triggers() -> list[str]:
    new, old = _upserts("NEW", "+", "NEW.counted"), _upserts("OLD", "-", "OLD.counted")
    return [
        f"CREATE TRIGGER score_counts_insert AFTER INSERT ON score BEGIN {'; '.join(new)}; END",
        f"CREATE TRIGGER score_counts_delete AFTER DELETE ON score BEGIN {'; '.join(old)}; END",
        f"CREATE TRIGGER score_counts_update AFTER UPDATE ON score BEGIN {'; '.join(old + new)}; END",
    ]


def _pg_function() -> str:
    new, old = _upserts("NEW", "+", "NEW.counted::int"), _upserts("OLD", "-", "OLD.counted::int")
    return (
        "CREATE OR REPLACE FUNCTION score_counts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        f" IF TG_OP <> 'INSERT' THEN {'; '.join(old)}; END IF;"
        f" IF TG_OP <> 'DELETE' THEN {'; '.join(new)}; END IF;"
        " RETURN NULL; END $$"
    )


PG_TRIGGER = "CREATE TRIGGER score_counts AFTER INSERT OR UPDATE OR DELETE ON score FOR EACH ROW EXECUTE FUNCTION score_counts()"


def add_triggers(db: peewee.Database) -> None:
    """The triggers that keep both tables, on the score table as it is now."""
    if is_sqlite(db):
        for sql in _sqlite_triggers():
            db.execute_sql(sql)
    else:
        db.execute_sql(_pg_function())
        db.execute_sql(PG_TRIGGER)


def has_counters(db: peewee.Database) -> bool:
    """Whether the counter tables exist (a PostgreSQL rebuild of `score` after this migration makes its trigger again)."""
    return db.execute_sql("SELECT to_regclass('piece_change')").fetchone()[0] is not None


def backfill(db: peewee.Database) -> None:
    """Both tables from the scores stored now: each row's `n` its scores, as if each had been inserted once."""
    db.execute_sql(
        "INSERT INTO piece_change (group_id, game, date, scores, n)"
        f" SELECT group_id, game, COALESCE(date, {NO_DATE}), COUNT(*), COUNT(*) FROM score"
        f" GROUP BY group_id, game, COALESCE(date, {NO_DATE})"
    )
    counted = "counted" if is_sqlite(db) else "counted::int"
    db.execute_sql(
        "INSERT INTO player_change (group_id, player_id, game, counted, n)"
        f" SELECT group_id, player_id, game, SUM({counted}), COUNT(*) FROM score GROUP BY group_id, player_id, game"
    )


def migrate(db: peewee.Database) -> None:
    suffix = " WITHOUT ROWID" if is_sqlite(db) else ""
    for sql in TABLES:
        db.execute_sql(sql + suffix)
    backfill(db)
    add_triggers(db)


def m0018_change_counters(db: peewee.Database) -> None:
    # Fingerprints from counters (docs/performance.md, "Issue 16, round 6"): a page's pieces read a few small
    # rows kept by triggers on `score`, not counts over its scores.
    migrate(db)
