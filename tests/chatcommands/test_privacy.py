"""hide / show, optout / optin, forget and export: what each does to the store, the pages' reads and the answers."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from chatcommands.chat import WORDLE, Chat
from chatcommands.test_commands import wordle_today

from puzzlesecretary.chatsettings import hidden_grids
from puzzlesecretary.events import NewMessage
from puzzlesecretary.ingest import apply
from puzzlesecretary.stats import member_names, not_counted
from puzzlesecretary.stats.queries import export_rows, player_export_by_token
from puzzlesecretary.store import Forgotten, Group, Identity, Message, Player, PlayerChoice, RawEvent, Score


@pytest.fixture
def chat(db):
    c = Chat()
    c.open_group("g1", "Puzzlers")
    return c


def _grids():
    return [s.details.get("grid") for s in Score.select().order_by(Score.id)]


def test_hide_takes_my_grids_off_the_scores_and_show_brings_them_back(chat, db):
    chat.post(WORDLE)
    assert _grids()[0]
    assert chat.say("!ps hide").startswith("Your grids are hidden on the pages now")
    assert _grids() == [None] and Score.select().count() == 1
    chat.post(wordle_today(4))  # a new share while hidden keeps no grid either
    assert _grids() == [None, None]
    group = Group.get()
    assert hidden_grids(db, group.id) == {Score.get().player_id}
    assert chat.say("!ps show") == "Your grids show on the pages again."
    assert all(_grids())


def test_a_hidden_players_rejected_share_shows_no_text_on_the_not_counted_page(chat, db):
    chat.post("Wordle 1,621 3/6\n\n🟩🟩🟩🟩🟩")
    chat.post("!ps hide")
    (item,) = not_counted(db, Group.get().id)
    assert item.text == "(hidden by the player)"


def test_the_operators_export_holds_no_text_of_a_hidden_player(chat, db):
    chat.post(WORDLE)
    chat.post(WORDLE, sender="u-bob", name="Bob")
    chat.post("!ps hide")
    rows = {r["player"]: r for r in export_rows(db)}
    assert rows["Alice"]["message"]["text"] == "" and "grid" not in rows["Alice"]["details"]
    assert rows["Bob"]["message"]["text"] == WORDLE


def test_optout_hides_my_past_scores_stops_counting_me_and_optin_brings_them_back(chat, db):
    chat.post(WORDLE)
    chat.post("hello", sender="u-bob", name="Bob")
    group = Group.get()
    assert chat.say("!ps optout").startswith("You are not counted in Puzzlers from now on")
    assert Score.select().count() == 0
    assert list(member_names(db, group.id).values()) == ["Bob"]
    chat.post(wordle_today(3))
    assert Score.select().count() == 0 and Message.get(Message.text == wordle_today(3)).status == "optout"
    assert "Alice" not in chat.say("!ps today", sender="u-bob", name="Bob")
    assert chat.say("!ps optout") == "You are opted out here already. `!ps optin` counts you again."
    assert chat.say("!ps optin") == "You are counted again, and your past scores are back."
    assert Score.select().count() == 2 and "Alice" in member_names(db, group.id).values()


def test_optout_in_one_group_leaves_me_counted_in_another(chat):
    chat.open_group("g2", "Family")
    chat.post(WORDLE)
    chat.post(WORDLE, group="g2")
    chat.post("!ps optout")
    assert [s.group.platform_id for s in Score.select()] == ["g2"]


def _sent(message) -> dt.datetime:
    return dt.datetime.fromtimestamp(message.sent_at / 1000, dt.timezone.utc)


def _forget(chat) -> str:
    asked = chat.say("!ps forget")
    assert asked.startswith("This deletes your messages, scores and grids in every group, for good.")
    return asked.split("`!ps forget ")[1].split("`")[0]


def test_forget_asks_for_a_code_and_a_wrong_or_late_code_deletes_nothing(chat):
    chat.post(WORDLE)
    code = _forget(chat)
    assert len(code) == 6 and code.isdigit()
    assert chat.say("!ps forget 000000").startswith("That is not the code I gave you, or it expired")
    PlayerChoice.update(value=f"{code}:1").where(PlayerChoice.name == "forget_code").execute()
    assert chat.say(f"!ps forget {code}").startswith("That is not the code I gave you, or it expired")
    assert Score.select().count() == 1 and Message.select().count() == 1


def test_forget_deletes_my_texts_scores_and_raw_payloads_and_a_reimport_cannot_bring_them_back(chat, db):
    chat.open_group("g2", "Family")
    chat.post(WORDLE)
    chat.post(WORDLE, group="g2")
    chat.post(WORDLE, sender="u-bob", name="Bob")
    alice = Identity.get(Identity.platform_id == "u-alice")
    old = Message.get(Message.identity == alice.id)
    for key, payload in (("k1", b'{"sourceUuid":"u-alice","message":"x"}'), ("k2", b'{"sourceUuid":"u-bob"}')):
        RawEvent.create(platform="test", dedup_key=key, received_at=1, payload=payload, status="done")
    code = _forget(chat)
    assert chat.say(f"!ps forget {code}").startswith("Done: everything I stored about you is deleted")
    assert [m.text for m in Message.select()] == [WORDLE]  # Bob's
    assert [s.player.name for s in Score.select()] == ["Bob"]
    assert not Identity.select().where(Identity.platform_id == "u-alice").exists()
    assert Player.select().where(Player.name == "Alice").count() == 0
    assert bytes(RawEvent.get(RawEvent.dedup_key == "k1").payload) == b""
    assert bytes(RawEvent.get(RawEvent.dedup_key == "k2").payload) != b""
    marker = Forgotten.get()
    assert "u-alice" not in marker.who and marker.returned_at is None
    # A re-import of the old chat, or a late webhook of an old message: nothing comes back.
    again = NewMessage("test", old.platform_message_id, "g1", "u-alice", "Alice", _sent(old), WORDLE)
    (outcome,) = apply([again])
    assert (outcome.status, outcome.reason, outcome.private) == ("ignored", "forgotten", True)
    chat.post(wordle_today(3))  # and a new post too, until Alice comes back
    assert Message.select().count() == 1 and Score.select().count() == 1


def test_after_forget_optin_lets_new_posts_count_but_never_the_old_ones(chat):
    chat.post(WORDLE)
    old = Message.get()
    code = _forget(chat)
    chat.post(f"!ps forget {code}")
    assert chat.say("!ps optin") == "Welcome back: what you post from now on counts again."
    again = NewMessage("test", "old-copy", "g1", "u-alice", "Alice", _sent(old), WORDLE)
    assert apply([again])[0].reason == "forgotten"
    chat.post(wordle_today(3), at=dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=5))
    assert Score.select().count() == 1


def test_forget_from_someone_unknown_says_there_is_nothing(chat):
    assert chat.say("!ps forget", sender="u-zed", name="Zed") == "I have nothing stored about you yet."


def test_export_sends_a_private_link_by_direct_message_that_works_for_24_hours(chat, db):
    chat.post(WORDLE)
    chat.post(WORDLE, sender="u-bob", name="Bob")
    direct, here = chat.post("!ps export")
    assert (direct.chat_id, direct.is_group, here.chat_id, here.is_group) == ("u-alice", False, "g1", True)
    assert direct.key.endswith(":direct") and direct.key != here.key
    assert here.text == "I sent you a direct message with a link to your data."
    token = direct.text.rsplit("/export/", 1)[1]
    now = PlayerChoice.get(PlayerChoice.name == "export_token").updated_at
    data = player_export_by_token(db, token, now + 1000)
    assert data["player"] == "Alice" and [m["text"] for m in data["messages"]] == [WORDLE]
    assert json.dumps(data) and "Bob" not in json.dumps(data)
    assert player_export_by_token(db, token, now + 24 * 3600 * 1000) is None
    assert player_export_by_token(db, "x" * 32, now) is None


def test_a_recap_names_no_player_who_opted_out(chat, db):
    from puzzlesecretary.recap.read import recap

    now = dt.datetime.now(dt.timezone.utc)
    yesterday = now.date() - dt.timedelta(days=1)
    number = (yesterday - dt.date(2021, 6, 19)).days
    for sender, name, guesses in (("u-alice", "Alice", 2), ("u-bob", "Bob", 4)):
        share = f"Wordle {number:,} {guesses}/6\n\n" + "\n".join(["⬛🟨⬛⬛⬛"] * (guesses - 1) + ["🟩🟩🟩🟩🟩"])
        # Midday yesterday, whatever the hour the test runs at.
        chat.post(share, sender=sender, name=name, at=dt.datetime.combine(yesterday, dt.time(12), dt.timezone.utc))
    group = Group.get()
    before = recap(db, group, "day", yesterday, now, "https://x")
    assert "Wordle Alice 2/6" in before and "solved by 2 of 2" in before
    chat.post("!ps optout")
    after = recap(db, Group.get(), "day", yesterday, now, "https://x")
    assert "Alice" not in after and "Wordle Bob 4/6" in after
