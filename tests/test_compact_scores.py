"""Scores in fewer bytes (migration 9): details in a compact form that loses nothing, and one index
fewer, with the earliest-post rule still probing an index for every key it looks at."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from helpers import at_schema_before, message

from puzzlesecretary.ingest import edit_message, ingest, reparse
from puzzlesecretary.stats import queries
from puzzlesecretary.store import Group, migrate
from puzzlesecretary.store.compact import MORE, PIECES, pack, unpack
from puzzlesecretary.store.migrations import MIGRATIONS, m0009_compact_scores, schema_version

WORDLE = "Wordle 1,987 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"
CONNECTIONS = "Connections\nPuzzle #512\n🟨🟨🟨🟨\n🟩🟩🟩🟩\n🟦🟦🟪🟦\n🟦🟦🟦🟦\n🟪🟪🟪🟪"
DETAILS = [
    {},
    {"grid": ["⬛🟨⬛⬛⬛", "🟩🟩🟩🟩🟩"], "high_contrast": False},
    {"grid": ["🟨🟨🟨🟨"], "order": ["yellow", "green", "blue", "purple"], "purple_first": True},
    {"time": "0:38"},
    {"strip": "🟥🟩⬜", "nested": {"list": [1, 2.5, None, True]}, "text": 'a "quoted" \\ \x01 control\x1f'},
    {"grid": ['","', "\u0002", "{\"grid\":[\""]},  # the table's pieces and codes as plain text
    {"ключ": "値", "emoji": "👀🟩🟫🟧"},
    {"time": "0:24", "flawless": True, "backtracks": 0, "no_hints": True},
    {"theme": "Knot your average puzzle", "sequence": "💡🔵🔵🟡", "words": 8, "spangram_position": 3},
    {"time": "0:30", "flawless": False, "first_placements": [[5, 3], [3, 6]], "first_crowns": "🟦⬜🟫"},
    {"text": '!#$%&()* ,"backtracks": {"theme":" \x1f!', "💡": ["!", "\x1f", "#0"]},  # codes and pieces as plain text
]


@pytest.mark.parametrize("details", DETAILS)
def test_details_come_back_the_same_through_the_compact_form(details):
    stored = pack(details)
    assert unpack(stored) == details
    assert not re.search(r"[\x01-\x1f]", json.dumps(details, ensure_ascii=False)), "compact JSON never holds a code"


def test_a_wordle_grid_takes_a_quarter_of_its_json_bytes():
    details = {"grid": ["⬛🟨⬛⬛⬛", "🟩🟩⬛🟩⬛", "🟩🟩🟩🟩🟩"], "high_contrast": False}
    plain = json.dumps(details, ensure_ascii=False, separators=(",", ":")).encode()
    assert len(pack(details).encode()) * 3 < len(plain)
    assert pack({}) == ""


def test_details_stored_as_plain_json_before_read_back_as_they_were():
    assert unpack('{"grid":["🟩🟩"],"high_contrast":false}') == {"grid": ["🟩🟩"], "high_contrast": False}
    # The compact form before migration 13 (without its pieces) reads as it did.
    assert unpack('\x160:49\x02flawless":false,"backtracks":0}') == {"time": "0:49", "flawless": False, "backtracks": 0}
    assert unpack("{}") == {} and unpack("") == {} and unpack(None) == {}


def test_the_table_of_pieces_has_room_left_and_no_piece_twice():
    assert len(PIECES) == len(set(PIECES)) <= 30  # U+001F is the second table's mark
    assert len(set(MORE.values())) == len(MORE) and not set(MORE.values()) & set(PIECES)


def test_a_zip_takes_a_fifth_of_its_json_bytes():
    details = {"time": "0:24", "flawless": True, "backtracks": 0}
    plain = json.dumps(details, ensure_ascii=False, separators=(",", ":")).encode()
    assert pack(details) == "\x160:24\x1b\x1f#0}" and len(pack(details).encode()) * 4 < len(plain)


def _at(hour: int) -> str:
    return dt.datetime(2026, 11, 27, hour, tzinfo=dt.UTC).isoformat()


def test_migration_9_compacts_the_stored_details_and_drops_one_index(db_url):
    db = at_schema_before(db_url, m0009_compact_scores)
    before_mine = MIGRATIONS.index(m0009_compact_scores)
    # What the code before migration 9 stored, written as SQL at that schema (today's ingest
    # reads tables that later migrations add): two scores whose details are plain JSON.
    before = _store_two_scores_at_the_old_schema(db)
    assert all(before.values())
    assert migrate(db) == len(MIGRATIONS) - before_mine
    assert schema_version(db) == len(MIGRATIONS)
    stored = dict(db.execute_sql("SELECT id, details FROM score").fetchall())
    assert {i: unpack(text) for i, text in stored.items()} == before
    assert all(len(stored[i].encode()) * 2 < len(json.dumps(before[i], ensure_ascii=False).encode()) for i in stored)
    group = Group.get()
    plays = queries.plays(db, group.id, with_details=True)
    assert sorted(p.details["grid"][0] for p in plays) == ["⬛🟨⬛⬛⬛", "🟨🟨🟨🟨"]
    if db_url.startswith("sqlite"):
        names = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'score'")}
    else:
        names = {r[0] for r in db.execute_sql("SELECT indexname FROM pg_indexes WHERE tablename = 'score'")}
    assert "score_group_player_game_date" not in names
    by_message = "score_message" if db_url.startswith("sqlite") else "score_message_bucket"  # migration 19
    assert {"score_one_counted", "score_uncounted_key", "score_group_game_date", by_message} <= names
    db.close()


def _store_two_scores_at_the_old_schema(db) -> dict[int, dict]:
    """Alice's Wordle 1,987 (3/6) and Bob's Connections 512, as rows; their details by score id."""
    p, true = db.param, True
    ms = int(dt.datetime(2026, 11, 27, 8, tzinfo=dt.UTC).timestamp() * 1000)

    def insert(table: str, **row) -> int:
        columns = ", ".join(row)
        marks = ", ".join([p] * len(row))
        cursor = db.execute_sql(f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id", tuple(row.values()))
        return cursor.fetchone()[0]

    group = insert("chat_group", platform="signal", platform_id="g1", name="Puzzlers", token="t0k3n", timezone="UTC",
                   created_at=ms)
    details = {
        "w": {"grid": ["⬛🟨⬛⬛⬛", "🟩🟩⬛🟩⬛", "🟩🟩🟩🟩🟩"], "high_contrast": False},
        "c": {"grid": ["🟨🟨🟨🟨", "🟩🟩🟩🟩", "🟦🟦🟪🟦", "🟦🟦🟦🟦", "🟪🟪🟪🟪"], "mistakes": 1},
    }
    plays = (("w", "u-alice", "Alice", WORDLE, "wordle", 1987, 3.0, 6),
             ("c", "u-bob", "Bob", CONNECTIONS, "connections", 512, 1.0, 4))
    out = {}
    for n, (mid, sender, name, text, game, puzzle, score, most) in enumerate(plays):
        sent = ms + n * 3_600_000
        player = insert("player", name=name, created_at=sent)
        identity = insert("identity", platform="signal", platform_id=sender, display_name=name, player_id=player)
        msg = insert("message", platform="signal", platform_message_id=mid, group_id=group, identity_id=identity,
                     sent_at=sent, received_at=sent, text=text, status="share")
        plain = json.dumps(details[mid], ensure_ascii=False, separators=(",", ":"))
        out[insert("score", message_id=msg, group_id=group, player_id=player, game=game, puzzle=puzzle, puzzle_key=str(puzzle),
                   date=dt.date(2026, 11, 27), solved=true, score=score, max=most, hard_mode=not true, archive=not true,
                   late=not true, counted=true, sent_at=sent, details=plain)] = details[mid]
    return out


def _counted(db) -> list[tuple[str, bool]]:
    rows = db.execute_sql(
        "SELECT m.platform_message_id, s.counted FROM score s JOIN message m ON m.id = s.message_id ORDER BY s.sent_at"
    ).fetchall()
    return [(m, bool(c)) for m, c in rows]


def test_the_earliest_post_still_counts_through_reposts_edits_and_reparse(db):
    ingest([message(WORDLE, message_id="1", at=_at(8))])
    ingest([message(WORDLE, message_id="2", at=_at(9)), message(WORDLE, message_id="3", at=_at(10))])
    assert _counted(db) == [("1", True), ("2", False), ("3", False)]
    # The counted post is edited into chatter: the next earliest counts.
    edit_message("test", "1", "never mind", dt.datetime.fromisoformat(_at(11)))
    assert _counted(db) == [("2", True), ("3", False)]
    # An earlier post arrives late (a backlog): it takes the count.
    ingest([message(WORDLE, message_id="0", at=_at(7))])
    assert _counted(db) == [("0", True), ("2", False), ("3", False)]
    reparse()
    assert _counted(db) == [("0", True), ("2", False), ("3", False)]


KEY_PROBE = re.compile(
    r"USING INDEX score_(one_counted|uncounted_key) \(group_id=\? AND player_id=\? AND game=\? AND puzzle_key=\?\)"
)


@pytest.mark.sqlite_only
def test_the_earliest_post_rule_looks_up_keys_through_the_partial_key_indexes(db):
    ingest([message(WORDLE, message_id="1", at=_at(8))])
    seen: list[str] = []
    connection = db.connection()
    connection.set_trace_callback(seen.append)
    try:
        ingest([message(WORDLE, message_id="2", at=_at(9))])
        edit_message("test", "1", "never mind", dt.datetime.fromisoformat(_at(11)))
        reparse()
    finally:
        connection.set_trace_callback(None)
    lookups = [sql for sql in dict.fromkeys(seen) if sql.startswith("SELECT id, group_id, player_id, game, puzzle_key")]
    assert any("NOT counted" in sql for sql in lookups) and any("(counted AND" in sql for sql in lookups)
    for sql in lookups:
        plan = [row[-1] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql).fetchall()]
        searches = [line for line in plan if line.startswith(("SEARCH", "SCAN"))]
        assert searches and all(KEY_PROBE.search(line) for line in searches), (sql, plan)
