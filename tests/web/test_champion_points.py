"""The board's day champion from the points its sections keep per game equals the champion of the day's plays."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from puzzlesecretary import stats
from puzzlesecretary.games import game_order

DAY = dt.date(2026, 12, 3)
GAMES = ["wordle", "connections", "queens", "mini"]

play = st.builds(
    lambda pid, game, key, solved, score, archive, late: stats.Play(pid, game, None, key, DAY, solved, score, False, archive,
                                                                       late, {}),  # fmt: skip
    st.integers(1, 8), st.sampled_from(GAMES), st.sampled_from(["1", "2"]), st.booleans(),
    st.one_of(st.none(), st.integers(1, 7), st.floats(0, 300, allow_nan=False)), st.booleans(), st.booleans(),
)  # fmt: skip


@settings(max_examples=300)
@given(st.lists(play, max_size=40, unique_by=lambda p: (p.player_id, p.game, p.puzzle_key)))  # one counted play a puzzle
def test_the_champion_from_each_games_points_is_the_champion_of_the_days_plays(plays):
    # As the board orders them: by game in the table's order, each game's plays together.
    rows = sorted(plays, key=lambda p: game_order(p.game))
    names = {pid: f"p{pid % 3}" for pid in range(1, 9)}  # names shared by several players: ties keep their order
    kept = [point for g in sorted(GAMES, key=game_order) for point in stats.puzzles_points([p for p in rows if p.game == g])]
    assert stats.champions_of(stats.scores_of(kept), names) == stats.champions(rows, names)


@settings(max_examples=200)
@given(st.lists(play, max_size=40, unique_by=lambda p: (p.player_id, p.game, p.puzzle_key)))
def test_the_boards_first_three_leaders_are_the_first_three_of_the_whole_table(plays):
    names = {pid: f"p{pid % 3}" for pid in range(1, 9)}  # equal names and equal points: the ties keep their order
    days = stats.day_scores(plays)
    assert stats.champions_of(days, names, top=3) == stats.champions_of(days, names)[:3]


@settings(max_examples=300)
@given(st.lists(play, max_size=40, unique_by=lambda p: (p.player_id, p.game, p.puzzle_key)), st.integers(1, 9),
       st.booleans())  # fmt: skip
def test_the_boards_leaders_of_one_days_points_are_the_first_of_the_champion_table_of_their_sums(plays, top, two_days):
    # As the board keeps them (one day's puzzles, game by game), or spread over two days, which goes the long way.
    rows = [replace(p, date=DAY - dt.timedelta(days=i % 2)) for i, p in enumerate(plays)] if two_days else plays
    names = {pid: f"p{pid % 3}" for pid in range(1, 9)}
    points = [point for g in sorted(GAMES, key=game_order) for point in stats.puzzles_points([p for p in rows if p.game == g])]
    assert stats.day_leaders(points, names, top) == stats.champions_of(stats.scores_of(points), names, top=top)


def test_close_points_within_the_tie_all_win_the_day_and_keep_their_order():
    points = [(DAY, {1: 1.0, 2: 0.5}), (DAY, {2: 0.5, 3: 1.0 - 1e-12, 4: 0.25})]
    leaders = stats.day_leaders(points, {1: "a", 2: "b", 3: "c", 4: "d"}, 3)
    assert [(c.player_id, c.days_won, c.points) for c in leaders] == [(1, 1, 1.0), (2, 1, 1.0), (3, 1, 1.0 - 1e-12)]
    assert leaders == stats.champions_of(stats.scores_of(points), {1: "a", 2: "b", 3: "c", 4: "d"}, top=3)


entry = st.builds(
    lambda pid, key, solved, score, archive, late: stats.Entry(f"p{pid}", pid, solved, score, False, late, archive, None, {},
                                                               key),  # fmt: skip
    st.integers(1, 8), st.sampled_from(["1", "2", "2026-12-03"]), st.booleans(),
    st.one_of(st.none(), st.integers(1, 7), st.floats(0, 300, allow_nan=False)), st.booleans(), st.booleans(),
)  # fmt: skip


@settings(max_examples=200)
@given(st.sampled_from(GAMES), st.lists(entry, max_size=30, unique_by=lambda e: (e.player_id, e.puzzle_key)))
def test_a_sections_points_from_its_entries_are_the_points_of_its_plays(slug, entries):
    from puzzlesecretary.games import GAMES as REGISTRY
    from puzzlesecretary_web.sections import _points

    plays = [stats.Play(e.player_id, slug, e.puzzle, e.puzzle_key, DAY, e.solved, e.score, e.hard_mode, e.archive, e.late)
             for e in entries]  # fmt: skip
    assert _points(REGISTRY[slug], entries, DAY) == tuple(stats.puzzles_points(plays))
