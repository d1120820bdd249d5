"""Migration 17 (store/pg_narrow.py): PostgreSQL's score date as a smallint, no maximum stored as -1; every
row and every read the same afterwards, on both backends, and what the narrower columns cannot hold is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import at_schema_before, message
from test_numbered_scores import _fill, kept_by_migrating

from puzzlesecretary.games import GAMES
from puzzlesecretary.ingest import ingest
from puzzlesecretary.parse import _to_result, parse
from puzzlesecretary.results import Found, Rejection
from puzzlesecretary.store import Score, migrate
from puzzlesecretary.store.database import is_sqlite
from puzzlesecretary.store.migrations import MIGRATIONS, m0017_pg_narrow, schema_version
from puzzlesecretary.store.pg_narrow import SCORE_COLUMNS, NarrowError

BEFORE = MIGRATIONS.index(m0017_pg_narrow)
# A missing maximum reads as NULL from either side of the migration (PostgreSQL stores -1 after it).
NAMES = ", ".join("NULLIF(max, -1)" if name == "max" else name for name, _ in SCORE_COLUMNS)
SHARE = "Wordle 1,612 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"
MINI = "I solved the 11/26/2026 New York Times Mini Crossword in 0:31!"
ZIP = "Zip #262 | 0:24 and flawless 🏁\nWith no backtracks 🟢\nlnkd.in/zip."
SENT = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)


def test_migration_17_keeps_every_row_and_every_read_and_new_scores_take_the_next_ids(db_url):
    db = at_schema_before(db_url, m0017_pg_narrow)
    _fill(db)
    db.execute_sql("UPDATE score SET max = NULL WHERE max = -1")  # as the code before this migration stored none
    assert Score.select().count() > 300 and Score.select().where(Score.max.is_null()).count() > 0
    kept_by_migrating(db, _scores, BEFORE, SHARE, 1612)
    db.close()


def _scores(db) -> list:
    return db.execute_sql(f"SELECT {NAMES} FROM score ORDER BY id").fetchall()


def test_a_score_with_no_maximum_reads_back_none_and_one_with_a_maximum_its_number(db):
    ingest([message(SHARE, message_id="wordle"), message(MINI, message_id="mini")])
    assert {s.game: s.max for s in Score.select()} == {"wordle": 6, "mini": None}
    assert Score.select().where(Score.max.is_null()).count() == (1 if is_sqlite(db) else 0)  # PostgreSQL: -1


@pytest.mark.postgresql_only  # SQLite stores each integer in as few bytes as it needs, and a NULL in none
def test_migration_17_stores_the_date_as_a_smallint_and_no_maximum_as_minus_one(db):
    ingest([message(ZIP, message_id="zip")])
    kinds = dict(
        db.execute_sql(
            "SELECT column_name, data_type || ' ' || is_nullable FROM information_schema.columns WHERE table_name = 'score'"
        ).fetchall()
    )
    assert kinds["date"] == "smallint YES" and kinds["max"] == "integer NO"
    assert db.execute_sql("SELECT max FROM score").fetchone() == (-1,) and Score.get().max is None
    # A numbered puzzle with no maximum: no NULL in the row: no null bitmap, the 24-byte header (t_hoff) instead of 32.
    db.execute_sql("CREATE EXTENSION IF NOT EXISTS pageinspect")
    (hoff,) = db.execute_sql("SELECT t_hoff FROM heap_page_items(get_raw_page('score', 0)) WHERE t_data IS NOT NULL").fetchone()
    assert hoff == 24


@pytest.mark.postgresql_only  # the check guards the smallint column, which only PostgreSQL gets
def test_migration_17_refuses_a_stored_date_past_a_smallint_and_changes_nothing(db_url):
    db = at_schema_before(db_url, m0017_pg_narrow)
    ingest([message(SHARE, message_id="wordle")])
    db.execute_sql("UPDATE score SET date = 40000")
    before = db.execute_sql("SELECT * FROM score").fetchall()
    with pytest.raises(NarrowError, match="score.date holds 40000 to 40000"):
        migrate(db)
    assert schema_version(db) == BEFORE and db.execute_sql("SELECT * FROM score").fetchall() == before
    db.close()


def test_a_share_dated_before_1900_is_rejected_with_its_reason():
    outcome = parse("I solved the 1/1/1850 New York Times Mini Crossword in 0:31!", SENT)
    assert outcome.results == ()
    assert outcome.rejections[0].reason == "The Mini Crossword dated 1850-01-01 is not a real puzzle's date"


def test_a_share_dated_past_what_the_store_holds_is_rejected_even_from_a_clock_in_the_future():
    far = dt.datetime(2070, 1, 2, tzinfo=dt.UTC)
    outcome = parse("I solved the 1/1/2070 New York Times Mini Crossword in 0:31!", far)
    assert outcome.results == () and "2070-01-01 is not a real puzzle's date" in outcome.rejections[0].reason


def test_a_result_out_of_more_than_an_integer_is_rejected_with_its_reason():
    found = _to_result(GAMES["wordle"], Found(puzzle=1600, solved=True, score=3, max=2**31), SENT)
    assert found == Rejection("wordle", "Wordle out of 2,147,483,648 is not a real share", 1600)
