"""Property tests: no text crashes a parser or yields a result out of its game's range."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puzzlesecretary.games import GAMES
from puzzlesecretary.parse import parse

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Pieces that real shares are made of, so generated texts reach deep into the parsers.
PIECES = st.sampled_from(
    ["Wordle", "Connections", "Puzzle #", "Strands", "Queens", "Tango", "Zip", "Quordle", "Octordle", "#", "/6", "X/6",
     "*", "1,234", "1.234", "1 234", "9,999,999", "99,999,999,999", "0", "-1", "🟩", "🟨", "⬛", "⬜", "🟦", "🟪", "🟧", "🔵",
     "🟡", "💡", "🎉", "\n", "\r\n", " ", ":green_square:", "Archive October 2, 2026", "Nr.", "n.", "|", "⏱", "0:59", "1️⃣", "🕛",
     "Found: 407/409", "Rank: 1,253/4,953", "> ", "\ufe0f", "\u200e", "\u202f", "🔥", "⭐", "https://", "Globle", "Worldle"]
)
# Every game's own words (its names, its display name, its marker), so each game's parser is reached.
GAME_WORDS = st.sampled_from(sorted({w for g in GAMES.values() for w in (*g.names, g.name, g.marker) if w}))
TEXTS = st.one_of(st.text(max_size=300), st.lists(st.one_of(PIECES, GAME_WORDS), max_size=60).map("".join))
MOMENTS = st.datetimes(min_value=dt.datetime(2021, 1, 1), max_value=dt.datetime(2030, 1, 1)).map(
    lambda d: d.replace(tzinfo=dt.timezone.utc)
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, sent_at=st.one_of(st.none(), MOMENTS))
def test_no_text_crashes_a_parser_or_gives_an_out_of_range_result(text, sent_at):
    outcome = parse(text, sent_at)
    for result in outcome.results:
        game = GAMES[result.game]
        if result.score is not None:
            assert result.score >= 0
            if game.max is not None:
                assert result.score <= game.max
        if result.date is not None and sent_at is not None:
            assert result.date <= sent_at.date() + dt.timedelta(days=1)
        assert isinstance(result.solved, bool)
    for rejection in outcome.rejections:
        assert rejection.reason


@settings(max_examples=300, deadline=None)
@given(prefix=st.text(max_size=40), suffix=st.text(max_size=40))
def test_text_around_a_share_does_not_change_its_result(prefix, suffix):
    share = "Wordle 1,234 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"
    outcome = parse(prefix + "\n" + share + "\n" + suffix, dt.datetime(2024, 11, 4, tzinfo=dt.timezone.utc))
    wordles = [r for r in outcome.results if r.game == "wordle" and r.puzzle == 1234]
    assert len(wordles) == 1 and wordles[0].score == 3


def test_a_huge_puzzle_number_is_rejected_not_a_crash():
    for text in ("Wordle 99,999,999,999 3/6", "Connections\nPuzzle #999999999999\n🟨🟨🟨🟨\n🟩🟩🟩🟩\n🟦🟦🟦🟦\n🟪🟪🟪🟪"):
        outcome = parse(text, dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc))
        assert not outcome.results
        assert "not a real puzzle number" in outcome.rejections[0].reason


SHAPE_PIECES = [
    "#", "1", "12", "1,234", "X", "x", "/", "/6", "/8", "/10", "*", " ", "\n", " | ", "0:59", "12:03", "9:99", "Score: ",
    "points", "🟩", "🟨", "⬛", "⬜", "🟥", "🟦", "🟪", "🎥", "🔊", "1️⃣", "🔟", "🕛", "Archive October 2, 2026",
]


@pytest.mark.parametrize("slug", sorted(GAMES))
def test_pieces_of_each_game_share_never_crash_it_or_leave_its_range(slug):
    game = GAMES[slug]
    words = [w for w in (*game.names, game.name, game.marker, game.marker.capitalize()) if w]

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=st.lists(st.sampled_from(words + SHAPE_PIECES), max_size=30).map("".join), sent_at=st.one_of(st.none(), MOMENTS))
    def check(text, sent_at):
        outcome = parse(text, sent_at, games={slug: game})
        for result in outcome.results:
            assert isinstance(result.solved, bool)
            if result.score is not None:
                assert result.score >= 0
                if game.max is not None:
                    assert result.score <= game.max
            if result.max is not None and result.score is not None and game.lower_is_better:
                assert result.score <= result.max
            if result.date is not None and sent_at is not None:
                assert result.date <= sent_at.date() + dt.timedelta(days=1)
        for rejection in outcome.rejections:
            # Besides its own rejections, a text may hold a share of a game no parser reads yet.
            assert (rejection.game == slug or rejection.game.startswith("unknown:")) and rejection.reason

    check()


def _positive_fixtures():
    for case in sorted(FIXTURES.glob("*/*.txt")):
        expected = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
        if any(r.get("game") == case.parent.name for r in expected["results"]):
            yield case


CHATTER = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd", "Po", "Zs")), max_size=40)


@pytest.mark.parametrize("case", list(_positive_fixtures()), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_chatter_around_any_game_share_does_not_change_its_result(case):
    expected = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
    sent_at = dt.datetime.fromisoformat(expected.get("sent_at", "2026-11-27T12:00:00+00:00"))
    share = case.read_text(encoding="utf-8")

    def key(text):
        return [(r.game, r.puzzle, r.solved, r.score) for r in parse(text, sent_at).results if r.game == case.parent.name]

    alone = key(share)

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(before=CHATTER, after=CHATTER)
    def check(before, after):
        assert key(before + "\n\n" + share + "\n\n" + after) == alone

    check()
