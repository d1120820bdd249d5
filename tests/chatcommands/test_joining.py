"""Joining without the operator: invite codes, `!ps join`, the gate, and the operator's `groups --disable`."""

from __future__ import annotations

import pytest
from chatcommands.chat import BASE, WORDLE, Chat

from puzzlesecretary import cli, invites
from puzzlesecretary.groups import Gate, group_open, is_open, may_join
from puzzlesecretary.store import Group, Invite, Message


@pytest.fixture
def chat(db):
    return Chat()


def test_an_invite_is_three_short_words_that_work_for_24_hours(db):
    invite = invites.make(now=1_000)
    words = invite.code.split("-")
    assert len(words) == 3 and all(w in invites.WORDS for w in words)
    assert invite.expires_at - invite.created_at == 24 * 3600 * 1000


def test_join_with_a_code_enables_the_group_and_answers_with_its_board(chat):
    code = invites.make().code
    (reply,) = chat.post(f"!ps join {code.replace('-', ' ').upper()}", group="g-new")
    group = Group.get(Group.platform_id == "g-new")
    assert group.state == "enabled" and reply.chat_id == "g-new" and reply.is_group
    assert f"{BASE}/g/{group.token}" in reply.text
    assert chat.applier.effects == [("joined", "g-new")]
    assert Invite.get(Invite.code == code).group_id == group.id
    chat.post(WORDLE, group="g-new")
    assert Message.select().count() == 1  # read from now on


@pytest.mark.parametrize(
    "make, answer",
    [
        (lambda: "apple-apple-zebra", "That invite code is not one I know"),
        (lambda: invites.make(now=0).code, "That invite code expired"),
        (lambda: "", "Send `!ps join` with the three-word code"),
    ],
)
def test_a_bad_invite_code_is_answered_to_the_sender_alone_and_enables_nothing(chat, make, answer):
    (reply,) = chat.post(f"!ps join {make()}", group="g-new")
    assert (reply.chat_id, reply.is_group) == ("u-alice", False) and reply.text.startswith(answer)
    assert Group.get(Group.platform_id == "g-new").state == "seen"


def test_an_invite_code_works_once(chat):
    code = invites.make().code
    chat.post(f"!ps join {code}", group="g-a")
    (reply,) = chat.post(f"!ps join {code}", group="g-b")
    assert reply.text.startswith("That invite code was used already") and not reply.is_group
    assert Group.get(Group.platform_id == "g-b").state == "seen"


def test_join_in_a_group_already_read_just_gives_the_board(chat):
    chat.open_group("g1")
    assert chat.say("!ps join apple-banana-cherry").startswith("I read this group already. Its board:")


def test_with_an_allowlist_only_listed_groups_are_read_and_may_join(db):
    chat = Chat(allowlist=frozenset({"g-listed"}))
    code = invites.make().code
    (reply,) = chat.post(f"!ps join {code}", group="g-other")
    assert reply.text == "This PuzzleSecretary reads only the groups its operator listed." and not reply.is_group
    assert len(chat.post("!ps board", group="g-listed")) == 1  # listed: read without joining


def test_the_gate_reads_enabled_groups_and_allowlisted_ones_but_never_disabled_ones():
    assert is_open("enabled", "g", None) and not is_open("seen", "g", None) and not is_open(None, "g", None)
    assert is_open(None, "g", {"g"}) and is_open("seen", "g", {"g"}) and not is_open("enabled", "h", {"g"})
    assert not is_open("disabled", "g", {"g"}) and not is_open("disabled", "g", None)
    assert may_join("seen", "g", None) and not may_join("seen", "h", {"g"})


def test_the_outbox_gate_and_the_readers_gate_agree(chat, db):
    chat.open_group("g1")
    with_list = Gate("test", {"g2"}).refresh()
    assert group_open(db, "test", "g1") and "g1" in Gate("test").refresh()
    assert not group_open(db, "test", "g1", {"g2"}) and "g1" not in with_list and "g2" in with_list
    assert not group_open(db, "test", "nowhere") and list(Gate("test").refresh()) == ["g1"]


def test_groups_disable_stops_reading_a_group_and_keeps_its_data(chat, db, db_url, monkeypatch, capsys):
    chat.open_group("g1", "Puzzlers")
    chat.post(WORDLE)
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert cli.main(["groups", "--disable", "Puzzlers"]) == 0
    assert capsys.readouterr().out == "Puzzlers: disabled\n"
    assert chat.post("!ps board") == []
    chat.post(WORDLE.replace("1,621", "1,622"))
    assert Message.select().count() == 1
    assert cli.main(["groups"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("\tdisabled")
    assert cli.main(["groups", "--enable", "Puzzlers"]) == 0
    assert len(chat.post("!ps board")) == 1


def test_groups_disable_of_an_unknown_group_is_a_clear_error(db, db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert cli.main(["groups", "--disable", "nope"]) == 2
    assert "no group 'nope'" in capsys.readouterr().err


def test_the_invite_command_prints_a_code_that_join_accepts(chat, db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert cli.main(["invite"]) == 0
    code = capsys.readouterr().out.splitlines()[0]
    assert cli.main(["invite", "--list"]) == 0 and capsys.readouterr().out.startswith(code + "\tuntil ")
    (reply,) = chat.post(f"!ps join {code}", group="g-new")
    assert reply.is_group and "/g/" in reply.text
