"""Migration 19 (store/message_buckets.py): PostgreSQL finds a score's message through the bucket of its id, with no
index of the message itself and no foreign key to it; every row and read the same afterwards, and every path that
looks for a message's scores (confirmation, edit, delete, reparse, settling the count, forget) still finds exactly
its own, on both backends, with messages of one bucket and of several."""

from __future__ import annotations

import datetime as dt

from helpers import at_schema_before, message
from test_numbered_scores import _fill, kept_by_migrating

from puzzlesecretary.forget import forget_player
from puzzlesecretary.ingest import ingest, reparse, score_messages
from puzzlesecretary.ingest.revisions import delete_message, edit_message
from puzzlesecretary.store import Message, Score, database, write_transaction
from puzzlesecretary.store.database import is_sqlite
from puzzlesecretary.store.message_buckets import BUCKET, condition, same_message
from puzzlesecretary.store.migrations import MIGRATIONS
from puzzlesecretary.store.migrations_later import m0019_pg_message_buckets
from puzzlesecretary.store.models import Identity, Outbox

BEFORE = MIGRATIONS.index(m0019_pg_message_buckets)
SHARE = "Wordle 1,612 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"
OTHER = "Wordle 1,613 4/6\n\n⬛🟨⬛⬛⬛\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"
AT = dt.datetime(2026, 11, 27, 8, tzinfo=dt.UTC)


def test_migration_18_keeps_every_row_and_every_read_and_new_scores_take_the_next_ids(db_url):
    db = at_schema_before(db_url, m0019_pg_message_buckets)
    _fill(db)
    kept_by_migrating(db, lambda db: db.execute_sql("SELECT * FROM score ORDER BY id").fetchall(), BEFORE, SHARE, 1612)
    db.close()


def _chatter(n: int, start: dt.datetime) -> list:
    return [message(f"good morning {i}", sender="u-cy", name="Cy", message_id=f"c{start:%H}{i}", at=start) for i in range(n)]


def _spread(db) -> dict[str, int]:
    """Alice's and Bob's shares of two puzzles, two of them in one bucket of message ids, the others buckets apart
    (chatter in between), and Bob's repost of 1,612; each share's message id by its name."""
    ingest([message(SHARE, message_id="a1"), message(SHARE, sender="u-bob", name="Bob", message_id="b1")])
    ingest(_chatter(BUCKET + 3, AT + dt.timedelta(hours=1)))
    ingest([message(OTHER, message_id="a2", at=AT + dt.timedelta(hours=2))])
    ingest(_chatter(BUCKET + 3, AT + dt.timedelta(hours=3)))
    ingest([message(SHARE, sender="u-bob", name="Bob", message_id="b2", at=AT + dt.timedelta(hours=4))])
    ids = {m.platform_message_id: m.id for m in Message.select().where(~Message.platform_message_id.startswith("c"))}
    assert ids["a1"] // BUCKET == ids["b1"] // BUCKET and len({i // BUCKET for i in ids.values()}) == 3
    return ids


def _scores(db) -> set[tuple[str, int, bool]]:
    """(message's platform id, puzzle, counted) of every score."""
    rows = db.execute_sql(
        "SELECT m.platform_message_id, s.puzzle, s.counted FROM score s JOIN message m ON m.id = s.message_id"
    ).fetchall()
    return {(name, puzzle, bool(counted)) for name, puzzle, counted in rows}


def test_edits_deletes_and_reparse_change_only_their_own_messages_scores_whatever_shares_their_bucket(db):
    _spread(db)
    assert _scores(db) == {("a1", 1612, True), ("b1", 1612, True), ("a2", 1613, True), ("b2", 1612, False)}
    edit_message("test", "b1", OTHER.replace("1,613", "1,614"), AT + dt.timedelta(hours=5))
    assert _scores(db) == {("a1", 1612, True), ("b1", 1614, True), ("a2", 1613, True), ("b2", 1612, True)}
    delete_message("test", "a1", AT + dt.timedelta(hours=6))
    assert _scores(db) == {("b1", 1614, True), ("a2", 1613, True), ("b2", 1612, True)}
    before = _scores(db)
    reparse(batch_size=BUCKET // 2)  # batches that cut buckets
    assert _scores(db) == before


def test_forget_deletes_the_players_messages_and_scores_and_leaves_those_sharing_their_bucket(db):
    _spread(db)
    bob = Identity.get(Identity.platform_id == "u-bob").player_id
    with write_transaction(database()):
        counts = forget_player(database(), bob)
    assert counts["scores"] == 2
    assert _scores(db) == {("a1", 1612, True), ("a2", 1613, True)}
    assert Score.select().count() == 2 and not Message.select().where(Message.platform_message_id.in_(["b1", "b2"])).exists()


def test_confirmation_reads_each_messages_own_standing_when_its_bucket_holds_others(db):
    ids = _spread(db)
    Outbox.delete().execute()
    Message.update(sent_at=int(dt.datetime.now(dt.UTC).timestamp() * 1000) - 60_000).execute()  # live: confirmed
    rows = db.execute_sql(
        f"SELECT m.platform_message_id, EXISTS (SELECT 1 FROM score s WHERE {same_message('s', 'm')} AND s.counted)"
        " FROM message m WHERE m.platform_message_id IN ('a1', 'b1', 'a2', 'b2', 'c0800')"
    ).fetchall()
    assert dict(rows) == {"a1": True, "b1": True, "a2": True, "b2": False} and "c0800" not in ids
    score_messages(list(ids.values()), confirm=True)  # the test platform has no chat to answer: nothing is said
    assert Outbox.select().count() == 0


def test_the_bucket_condition_binds_each_id_and_each_bucket_once():
    sql, values = condition([5, 70, 71], "?")
    assert sql == f"message_id IN (?, ?, ?) AND message_id / {BUCKET} IN (?, ?)"
    assert values == [5, 70, 71, 0, 1]


def test_every_lookup_of_a_messages_scores_goes_through_an_index_of_its_message(db):
    """PostgreSQL: the bucket index, and neither score_message nor a foreign key to the message (migration 19);
    SQLite: no scan of the table (score_message still, or the rowid; the bucket is one more condition there)."""
    ids = _spread(db)
    sqlite = is_sqlite(db)
    where, values = condition([ids["a1"], ids["b2"]], db.param)
    confirm = f"SELECT m.id FROM message m WHERE EXISTS (SELECT 1 FROM score s WHERE {same_message('s', 'm')})"
    with db.atomic():
        if not sqlite:
            db.execute_sql("SET LOCAL enable_seqscan = off")
        for sql, params in ((f"SELECT * FROM score WHERE {where}", values),
                            (f"DELETE FROM score WHERE {where}", values),
                            (f"UPDATE score SET counted = counted WHERE {where} AND id IN ({db.param})", [*values, 1]),
                            (f"{confirm} AND m.id = {db.param}", [ids["a1"]])):  # fmt: skip
            plan = " ".join(str(line[-1]) for line in db.execute_sql(f"EXPLAIN{' QUERY PLAN' * sqlite} {sql}", params))
            assert ("SCAN score" not in plan and "USING" in plan) if sqlite else "score_message_bucket" in plan, plan
    if sqlite:
        return
    indexes = {r[0] for r in db.execute_sql("SELECT indexname FROM pg_indexes WHERE tablename = 'score'")}
    assert "score_message_bucket" in indexes and "score_message" not in indexes
    keys = db.execute_sql("SELECT conname FROM pg_constraint WHERE conrelid = 'score'::regclass AND contype = 'f'").fetchall()
    assert sorted(k for (k,) in keys) == ["score_group_id_fkey", "score_player_id_fkey"]
