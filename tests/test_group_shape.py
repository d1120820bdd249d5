"""A group's shape (store/group_shape.py) moves whenever the members' names the pages show or the group's games may
have changed, by any path, and stays put for chatter and for shares of games the group plays already; the web keeps
the names and the games under it (stats.queries.played.by_shape) and never serves them stale."""

from __future__ import annotations

import datetime as dt

from helpers import message
from test_change_counters import ALICE, BOB, CAROL, CONNECTIONS, WORDLE, WORDLE_4, seed

from puzzlesecretary import chatsettings, ingest, stats
from puzzlesecretary.forget import forget_player
from puzzlesecretary.stats.queries import played
from puzzlesecretary.store import Membership, Player, bind, open_database

STRANDS = 'Strands #999\n“Knot your average puzzle”\n💡🔵💡🔵\n🔵🔵🟡🔵'


def shapes(db, s: dict) -> tuple[int, int]:
    return played._shape(db, s["g1"]), played._shape(db, s["g2"])


def test_chatter_and_a_share_of_a_game_played_already_leave_the_shape(db):
    s = seed()
    before = shapes(db, s)
    ingest.ingest([
        message("see you at 7", message_id="chat", at="2026-11-27T09:00:00+00:00", **BOB),
        message(WORDLE, message_id="c-w", at="2026-11-27T09:01:00+00:00", **CAROL),
    ])  # fmt: skip
    assert ingest.edit_message("test", "c-w", WORDLE_4, dt.datetime(2026, 11, 27, 9, 5, tzinfo=dt.UTC))
    assert shapes(db, s) == before


def test_a_new_member_moves_their_groups_shape_only(db):
    s = seed()
    before = shapes(db, s)
    ingest.ingest([message("hello", message_id="dana", sender="u-dana", name="Dana", at="2026-11-27T09:00:00+00:00")])
    after = shapes(db, s)
    assert after[0] > before[0] and after[1] == before[1]


def test_a_rename_moves_the_shape_of_every_group_of_the_player(db):
    s = seed()
    before = shapes(db, s)
    ingest.ingest([message("renamed", message_id="r", sender="u-alice", name="Alicia", at="2026-11-27T09:00:00+00:00")])
    assert Player.get_by_id(s["Alice"]).name == "Alicia"
    assert all(a > b for a, b in zip(shapes(db, s), before, strict=True))


def test_an_opt_out_moves_its_group_and_an_every_group_one_every_group_of_the_player(db):
    s = seed()
    before = shapes(db, s)
    chatsettings.set_player_choice(s["Alice"], s["g2"], "optout", "on")
    mid = shapes(db, s)
    assert mid[0] == before[0] and mid[1] > before[1]
    chatsettings.set_player_choice(s["Alice"], chatsettings.EVERY_GROUP, "optout", "on")
    after = shapes(db, s)
    assert after[0] > mid[0] and after[1] > mid[1]
    chatsettings.clear_player_choice(s["Alice"], s["g2"], "optout")
    assert shapes(db, s)[1] > after[1] and shapes(db, s)[0] == after[0]
    chatsettings.set_player_choice(s["Alice"], s["g1"], "hide", "on")  # not a name the pages show
    assert shapes(db, s)[0] == after[0]


def test_a_new_game_and_a_game_gone_move_the_shape(db):
    s = seed()
    before = shapes(db, s)
    ingest.ingest([message(STRANDS, message_id="strands", at="2026-11-27T09:00:00+00:00", **BOB)])
    assert "strands" in stats.games_played(db, s["g1"])
    added = shapes(db, s)
    assert added[0] > before[0] and added[1] == before[1]
    assert ingest.delete_message("test", "strands")
    assert "strands" not in stats.games_played(db, s["g1"]) and shapes(db, s)[0] > added[0]


def test_forgetting_a_player_moves_the_shape_of_their_groups(db):
    s = seed()
    before = shapes(db, s)
    with db.atomic():
        forget_player(db, s["Alice"])
    assert all(a > b for a, b in zip(shapes(db, s), before, strict=True))
    assert not Membership.select().where(Membership.player == s["Alice"]).exists()


def test_the_web_reads_names_and_games_again_only_after_the_shape_moved(db, db_url):
    s = seed()
    reader = open_database(db_url, readonly=True, bind=False)
    played.remember_games(reader)
    try:
        names = stats.member_names(reader, s["g1"])
        assert stats.games_played(reader, s["g1"]) == ["wordle", "connections"]
        bind(db)
        ingest.ingest([message(CONNECTIONS, message_id="b-c", at="2026-11-27T09:00:00+00:00", **BOB)])
        assert stats.member_names(reader, s["g1"]) is not names  # a copy each time, of the one kept
        assert stats.member_names(reader, s["g1"]) == names
        ingest.ingest([message("renamed", message_id="r", sender="u-bob", name="Robert", at="2026-11-27T09:01:00+00:00")])
        assert stats.member_names(reader, s["g1"])[s["Bob"]] == "Robert"
        ingest.ingest([message(STRANDS, message_id="strands", at="2026-11-27T09:02:00+00:00", **ALICE)])
        assert "strands" in stats.games_played(reader, s["g1"])
        chatsettings.set_player_choice(s["Carol"], chatsettings.EVERY_GROUP, "optout", "on")
        assert s["Carol"] not in stats.member_names(reader, s["g1"])
    finally:
        reader.close()


def test_a_view_keeps_names_and_games_under_the_shape_its_group_lookup_read(db, db_url, monkeypatch):
    s = seed()
    reader = open_database(db_url, readonly=True, bind=False)
    played.remember_games(reader)
    try:
        token = db.execute_sql(f"SELECT token FROM chat_group WHERE id = {db.param}", (s["g1"],)).fetchone()[0]
        *_, revision, _, shape = stats.group_by_token(reader, token)
        assert shape == played._shape(db, s["g1"]) > 0
        names = stats.member_names(reader, s["g1"])

        def unread(*_):
            raise AssertionError("the shape was read again")

        monkeypatch.setattr(played, "_shape", unread)
        with played.one_view(reader, s["g1"], revision, shape):
            assert stats.member_names(reader, s["g1"]) == names
            assert stats.games_played(reader, s["g1"]) == ["wordle", "connections"]
    finally:
        reader.close()
