"""NYT and word games beyond their golden fixtures: calendars checked against
second sources, the helpers they share, the write path for games keyed by difficulty or day,
and the sample makers."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from helpers import message

from puzzlesecretary import ingest
from puzzlesecretary.games import GAMES
from puzzlesecretary.games.clocktime import is_clock, seconds
from puzzlesecretary.games.keycaps import board_counts
from puzzlesecretary.parse import parse
from puzzlesecretary.sample import MAKERS
from puzzlesecretary.store import Score

# (game, puzzle, its date) from a source other than the one each module's Calendar is built on.
SECOND_SOURCES = [
    ("strands", 887, dt.date(2026, 8, 7)),  # StreakSync puzzleAnchors
    ("strands", 848, dt.date(2026, 6, 29)),  # a public headline test: "Strands ... June 29 #848"
    ("quordle", 1656, dt.date(2026, 8, 7)),  # StreakSync puzzleAnchors
    ("octordle", 1654, dt.date(2026, 8, 5)),  # StreakSync puzzleAnchors
    ("octordle", 43, dt.date(2022, 3, 8)),  # wordgame_bot test frozen at 2022-03-08
    ("nerdle", 1658, dt.date(2026, 8, 4)),  # StreakSync puzzleAnchors
    ("pips", 379, dt.date(2026, 8, 31)),  # parser_test.rb test_pips_epoch
    ("connectionssports", 642, dt.date(2026, 6, 27)),  # a public headline test
    ("waffle", 1717, dt.date(2026, 10, 4)),  # PuzzleTracker samples gathered that day
    ("woordle", 227, dt.date(2022, 2, 1)),  # wordleparse dated WhatsApp line
    ("squardle", 50, dt.date(2022, 3, 25)),  # wordleparse dated WhatsApp line
]


@pytest.mark.parametrize("slug, puzzle, day", SECOND_SOURCES, ids=lambda v: str(v))
def test_the_calendar_agrees_with_a_second_source(slug, puzzle, day):
    assert GAMES[slug].date_of(puzzle) == day


def test_clock_times_read_as_seconds():
    assert [seconds(c) for c in ("0:45", "05:26", "12:03", "1:02:44")] == [45, 326, 723, 3764]


def test_a_clock_with_sixty_or_more_seconds_is_not_a_time():
    assert is_clock("2:13") and is_clock("1:02:44")
    assert not is_clock("2:75") and not is_clock("1:60:00") and not is_clock("213")


def test_keycap_rows_read_digits_ten_clocks_and_failed_boards():
    assert board_counts("8\u20e3🔟") == [8, 10]
    assert board_counts("🕚 🕛") == [11, 12]
    assert board_counts("🕐🟥") == [13, None]


def test_a_row_with_anything_else_is_not_a_board_row():
    assert board_counts("m-w.com/games/quordle/") is None
    assert board_counts("8\u20e3 and 4\u20e3") is None
    assert board_counts("") is None


PIPS_BUNDLE = "Pips #289 Easy 🟢\n0:32\nPips #289 Medium 🟡\n0:58\nPips #289 Hard 🔴\n2:43"


def test_each_pips_difficulty_keeps_its_own_score(db):
    ingest.ingest([message(PIPS_BUNDLE, at="2026-06-02T21:00:00+00:00")])
    scores = {(s.puzzle_key, s.score) for s in Score.select().where(Score.counted == True)}  # noqa: E712
    assert scores == {("289:easy", 32), ("289:medium", 58), ("289:hard", 163)}


def test_a_repost_of_one_pips_difficulty_does_not_touch_the_others(db):
    ingest.ingest([message(PIPS_BUNDLE, at="2026-06-02T21:00:00+00:00")])
    ingest.ingest([message("again:\nPips #289 Hard 🔴\n2:43", at="2026-06-02T22:00:00+00:00")])
    counted = Score.select().where(Score.counted == True)  # noqa: E712
    assert sorted(s.puzzle_key for s in counted) == ["289:easy", "289:hard", "289:medium"]


def test_spelling_bee_shares_on_two_days_are_two_puzzles(db):
    ingest.ingest([message("Spelling Bee - I found 42 words, including the pangram!", at="2026-11-26T19:00:00+00:00")])
    ingest.ingest([message("Spelling Bee - I found 17 words", at="2026-11-27T19:00:00+00:00")])
    counted = Score.select().where(Score.counted == True).order_by(Score.date)  # noqa: E712
    assert [(s.date, s.score) for s in counted] == [(dt.date(2026, 11, 26), 42), (dt.date(2026, 11, 27), 17)]


@pytest.mark.parametrize("slug", ["strands", "mini"])
def test_the_sample_maker_writes_shares_its_parser_reads(slug):
    rng = random.Random(11)
    game = GAMES[slug]
    day = dt.date(2026, 11, 27)
    puzzle = game.calendar.puzzle_on(day) if game.calendar else 0
    scores = set()
    for _ in range(200):
        outcome = parse(MAKERS[slug](rng, puzzle, day), dt.datetime(2026, 11, 27, 12))
        assert not outcome.rejections
        [result] = outcome.results
        assert (result.game, result.date) == (slug, day)
        scores.add(result.score)
    assert len(scores) > 3, "the sample's scores should vary"
