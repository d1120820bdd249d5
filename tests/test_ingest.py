"""The write path on a real SQLite file: messages in, scores out, nothing doubled or lost."""

from __future__ import annotations

import datetime as dt

from helpers import message

from puzzlesecretary import ingest
from puzzlesecretary.store import Group, Membership, Message, Player, Rejection, Score

WORDLE = "Wordle 1,987 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"
CONNECTIONS = "Connections\nPuzzle #1,265\n🟨🟨🟨🟨\n🟩🟩🟩🟩\n🟦🟦🟦🟦\n🟪🟪🟪🟪"


def counted():
    return list(Score.select().where(Score.counted == True))  # noqa: E712


def test_it_stores_a_share_and_derives_its_score(db):
    [stored] = ingest.ingest([message(WORDLE)])
    assert len(stored.message_ids) == 1
    [score] = counted()
    assert (score.game, score.puzzle, score.score, score.solved) == ("wordle", 1987, 3, True)
    assert score.date == dt.date(2026, 11, 27)
    assert Message.get().status == "share"


def test_it_stores_chatter_without_scores(db):
    ingest.ingest([message("see you at 7")])
    assert Message.get().status == "chatter"
    assert Score.select().count() == 0


def test_the_same_message_delivered_twice_stores_once(db):
    m = message(WORDLE, message_id="m1")
    ingest.ingest([m])
    [again] = ingest.ingest([m])
    assert again.duplicate and not again.message_ids
    assert Message.select().count() == 1
    assert len(counted()) == 1


def test_a_repost_does_not_count_twice_and_the_first_post_wins(db):
    ingest.ingest([message(WORDLE, message_id="m1", at="2026-11-27T08:00:00+00:00")])
    ingest.ingest([message("again: " + WORDLE.replace("3/6", "3/6"), message_id="m2", at="2026-11-27T09:00:00+00:00")])
    assert Score.select().count() == 2
    [score] = counted()
    assert score.message.platform_message_id == "m1"


def test_an_earlier_post_arriving_later_takes_over_the_count(db):
    ingest.ingest([message(WORDLE, message_id="late", at="2026-11-27T09:00:00+00:00")])
    ingest.ingest([message(WORDLE, message_id="early", at="2026-11-27T08:00:00+00:00")])
    [score] = counted()
    assert score.message.platform_message_id == "early"


def test_an_edit_replaces_its_messages_results(db):
    ingest.ingest([message(WORDLE, message_id="m1")])
    changed = ingest.edit_message(
        "test",
        "m1",
        WORDLE.replace("3/6", "4/6").replace("🟩🟩🟩🟩🟩", "⬛⬛⬛⬛⬛\n🟩🟩🟩🟩🟩"),
        dt.datetime(2026, 11, 27, 8, 5, tzinfo=dt.timezone.utc),
    )
    assert changed
    [score] = counted()
    assert score.score == 4
    stored = Message.get()
    assert stored.edits[0]["text"] == WORDLE
    assert stored.revised_at is not None


def test_an_edit_of_the_newest_score_gives_its_replacement_a_new_id(db):
    # SQLite hands a new row the largest rowid plus one: without care the replacement of the
    # newest score would take its id, and the web's fingerprints (count, sum of ids) miss the edit.
    ingest.ingest([message(WORDLE, message_id="m1")])
    [before] = counted()
    ingest.edit_message(
        "test", "m1", WORDLE.replace("3/6", "4/6").replace("🟩🟩🟩🟩🟩", "⬛⬛⬛⬛⬛\n🟩🟩🟩🟩🟩"),
        dt.datetime(2026, 11, 27, 8, 5, tzinfo=dt.timezone.utc),
    )
    [after] = counted()
    assert after.score == 4 and after.id > before.id


def test_an_older_edit_arriving_after_a_newer_one_is_ignored(db):
    ingest.ingest([message(WORDLE, message_id="m1")])
    t1 = dt.datetime(2026, 11, 27, 8, 10, tzinfo=dt.timezone.utc)
    ingest.edit_message("test", "m1", "final text", t1)
    ingest.edit_message("test", "m1", "stale text", t1 - dt.timedelta(minutes=5))
    assert Message.get().text == "final text"


def test_editing_a_share_into_chatter_drops_its_score(db):
    ingest.ingest([message(WORDLE, message_id="m1")])
    ingest.edit_message("test", "m1", "never mind", dt.datetime(2026, 11, 27, 9, tzinfo=dt.timezone.utc))
    assert Score.select().count() == 0
    assert Message.get().status == "chatter"


def test_an_edit_of_an_unknown_message_reports_it(db):
    assert not ingest.edit_message("test", "nope", "x", dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc))


def test_a_deleted_message_stays_marked_and_its_scores_go(db):
    ingest.ingest([message(WORDLE, message_id="m1")])
    assert ingest.delete_message("test", "m1")
    stored = Message.get()
    assert stored.deleted and stored.text == WORDLE
    assert Score.select().count() == 0


def test_deleting_the_first_post_lets_the_repost_count(db):
    ingest.ingest([message(WORDLE, message_id="m1", at="2026-11-27T08:00:00+00:00")])
    ingest.ingest([message(WORDLE, message_id="m2", at="2026-11-27T09:00:00+00:00")])
    ingest.delete_message("test", "m1")
    [score] = counted()
    assert score.message.platform_message_id == "m2"


def test_one_message_with_several_games_gives_several_scores(db):
    ingest.ingest([message(WORDLE + "\n\n" + CONNECTIONS)])
    assert sorted(s.game for s in counted()) == ["connections", "wordle"]


def test_a_rejected_share_keeps_its_reason(db):
    ingest.ingest([message("Connections\nPuzzle #1,265\n")])
    [rejection] = list(Rejection.select())
    assert "no grid" in rejection.reason
    assert Message.get().status == "rejected"


def test_a_direct_message_counts_for_every_group_of_its_sender(db):
    ingest.ingest([message("hi", group="g1", message_id="a"), message("hi", group="g2", message_id="b")])
    ingest.ingest([message(WORDLE, group=None, message_id="dm1")])
    assert {s.group.platform_id for s in counted()} == {"g1", "g2"}
    # Deleting the direct message removes it from both groups.
    ingest.delete_message("test", "dm1")
    assert not counted()


def test_a_direct_message_from_a_stranger_is_stored_nowhere(db):
    [stored] = ingest.ingest([message(WORDLE, group=None, sender="u-stranger")])
    assert stored.stranger
    assert Message.select().count() == 0


def test_the_display_name_follows_the_latest_one(db):
    ingest.ingest([message("hi", name="Al", message_id="1")])
    ingest.ingest([message("hi", name="Alice B", message_id="2")])
    assert Player.get().name == "Alice B"


def test_a_late_post_is_marked_late(db):
    ingest.ingest([message(WORDLE.replace("1,987", "1,985"), at="2026-11-27T12:00:00+00:00")])
    [score] = counted()
    assert score.late


def test_a_post_on_the_puzzles_day_is_not_late(db):
    ingest.ingest([message(WORDLE, at="2026-11-27T23:30:00+00:00")])
    assert not counted()[0].late


def test_a_membership_is_recorded_for_every_sender(db):
    ingest.ingest([message("hi", sender="u1", name="A", message_id="1"), message("yo", sender="u2", name="B", message_id="2")])
    assert Membership.select().count() == 2


def test_score_changes_bump_the_groups_revision(db):
    ingest.ingest([message("hi", message_id="1")])
    before = Group.get().revision
    ingest.ingest([message(WORDLE, message_id="2")])
    assert Group.get().revision > before


def test_a_crash_between_storing_and_scoring_is_recovered(db):
    ingest.store_messages([message(WORDLE, message_id="m1")])
    assert Message.get().status == "pending" and Score.select().count() == 0
    assert ingest.score_pending() == 1
    assert len(counted()) == 1


def test_a_parser_bug_flags_the_message_and_does_not_stop_the_next(db, monkeypatch):
    def broken(text, sent_at=None):
        if "boom" in text:
            raise RuntimeError("parser exploded")
        return original(text, sent_at)

    from puzzlesecretary.ingest import derive

    original = derive.parse
    monkeypatch.setattr(derive, "parse", broken)
    ingest.ingest([message("boom", message_id="1"), message(WORDLE, message_id="2")])
    statuses = {m.platform_message_id: (m.status, m.error) for m in Message.select()}
    assert statuses["1"][0] == "error" and "parser exploded" in statuses["1"][1]
    assert statuses["2"][0] == "share"


def test_reparse_rebuilds_the_same_scores_and_is_idempotent(db):
    ingest.ingest(
        [
            message(WORDLE, message_id="1", at="2026-11-27T08:00:00+00:00"),
            message(WORDLE, message_id="2", at="2026-11-27T09:00:00+00:00"),
            message(CONNECTIONS, sender="u-bob", name="Bob", message_id="3"),
            message("chat", message_id="4"),
        ]
    )
    before = sorted((s.game, s.player_id, s.puzzle, s.score, s.counted) for s in Score.select())
    first = ingest.reparse(batch_size=2)
    second = ingest.reparse(batch_size=3)
    after = sorted((s.game, s.player_id, s.puzzle, s.score, s.counted) for s in Score.select())
    assert before == after
    assert first == second == {"messages": 4, "scores": 2, "reposts": 1, "rejections": 0}


def test_reparse_after_a_parser_change_finds_new_scores(db, monkeypatch):
    from puzzlesecretary.games import GAMES
    from puzzlesecretary.ingest import derive

    without_connections = {k: v for k, v in GAMES.items() if k != "connections"}
    original = derive.parse
    monkeypatch.setattr(derive, "parse", lambda text, sent_at=None: original(text, sent_at, without_connections))
    ingest.ingest([message(CONNECTIONS, message_id="1"), message(WORDLE, message_id="2")])
    assert [s.game for s in counted()] == ["wordle"]
    monkeypatch.setattr(derive, "parse", original)
    ingest.reparse()
    assert sorted(s.game for s in counted()) == ["connections", "wordle"]
    assert Score.select().count() == 2


def test_raw_events_store_once_per_key(db):
    assert ingest.store_raw("signal", "k1", b"\xff\xfe not utf-8") is not None
    assert ingest.store_raw("signal", "k1", b"again") is None


def test_a_new_display_name_bumps_the_revision_of_the_players_groups(db):
    ingest.ingest([message("hi", name="Al", message_id="1")])
    before = Group.get().revision
    ingest.ingest([message("hello", name="Alice B", message_id="2")])
    assert Group.get().revision > before


def test_a_huge_puzzle_number_is_stored_as_a_rejection_and_the_batch_goes_on(db):
    ingest.ingest([message("Wordle 99,999,999,999 3/6", message_id="1"), message(WORDLE, message_id="2")])
    [rejection] = list(Rejection.select())
    assert "not a real puzzle number" in rejection.reason and rejection.puzzle is None
    assert [s.game for s in counted()] == ["wordle"]
