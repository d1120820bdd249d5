"""Migration 16 (store/pg_score_ids.py): PostgreSQL's index of score ids dropped; every row and every read the
same afterwards, and the count still settled (by id and message) on both backends."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import at_schema_before, message
from test_numbered_scores import _fill, kept_by_migrating

from puzzlesecretary.ingest import edit_message, ingest
from puzzlesecretary.store import Score
from puzzlesecretary.store.message_buckets import condition
from puzzlesecretary.store.migrations import MIGRATIONS, m0016_pg_score_ids
from puzzlesecretary.store.pg_layout import SCORE_COLUMNS

BEFORE = MIGRATIONS.index(m0016_pg_score_ids)
# A missing maximum reads as NULL on both sides (migration 17 stores -1 on PostgreSQL).
NAMES = ", ".join("NULLIF(max, -1)" if name == "max" else name for name, _ in SCORE_COLUMNS)
SHARE = "Wordle 1,610 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"


def test_migration_16_keeps_every_row_and_every_read_and_new_scores_take_the_next_ids(db_url):
    db = at_schema_before(db_url, m0016_pg_score_ids)
    _fill(db)
    assert Score.select().count() > 300 and Score.select().where(~Score.counted).count() >= 40
    kept_by_migrating(db, _scores, BEFORE, SHARE, 1610)
    db.close()


def _scores(db) -> list:
    return db.execute_sql(f"SELECT {NAMES} FROM score ORDER BY id").fetchall()


def _counted(db) -> dict[str, bool]:
    rows = db.execute_sql(
        "SELECT m.platform_message_id, s.counted FROM score s JOIN message m ON m.id = s.message_id WHERE s.puzzle = 1610"
    ).fetchall()
    return {key: bool(counted) for key, counted in rows}


def test_after_migration_16_an_edit_moves_the_count_to_the_next_earliest_share_and_back(db):
    ingest([message(SHARE, message_id="first"), message(SHARE, message_id="repost", at="2026-11-27T09:00:00+00:00")])
    assert _counted(db) == {"first": True, "repost": False}
    edit_message("test", "first", SHARE.replace("1,610", "1,611"), dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC))
    assert _counted(db) == {"repost": True}  # the stored repost won the count
    edit_message("test", "first", SHARE, dt.datetime(2026, 11, 27, 11, tzinfo=dt.UTC))
    assert _counted(db) == {"first": True, "repost": False}  # and lost it again to the earlier share


@pytest.mark.postgresql_only  # SQLite's score id is its rowid, which costs no index
def test_migration_16_leaves_no_index_of_score_ids_and_settling_finds_the_rows_through_their_messages(db):
    ingest([message(SHARE, message_id="one")])
    indexes = {r[0] for r in db.execute_sql("SELECT indexname FROM pg_indexes WHERE tablename = 'score'")}
    assert "score_pkey" not in indexes and "score_message_bucket" in indexes  # migration 19: by the message's bucket
    (score_id, message_id) = db.execute_sql("SELECT id, message_id FROM score").fetchone()
    where, values = condition([message_id], "%s")
    with db.atomic():
        db.execute_sql("SET LOCAL enable_seqscan = off")
        sql = f"EXPLAIN UPDATE score SET counted = false WHERE {where} AND id IN (%s)"
        plan = db.execute_sql(sql, (*values, score_id)).fetchall()
    assert "score_message_bucket" in " ".join(line for (line,) in plan)
