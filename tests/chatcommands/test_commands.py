"""Chat commands through the real applier and store: what each answers, and where."""

from __future__ import annotations

import datetime as dt

import pytest
from chatcommands.chat import BASE, WORDLE, Chat

from puzzlesecretary.commands import COMMANDS, Spec, command_words
from puzzlesecretary.commands import table as command_table
from puzzlesecretary.outgoing import Say
from puzzlesecretary.store import Group, Message, RawEvent, Score


def wordle_today(guesses: int = 3) -> str:
    number = (dt.datetime.now(dt.timezone.utc).date() - dt.date(2021, 6, 19)).days
    return f"Wordle {number:,} {guesses}/6\n\n" + "\n".join(["⬛🟨⬛⬛⬛"] * (guesses - 1) + ["🟩🟩🟩🟩🟩"])


@pytest.fixture
def chat(db):
    c = Chat()
    c.open_group("g1", "Puzzlers")
    return c


@pytest.mark.parametrize("text", ["!ps board", "!PS board", "  !Ps   board  ", "!ps\tboard"])
def test_it_reads_ps_in_any_case_as_a_command(text):
    assert command_words(text, False, COMMANDS) == ("board", "")


def test_it_reads_ps_alone_as_help_and_keeps_the_argument_of_others():
    assert command_words("!ps", False, COMMANDS) == ("help", "")
    assert command_words("!ps vs Anna Maria", False, COMMANDS) == ("vs", "Anna Maria")


@pytest.mark.parametrize("text", ["!psboard", "board", "I love !ps board", WORDLE])
def test_it_reads_no_command_in_a_group_message_that_does_not_start_with_ps(text):
    assert command_words(text, False, COMMANDS) is None


def test_it_reads_the_bare_command_word_in_a_direct_message_but_never_a_share():
    assert command_words("help", True, COMMANDS) == ("help", "")
    assert command_words("Vs bob", True, COMMANDS) == ("vs", "bob")
    assert command_words(WORDLE, True, COMMANDS) is None
    assert command_words("hello there", True, COMMANDS) is None


def test_every_command_in_the_table_has_a_help_text_and_a_handler():
    for name, spec in COMMANDS.items():
        assert spec.name == name and spec.help and callable(spec.handler)


def test_a_command_is_answered_in_its_group_and_is_neither_stored_nor_scored(chat):
    replies = chat.post("!ps board")
    group = Group.get(Group.platform_id == "g1")
    assert replies == [Say("test", "g1", True, f"Puzzlers's board: {BASE}/g/{group.token}", replies[0].key, group.id)]
    assert replies[0].key.startswith("reply:test:u-alice:")
    assert Message.select().count() == 0 and Score.select().count() == 0
    assert chat.last_outcome.status == "done" and chat.last_outcome.reason == "command"


def test_a_direct_help_is_answered_to_the_sender(chat):
    chat.post(WORDLE)
    (reply,) = chat.post("help", group=None)
    assert (reply.chat_id, reply.is_group, reply.group_id) == ("u-alice", False, None)
    assert "!ps board" in reply.text and "!ps leave" in reply.text


def test_an_unknown_command_gets_a_short_help(chat):
    text = chat.say("!ps frobnicate")
    assert text.startswith("I don't know `frobnicate`.") and "!ps help" in text and len(text) < 700


def test_help_on_one_command_says_how_to_use_it(chat):
    assert chat.say("!ps help vs").startswith("`!ps vs NAME`:")
    assert "(group admins only)" in chat.say("!ps help leave")


def test_me_gives_this_months_games_and_my_page(chat):
    chat.post(wordle_today(3))
    group = Group.get(Group.platform_id == "g1")
    text = chat.say("!ps me")
    pid = Score.get().player_id
    assert "Wordle: 1 played, mean 3" in text and "streak 1" in text
    assert text.endswith(f"{BASE}/g/{group.token}/p/{pid}")


def test_me_from_someone_with_no_results_says_so(chat):
    assert chat.say("!ps me", sender="u-zed", name="Zed") == "I have nothing stored about you yet."


def test_today_says_who_played_what_and_who_has_not_yet(chat):
    chat.post(wordle_today(3))
    chat.post("good morning", sender="u-bob", name="Bob")
    text = chat.say("!ps today")
    assert "Wordle: Alice 3" in text and text.endswith("Not yet: Bob")


def test_vs_with_several_matches_asks_which_one(chat):
    chat.post(wordle_today(3))
    chat.post(wordle_today(4), sender="u-anna", name="Anna")
    chat.post(wordle_today(5), sender="u-annika", name="Annika")
    assert chat.say("!ps vs ann") == "Which one: Anna, Annika? Send `!ps vs` with more of the name."
    text = chat.say("!ps vs anna")
    assert "Wordle: 1-0-0" in text and "/vs/" in text


def test_vs_without_a_name_or_with_an_unknown_one_says_what_to_do(chat):
    chat.post(wordle_today(3))
    assert chat.say("!ps vs").startswith("Who against?")
    assert chat.say("!ps vs nobody") == "No one called 'nobody' plays in Puzzlers."


def test_why_gives_the_reason_my_last_share_did_not_count(chat):
    chat.post(wordle_today(3))
    assert chat.say("!ps why") == "Your last share counted."
    chat.post("Wordle 1,621 3/6\n\n🟩🟩🟩🟩🟩")
    text = chat.say("!ps why")
    assert text.startswith("Your Wordle 1621 of") and text.endswith("did not count: the grid has 1 rows but the header says 3/6")


def test_games_names_the_games_it_reads(chat):
    text = chat.say("!ps games")
    assert text.startswith("I read ") and "Wordle" in text and len(text) <= 2000


def test_settings_show_and_an_admin_changes_them(chat):
    chat.applier.admins["g1"] = frozenset({"u-alice"})
    assert "timezone: UTC" in chat.say("!ps settings")
    assert chat.say("!ps set timezone Europe/Prague") == "timezone is now Europe/Prague."
    assert Group.get(Group.platform_id == "g1").timezone == "Europe/Prague"
    assert chat.say("!ps set reactions receipts") == "reactions is now receipts."
    assert "reactions: receipts" in chat.say("!ps settings")


@pytest.mark.parametrize(
    "text, answer",
    [
        ("!ps set timezone Mars/Olympus", "timezone 'Mars/Olympus' is not a time zone name such as Europe/Prague"),
        ("!ps set reactions maybe", "reactions must be off, receipts or one emoji such as ✅"),
        ("!ps set colour blue", "there is no setting 'colour'; there are: timezone, reactions"),
        ("!ps set timezone", "Send `!ps set NAME VALUE`; the settings are timezone, reactions, recap, week. "
         "`!ps settings` shows them."),  # fmt: skip
    ],
)
def test_a_bad_setting_gets_a_short_answer_and_changes_nothing(chat, text, answer):
    chat.applier.admins["g1"] = frozenset({"u-alice"})
    assert chat.say(text) == answer
    assert Group.get(Group.platform_id == "g1").timezone == "UTC"


def test_a_member_who_is_not_an_admin_cannot_change_settings_or_leave(chat):
    chat.applier.admins["g1"] = frozenset({"u-bob"})
    assert chat.say("!ps set timezone Europe/Prague") == "Only the group's admins can use `set`."
    assert chat.say("!ps leave") == "Only the group's admins can use `leave`."
    assert Group.get(Group.platform_id == "g1").state == "enabled"


def test_an_admin_named_by_phone_number_is_an_admin(chat):
    chat.applier.admins["g1"] = frozenset({"+491511234567"})
    assert chat.say("!ps set reactions off", aliases=frozenset({"+491511234567"})) == "reactions is now off."


def test_leave_disables_the_group_keeps_its_data_and_then_nothing_is_answered_or_stored(chat):
    chat.post(WORDLE)
    chat.applier.admins["g1"] = frozenset({"u-alice"})
    (goodbye,) = chat.post("!ps leave")
    assert goodbye.text.startswith("I stopped reading Puzzlers. Its board and scores stay:")
    assert (goodbye.chat_id, goodbye.is_group) == ("u-alice", False)  # never posted in a group that is not enabled
    assert Group.get(Group.platform_id == "g1").state == "disabled"
    assert chat.post("!ps board") == [] and chat.post("!ps help") == []
    assert Score.select().count() == 1
    assert chat.applier.effects[-1] == ("left", "g1")


def test_a_command_in_a_group_that_is_not_enabled_gets_nothing(chat):
    assert chat.post("!ps board", group="g-other") == []
    assert chat.post("!ps frobnicate", group="g-other") == []


def test_a_flood_of_commands_gets_one_slow_down_and_then_nothing(chat):
    at = dt.datetime.now(dt.timezone.utc)
    answers = [chat.post("!ps board", at=at + dt.timedelta(seconds=n)) for n in range(9)]
    assert all(len(a) == 1 for a in answers[:6])
    assert [a.text for a in answers[6]] == ["Too many commands at once: try again in a minute."]
    assert answers[7] == [] and answers[8] == []
    assert len(chat.post("!ps board", sender="u-bob", name="Bob", at=at)) == 1  # per sender
    assert len(chat.post("!ps board", at=at + dt.timedelta(seconds=70))) == 1  # a minute later


def test_a_command_from_a_day_ago_is_not_answered(chat):
    assert chat.post("!ps board", at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2)) == []


def test_no_answer_carries_another_groups_data(chat):
    chat.open_group("g2", "Family")
    chat.post(wordle_today(3), sender="u-carol", name="Carol", group="g2")
    chat.post(wordle_today(4), group="g2")
    chat.post(wordle_today(3))
    today = chat.say("!ps today")
    assert "Carol" not in today
    assert chat.say("!ps vs carol") == "No one called 'carol' plays in Puzzlers."
    g2 = Group.get(Group.platform_id == "g2")
    assert g2.token not in chat.say("!ps board")
    # Bob is only in g1: his direct `board` names g1 alone.
    chat.post("hi", sender="u-bob", name="Bob")
    assert chat.say("board", sender="u-bob", name="Bob", group=None).startswith("Puzzlers's board")


def test_a_direct_command_from_a_member_of_several_groups_asks_where(chat):
    chat.open_group("g2", "Family")
    chat.post(WORDLE)
    chat.post(WORDLE, group="g2")
    assert chat.say("me", group=None).startswith("You are in several groups (Puzzlers, Family)")
    assert chat.say("board", group=None).count(BASE) == 2


def test_a_broken_handler_gets_an_apology_not_a_stored_error(chat, monkeypatch):
    def broken(ctx, argument):
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(command_table.COMMANDS, "boom", Spec("boom", broken, "breaks"))
    assert chat.say("!ps boom").startswith("Sorry, that did not work.")
    assert chat.last_outcome.status == "done" and RawEvent.select().count() == 0
