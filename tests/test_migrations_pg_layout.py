"""Migration 15 (store/pg_layout.py): PostgreSQL's score rows packed, one key index per message and raw event, a
pending-only status index; every row and every read the same afterwards, on both backends."""

from __future__ import annotations

import pytest
from helpers import at_schema_before, message
from test_numbered_scores import _fill, kept_by_migrating

from puzzlesecretary.ingest import ingest, score_pending
from puzzlesecretary.store import Score, migrate
from puzzlesecretary.store.migrations import MIGRATIONS, m0015_pg_layout, schema_version
from puzzlesecretary.store.pg_layout import SCORE_COLUMNS, LayoutError
from puzzlesecretary.store.pg_narrow import SCORE_COLUMNS as NEWEST

BEFORE = MIGRATIONS.index(m0015_pg_layout)
# A missing maximum reads as NULL on both sides (migration 17 stores -1 on PostgreSQL).
NAMES = ", ".join("NULLIF(max, -1)" if name == "max" else name for name, _ in SCORE_COLUMNS)


def _at_schema_14(url: str):
    return at_schema_before(url, m0015_pg_layout)


def _rows(db) -> dict:
    return {
        "score": db.execute_sql(f"SELECT {NAMES} FROM score ORDER BY id").fetchall(),
        "message": db.execute_sql("SELECT id, platform, platform_message_id, status, text FROM message ORDER BY id").fetchall(),
    }


def test_migration_15_keeps_every_row_and_every_read_and_new_scores_take_the_next_ids(db_url):
    db = _at_schema_14(db_url)
    _fill(db)
    assert Score.select().count() > 300 and Score.select().where(~Score.counted).count() >= 40
    kept_by_migrating(db, _rows, BEFORE, "Wordle 1,600 4/6\n\n⬛🟨⬛⬛⬛\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩", 1600)
    db.close()


def test_after_migration_15_a_message_stored_twice_is_kept_once_and_its_copies_are_found(db):
    share = "Wordle 1,601 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"
    ingest([message(share, message_id="m1"), message(share, message_id="m1")])
    ingest([message(share, message_id="m1")])
    assert db.execute_sql("SELECT COUNT(*) FROM message").fetchone()[0] == 1
    assert Score.select().count() == 1


def test_after_migration_15_pending_messages_are_still_found_and_scored(db):
    ingest([message("Wordle 1,602 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩", message_id="p1")])
    db.execute_sql("DELETE FROM score")
    db.execute_sql("UPDATE message SET status = 'pending'")
    assert score_pending() == 1
    assert Score.select().count() == 1


def test_migration_15_packs_the_postgresql_score_row_widest_columns_first(db, backend):
    if backend == "sqlite":
        assert [c.name for c in db.get_columns("score")][:2] == ["id", "message_id"]  # SQLite's table is left as it was
        return
    kinds = dict(db.execute_sql("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'score'"))
    assert kinds["group_id"] == kinds["player_id"] == "integer" and kinds["message_id"] == "bigint"
    order = [row[0] for row in db.execute_sql("SELECT attname FROM pg_attribute WHERE attrelid = 'score'::regclass"
                                               " AND attnum > 0 AND NOT attisdropped ORDER BY attnum")]
    assert order == [name for name, _ in NEWEST]  # as migration 17 (pg_narrow.py) rebuilt it again, in the same order
    indexes = {r[0] for r in db.execute_sql("SELECT indexname FROM pg_indexes WHERE tablename IN ('message', 'raw_event')")}
    assert {"message_id_prefix", "raw_event_key_prefix", "message_pending"} <= indexes and "message_status" not in indexes


@pytest.mark.postgresql_only  # SQLite's table is not rebuilt: its integers have no width
def test_migration_15_stops_and_changes_nothing_when_a_player_id_is_past_an_integer(db_url):
    db = _at_schema_14(db_url)
    ingest([message("Wordle 1,603 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩", message_id="big")])
    db.execute_sql("ALTER TABLE score DROP CONSTRAINT score_player_id_fkey")
    db.execute_sql("UPDATE score SET player_id = 3000000000")
    with pytest.raises(LayoutError, match="score.player_id reaches 3000000000"):
        migrate(db)
    assert schema_version(db) == BEFORE
    assert db.execute_sql("SELECT player_id FROM score").fetchall() == [(3000000000,)]
    db.close()


@pytest.mark.postgresql_only  # SQLite's table is not rebuilt
def test_migration_15_makes_again_an_index_it_does_not_know_and_keeps_the_id_sequence_with_the_table(db_url):
    db = _at_schema_14(db_url)
    ingest([message("Wordle 1,604 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩", message_id="x1")])
    db.execute_sql("CREATE INDEX score_someones_own ON score (sent_at) WHERE late")
    migrate(db)
    (definition,) = db.execute_sql("SELECT indexdef FROM pg_indexes WHERE indexname = 'score_someones_own'").fetchone()
    assert "(sent_at) WHERE late" in definition
    assert db.execute_sql("SELECT pg_get_serial_sequence('score', 'id')").fetchone()[0] == "public.score_id_seq"
    db.close()
