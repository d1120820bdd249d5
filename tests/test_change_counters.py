"""The change counters (store/change_counters.py) move with every change of a score by any path, and the fingerprints
the web keeps pieces under (stats.queries) move with them where the piece's scores changed, and nowhere else."""

from __future__ import annotations

import datetime as dt

from helpers import message

from puzzlesecretary import ingest, stats
from puzzlesecretary.forget import forget_player
from puzzlesecretary.store import Group, Player

WORDLE = "Wordle 1,987 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"
WORDLE_4 = "Wordle 1,987 4/6\n\n⬛🟨⬛⬛⬛\n⬛⬛⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"
LAST_MONTH = "Wordle 1,957 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"  # dated 2026-10-28
CONNECTIONS = "Connections\nPuzzle #1,265\n🟨🟨🟨🟨\n🟩🟩🟩🟩\n🟦🟦🟦🟦\n🟪🟪🟪🟪"
TODAY = dt.date(2026, 11, 27)
ALICE, BOB, CAROL = ({"sender": f"u-{n.lower()}", "name": n} for n in ("Alice", "Bob", "Carol"))


def recounted(db) -> tuple[set, set]:
    """What the counters must say, counted again from the scores: (group, game, day or NO_DATE, scores) and
    (group, player, game, counted scores), the rows standing for none left out."""
    days = db.execute_sql("SELECT group_id, game, COALESCE(date, -32768), COUNT(*) FROM score GROUP BY 1, 2, 3").fetchall()
    players = db.execute_sql(
        "SELECT group_id, player_id, game, SUM(CASE WHEN counted THEN 1 ELSE 0 END) FROM score GROUP BY 1, 2, 3"
    ).fetchall()
    return {tuple(r) for r in days}, {tuple(r) for r in players if r[3]}


def counters(db) -> tuple[set, set]:
    days = db.execute_sql("SELECT group_id, game, date, scores FROM piece_change WHERE scores <> 0").fetchall()
    players = db.execute_sql("SELECT group_id, player_id, game, counted FROM player_change WHERE counted <> 0").fetchall()
    return {tuple(r) for r in days}, {tuple(r) for r in players}


def seed() -> dict:
    ingest.ingest([
        message(WORDLE, message_id="a-w", at="2026-11-27T08:00:00+00:00", **ALICE),
        message(CONNECTIONS, message_id="a-c", at="2026-11-27T08:01:00+00:00", **ALICE),
        message(WORDLE, message_id="b-w", at="2026-11-27T08:02:00+00:00", **BOB),
        message(CONNECTIONS, message_id="c-c", at="2026-11-27T08:03:00+00:00", **CAROL),
        message(LAST_MONTH, message_id="b-old", at="2026-10-28T08:00:00+00:00", **BOB),
        message(WORDLE, message_id="h-a", group="g2", at="2026-11-27T08:04:00+00:00", **ALICE),
    ])  # fmt: skip
    ids = {p.name: p.id for p in Player.select()}
    return {"g1": Group.get(Group.platform_id == "g1").id, "g2": Group.get(Group.platform_id == "g2").id, **ids}


def prints(db, s: dict) -> dict[str, object]:
    """Every fingerprint a page of either group reads, by what it stands for."""
    g1, g2, alice, bob, carol = s["g1"], s["g2"], s["Alice"], s["Bob"], s["Carol"]
    day = stats.day_fingerprints(db, g1, TODAY)
    return {
        "day wordle": day.get("wordle"),
        "day connections": day.get("connections"),
        "month wordle": stats.fingerprint(db, g1, dt.date(2026, 11, 1), dt.date(2026, 11, 30), game="wordle"),
        "month connections": stats.fingerprint(db, g1, dt.date(2026, 11, 1), dt.date(2026, 11, 30), game="connections"),
        "last month": stats.fingerprint(db, g1, dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        "all": stats.fingerprint(db, g1, None, None),
        "alice wordle": stats.queries.player_game_fingerprints(db, g1, alice).get("wordle"),
        "alice connections": stats.queries.player_game_fingerprints(db, g1, alice).get("connections"),
        "bob": stats.queries.player_game_fingerprints(db, g1, bob),
        "carol": stats.queries.player_game_fingerprints(db, g1, carol),
        "alice-bob": stats.queries.pair_game_fingerprints(db, g1, alice, bob),
        "bob-carol": stats.queries.pair_game_fingerprints(db, g1, bob, carol),
        "g2": (stats.day_fingerprints(db, g2, TODAY), stats.queries.player_game_fingerprints(db, g2, alice)),
    }


def moved(db, s: dict, before: dict) -> set[str]:
    after = prints(db, s)
    assert counters(db) == recounted(db)
    return {name for name in before if after[name] != before[name]}


def test_the_counters_after_a_migration_and_any_share_are_the_scores_counted_again(db):
    seed()
    assert counters(db) == recounted(db) and counters(db)[0] and counters(db)[1]


def test_a_new_share_moves_its_day_its_month_its_player_and_their_pairs_only(db):
    s = seed()
    before = prints(db, s)
    ingest.ingest([message(WORDLE, message_id="c-w", at="2026-11-27T09:00:00+00:00", **CAROL)])
    assert moved(db, s, before) == {"day wordle", "month wordle", "all", "carol", "bob-carol"}


def test_a_repost_moves_its_pieces_though_it_does_not_count(db):
    s = seed()
    before = prints(db, s)
    ingest.ingest([message(WORDLE, message_id="a-w-again", at="2026-11-27T09:00:00+00:00", **ALICE)])
    assert moved(db, s, before) == {"day wordle", "month wordle", "all", "alice wordle", "alice-bob"}


def test_an_edit_moves_the_pieces_of_the_edited_score_though_their_counts_stay(db):
    s = seed()
    before = prints(db, s)
    assert ingest.edit_message("test", "a-w", WORDLE_4, dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC))
    assert moved(db, s, before) == {"day wordle", "month wordle", "all", "alice wordle", "alice-bob"}
    assert prints(db, s)["day wordle"][0] == before["day wordle"][0]


def test_a_deleted_share_moves_its_pieces_and_the_next_repost_counts_in_its_place(db):
    s = seed()
    ingest.ingest([message(CONNECTIONS, message_id="a-c-again", at="2026-11-27T09:00:00+00:00", **ALICE)])
    before = prints(db, s)
    assert ingest.delete_message("test", "a-c")
    assert moved(db, s, before) == {"day connections", "month connections", "all", "alice connections"}
    assert prints(db, s)["alice connections"][0] == 1


def test_a_late_share_dated_last_month_moves_last_month_and_not_today(db):
    s = seed()
    before = prints(db, s)
    ingest.ingest([message(LAST_MONTH, message_id="a-old", at="2026-11-27T09:00:00+00:00", **ALICE)])
    assert moved(db, s, before) == {"last month", "all", "alice wordle", "alice-bob"}


def test_a_share_in_another_group_moves_only_that_groups_pieces(db):
    s = seed()
    before = prints(db, s)
    ingest.ingest([message(CONNECTIONS, message_id="h-c", group="g2", at="2026-11-27T09:00:00+00:00", **ALICE)])
    assert moved(db, s, before) == {"g2"}


def test_chatter_moves_nothing(db):
    s = seed()
    before = prints(db, s)
    ingest.ingest([message("see you at 7", message_id="chat", at="2026-11-27T09:00:00+00:00", **CAROL)])
    assert moved(db, s, before) == set()


def test_forgetting_a_player_moves_the_pieces_of_their_scores_and_drops_their_counters(db):
    s = seed()
    before = prints(db, s)
    with db.atomic():
        forget_player(db, s["Carol"])
    assert moved(db, s, before) == {"day connections", "month connections", "all", "carol"}
    assert not db.execute_sql(f"SELECT 1 FROM player_change WHERE player_id = {db.param}", (s["Carol"],)).fetchall()


def test_a_reparse_keeps_the_counts_and_moves_every_piece_it_derived_again(db):
    s = seed()
    before = prints(db, s)
    ingest.reparse()
    assert moved(db, s, before) == set(before) - {"bob-carol"}  # Bob and Carol share no game: no pair block
    after = prints(db, s)
    kinds = ("day wordle", "month wordle", "all")
    assert [after[k][0] for k in kinds] == [before[k][0] for k in kinds]


def test_a_fingerprint_of_nothing_is_zero_and_never_comes_back_after_a_change(db):
    s = seed()
    empty = stats.fingerprint(db, s["g1"], dt.date(2026, 11, 28), dt.date(2026, 11, 28), game="wordle")
    assert empty == (0, 0)
    ingest.ingest([message(WORDLE, message_id="a-w-again", at="2026-11-27T09:00:00+00:00", **ALICE)])
    first = stats.fingerprint(db, s["g1"], TODAY, TODAY, game="wordle")
    assert ingest.delete_message("test", "a-w-again")
    assert stats.fingerprint(db, s["g1"], TODAY, TODAY, game="wordle") not in (first, (0, 0))


def test_the_score_table_made_again_by_a_postgresql_rebuild_keeps_its_counters_moving(db):
    from puzzlesecretary.store import pg_narrow
    from puzzlesecretary.store.database import is_sqlite

    s = seed()
    with db.atomic():
        # pg_rebuild.py drops the old table and its trigger, and makes the trigger again; SQLite: nothing to do.
        pg_narrow.migrate(db) if is_sqlite(db) else pg_narrow.narrow_scores(db)
    before = prints(db, s)
    ingest.ingest([message(WORDLE, message_id="c-w", at="2026-11-27T09:00:00+00:00", **CAROL)])
    assert moved(db, s, before) == {"day wordle", "month wordle", "all", "carol", "bob-carol"}
