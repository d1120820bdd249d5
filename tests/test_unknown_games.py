"""Shares of games the table does not know are spotted and kept with the name they give; chatter
never is; once a parser lands, reparse reads the stored shares.

Real samples: Trifase/giochini-bot games.py, each game class's `examples` (shares posted in the
author's Telegram group), for games this table does not read.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from helpers import message

from puzzlesecretary import ingest
from puzzlesecretary.games import GAMES
from puzzlesecretary.games.unknown import PREFIX, normalized
from puzzlesecretary.parse import parse
from puzzlesecretary.sample import CHATTER
from puzzlesecretary.stats import unread_games, week_start_ms
from puzzlesecretary.store import Rejection, Score

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SENT = dt.datetime(2026, 11, 27, 12, tzinfo=dt.timezone.utc)

# (the name the share gives, the share), from Trifase/giochini-bot games.py examples.
REAL_UNKNOWN = [
    ("Wend", "Wend #4 | 0:41 🌀\nCon 2 dietrofront\nlnkd.in/wend."),
    ("Patches", "Patches #1 | 0:09 🧶\nWith no hints & no redraws\nlnkd.in/patches."),
    ("Angle", "#Angle #657 4/4\n⬇️⬇️⬇️🎉\nhttps://www.angle.wtf"),
    ("CHRONO", "🥇 CHRONO  #749\n\n🟢🟢🟢🟢🟢🟢\n\n⏱: 50.8\n🔥: 3\nhttps://chrono.quest"),
    ("Colorfle", "Colorfle 679 X/6 \n⬜⬜⬜\n⬜⬜⬜\n⬜⬜⬜\n🟨🟨⬜\n🟩🟩⬜\n🟩🟩⬜\n"
                 "My closest guess had a color accuracy of 95.1%!"),
    ("Countryle", "#Countryle 818\nGuessed in 1 tries.\n\n🟢🟢🟢🟢🟢\n\nhttps://countryle.com"),
    ("Decipher", "Decipher #2\ndeciphered in ⏱️ 3h 1m 44s\n⭐⭐⭐⭐\nhttps://decipher.wtf"),
    (
        "Don't Wordle",
        "Don't Wordle 1527 - SURVIVED\nHooray! I didn't Wordle today! I didn't even use a hint!\n"
        "⬜️⬜️⬜️🟨⬜️1354\n⬜️🟨⬜️🟨🟨44\n🟩🟩🟨⬜️⬜️6\n🟩🟩⬜️⬜️🟩3\n🟩🟩🟩⬜️🟩2\n🟩🟩🟩⬜️🟩1\nUndos used: 0\n\n"
        "  1 words remaining\nx 10 unused letters\n= 10 total score\n\nhttps://dontwordle.com",
    ),
    (
        "FoxiMax",
        "🦊#FoxiMax #1409 6/8 (18 letters)\nhttps://foximax.com/\n\n🟩🟩🟩🟩🟩\n🟩🟩🟩🟩🟩\n🟩⬜🟩🟩🟩\n⬜🟩🟩🟩⬜\n🟩🟩🟩🟩🟩\n🟩🟩⬜🟩⬜",
    ),
    ("Flipple", "Flipple #96 ⬇️\n🟩⬜️⬜️⬜️🟩\n🟩⬜️🟩⬜️🟩\n🟩⬜️🟩🟩🟩\n🟩🟩🟩🟩🟩\nflipple.clevergoat.com 🐐"),
    ("Framed - Title Shot Challenge", "Framed - Title Shot Challenge #54\n🎥 🟥 🟥 🟥 🟥 🟥 🟥\n\nhttps://framed.wtf/titleshot"),
    ("GuessTheHouse", "#GuessTheHouse #310\n🏠 🟥 🟥 🟥 🟥 🟩 ⬜️\n#HomeHobbyist\nhttps://GuessThe.House/p/310"),
    ("Numble", "Numble #832\nSOLVED: ❌\nNumbers used: 6/6\nFinal answer: 80\n32.652s\nhttps://numble.wtf"),
    ("Spotle", "Spotle #710🎧\n\n⬜⬜⬜🟩\n\nspotle.io"),
    ("Unzoomed", "Unzoomed #89 1/6 🟢⚪️⚪️⚪️⚪️⚪️\n https://unzoomed.com"),
    ("Word Peaks", "Word Peaks #782 1/6\n\n  🟩🟩🟩🟩🟩\nhttps://wordpeaks.com"),
]

# What friends write around their shares: scores in words, times, numbers, links, emoji.
CHATTER_LINES = [
    *CHATTER,
    "did you do Tango #300 yet? took me 1:12",
    "Wend #12 anyone? I'm stuck",
    "Anyone done Patches #40 yet",
    "Bus 42 leaves at 9:15",
    "Game 3 tonight at 7:30\nhttps://tickets.example.com/game3",
    "Apollo 13 is on tonight https://www.imdb.com/title/tt0112384/",
    "Mum 60 🎂🎈🎉",
    "Anna 30 🎉🎉🎉",
    "Paris 2024 🇫🇷🇫🇷",
    "Room 12 https://zoom.us/j/123456",
    "Flight BA 117 lands at 14:05",
    "Chapter 7 was wild 😱😱",
    "Season 2 https://www.netflix.com/title/80057281",
    "Meeting moved to 10:30\nsee you there",
    "iPhone 15 ⭐⭐⭐⭐⭐",
    "got 4/6 on the wordle today, you?",
    "I got 3/6!! 🟩🟩🟩",
    "Top 3 for me: Wordle, Connections, Strands",
    "Found: 407/409 that's my whole life",
    "Score: 12 to 9, what a match ⚽⚽",
    "12:30 lunch?\n🍕🍕",
    "Happy 40th Sam 🥳🟩🟩",
    "Step 2: add the eggs 🥚🥚",
    "Tesco 24 hours now https://www.tesco.com",
    "London 2012 was the best\n🥇🥇🥇",
]


def without(name: str) -> dict:
    """The table without any game that this name would be."""
    key = normalized(name)
    return {s: g for s, g in GAMES.items() if key not in {normalized(w) for w in (s, g.name, g.marker, *g.names) if w}}


def unknown(outcome) -> list[tuple[str, int | None]]:
    return [(r.game, r.puzzle) for r in outcome.rejections if r.game.startswith(PREFIX)]


@pytest.mark.parametrize("name, share", REAL_UNKNOWN, ids=[n for n, _ in REAL_UNKNOWN])
def test_a_real_share_of_a_game_we_do_not_read_is_kept_with_its_name(name, share):
    outcome = parse(share, SENT, without(name))
    assert not outcome.results
    assert [g for g, _ in unknown(outcome)] == [PREFIX + name]
    (reason,) = [r.reason for r in outcome.rejections if r.game.startswith(PREFIX)]
    assert "does not read yet" in reason


def test_an_unknown_share_keeps_its_puzzle_number_when_it_marks_one():
    assert unknown(parse("Wend #4 | 0:41 🌀\nlnkd.in/wend.", SENT, without("Wend"))) == [(PREFIX + "Wend", 4)]


def test_an_unknown_share_with_a_huge_number_keeps_it_in_the_reason_only():
    (rejection,) = parse("Wend #99999999999 | 0:41 🌀\nlnkd.in/wend.", SENT, without("Wend")).rejections
    assert rejection.puzzle is None and "99999999999" in rejection.reason


def test_a_game_whose_name_holds_wordle_is_spotted_as_itself_not_as_wordle():
    share = "Wordle Deutsch 3 von 6 Versuchen\n\n⬛🟨⬛⬛⬛\n⬛🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"
    outcome = parse(share, SENT, without("Wordle Deutsch"))
    assert not outcome.results
    assert [g for g, _ in unknown(outcome)] == [PREFIX + "Wordle Deutsch"]


@pytest.mark.parametrize("text", CHATTER_LINES)
def test_chatter_is_never_an_unknown_share(text):
    assert unknown(parse(text, SENT)) == []


def test_no_share_of_a_game_we_read_is_also_spotted_as_unknown():
    for case in sorted(FIXTURES.glob("*/*.txt")):
        expected = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
        if any(r.get("game") == case.parent.name for r in expected["results"]):
            sent = dt.datetime.fromisoformat(expected.get("sent_at", "2026-11-27T12:00:00+00:00"))
            assert unknown(parse(case.read_text(encoding="utf-8"), sent)) == [], case


def test_unknown_shares_are_stored_counted_per_group_and_read_by_reparse_once_a_parser_lands(db, monkeypatch):
    share = "Airportle #12 3/6\nhttps://airportle.club\n\n⬛🟨⬛\n🟩⬛🟨\n🟩🟩🟩"
    original = ingest.derive.parse
    monkeypatch.setattr(ingest.derive, "parse", lambda text, sent_at=None: original(text, sent_at, without("Airportle")))
    ingest.ingest(
        [
            message(share, message_id="1", at="2026-11-26T08:00:00+00:00"),
            message(share.replace("#12", "#13"), sender="u-bob", name="Bob", message_id="2", at="2026-11-27T08:00:00+00:00"),
            message(share.replace("#12", "#5"), message_id="3", at="2026-11-01T08:00:00+00:00"),
            message(share, sender="u-zoe", name="Zoe", group="g2", message_id="4", at="2026-11-27T09:00:00+00:00"),
            message("morning all", message_id="5", at="2026-11-27T07:00:00+00:00"),
        ]
    )
    assert not Score.select().count()
    assert Rejection.select().where(Rejection.game == PREFIX + "Airportle").count() == 4
    g1 = Rejection.get(Rejection.message == 1).group_id
    (week,) = unread_games(db, g1, week_start_ms(dt.date(2026, 11, 27), "Europe/London"))
    assert (week.name, week.shares, week.players, week.sentence) == ("Airportle", 2, 2, "2 shares of Airportle")
    (everywhere,) = unread_games(db)
    assert (everywhere.shares, everywhere.groups) == (4, 2) and everywhere.example.startswith("Airportle #")
    monkeypatch.setattr(ingest.derive, "parse", original)
    ingest.reparse()
    assert sorted(s.puzzle for s in Score.select().where(Score.game == "airportle")) == [5, 12, 12, 13]
    assert unread_games(db) == []
