"""The pure rules behind the pages: streaks, fair points, spreads, rolling means, difficulty, charts."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from puzzlesecretary import stats
from puzzlesecretary.games import GAMES
from puzzlesecretary.store import Group
from puzzlesecretary_web import charts

WORDLE = GAMES["wordle"]
D = dt.date(2026, 11, 27)


def play(
    pid: int, score: float | None, solved: bool = True, day: dt.date = D, game: str = "wordle", key: str | None = None, **flags
) -> stats.Play:
    return stats.Play(pid, game, None, key or day.isoformat(), day, solved, score, **flags)


def days(*offsets: int) -> list[dt.date]:
    return [D - dt.timedelta(days=o) for o in offsets]


def test_a_streak_runs_over_consecutive_days_and_stays_current_until_a_day_is_missed():
    assert stats.streaks(days(0, 1, 2, 5, 6), D) == (3, 3)
    assert stats.streaks(days(1, 2, 5, 6, 7, 8), D) == (4, 2)  # yesterday still counts as current
    assert stats.streaks(days(2, 3), D) == (2, 0)
    assert stats.streaks([], D) == (0, 0)
    assert stats.streaks(days(0, 0, 1), D) == (2, 2)  # two results on one day are one day


def test_a_failure_counts_by_the_games_rule():
    assert WORDLE.play_value(False, None) == 7
    assert GAMES["connections"].play_value(False, 4) == 4  # as printed
    mini = GAMES["mini"]
    assert mini.play_value(False, None) is None  # excluded from the mean
    assert "Missed days are not counted" in WORDLE.rule_text()


def test_puzzle_points_give_the_share_of_others_beaten_with_ties_half():
    rows = [play(1, 2), play(2, 3), play(3, 3), play(4, None, solved=False)]
    points = stats.puzzle_points(WORDLE, rows)
    assert points == {1: 1.0, 2: 0.5, 3: 0.5, 4: 0.0}


def test_a_lone_player_gets_half_a_point_when_solved():
    assert stats.puzzle_points(WORDLE, [play(1, 4)]) == {1: 0.5}
    assert stats.puzzle_points(WORDLE, [play(1, None, solved=False)]) == {1: 0.0}


def test_archive_plays_and_late_posts_take_no_points():
    rows = [play(1, 2, archive=True), play(2, 5), play(3, 1, late=True), play(4, 6)]
    assert stats.puzzle_points(WORDLE, rows) == {2: 1.0, 4: 0.0}


def test_higher_is_better_games_rank_the_other_way():
    bee = GAMES["spellingbee"]
    assert stats.puzzle_points(bee, [play(1, 40, game="spellingbee"), play(2, 12, game="spellingbee")]) == {1: 1.0, 2: 0.0}


def test_the_champion_is_who_beats_most_across_games_of_a_day():
    rows = [
        play(1, 2),
        play(2, 4),  # wordle: 1 wins
        play(1, 3, game="connections"),
        play(2, 0, game="connections"),  # connections: 2 wins
        play(2, 1, game="strands"),
        play(1, 0, game="strands"),  # strands: 1 wins
    ]
    table = stats.champions(rows, {1: "Ann", 2: "Ben"})
    assert [(c.player, c.days_won, c.points) for c in table] == [("Ann", 1, 2.0), ("Ben", 0, 1.0)]


def test_head_to_head_compares_only_shared_puzzles():
    a = [play(1, 3, day=d, key=str(i)) for i, d in enumerate(days(0, 1, 2, 3))]
    b = [play(2, s, day=d, key=str(i)) for i, (d, s) in enumerate(zip(days(0, 1, 2), (4, 3, 2), strict=True))]
    [duel] = stats.head_to_head(a, b)
    assert (duel.wins, duel.losses, duel.ties) == (1, 1, 1)
    assert [net for _, net in duel.timeline] == [-1, -1, 0]


def counts(rows) -> list[tuple]:
    """(score, solved, how many) of plays: what the leaderboard query sums for the spread."""
    return [(score, solved, n) for (score, solved), n in Counter((p.score, p.solved) for p in rows).items()]


def test_the_histogram_has_one_bar_per_guess_and_a_failure_bar():
    rows = [play(1, 3), play(2, 3), play(3, 6), play(4, None, solved=False)]
    bins = stats.spread(WORDLE, counts(rows))
    assert [(b.label, b.count) for b in bins] == [("1", 0), ("2", 0), ("3", 2), ("4", 0), ("5", 0), ("6", 1), ("X", 1)]


def test_the_histogram_groups_times_into_ranges():
    mini = GAMES["mini"]
    rows = [play(i, s, game="mini") for i, s in enumerate((20, 35, 61, 300))]
    bins = stats.spread(mini, counts(rows))
    assert sum(b.count for b in bins) == 4 and len(bins) == 11
    assert bins[0].label == "0:20–0:48" and bins[0].count == 2
    assert (bins[-1].label, bins[-1].count) == ("X", 0)  # failures are left out of the mean, still shown


def test_rolling_means_slide_over_the_window():
    rows = [play(1, 2, day=D - dt.timedelta(days=2)), play(1, 4, day=D - dt.timedelta(days=1)), play(1, 6, day=D)]
    means = stats.rolling_means(WORDLE, rows, 2, D - dt.timedelta(days=3), D)
    assert [m for _, m in means] == [None, 2.0, 3.0, 5.0]


def test_difficulty_ranks_a_puzzle_within_its_window():
    history = [stats.PuzzleMean(str(i), D - dt.timedelta(days=i), i, 3, 3, 3.0 + (i == 5)) for i in range(120)]
    hard = next(h for h in history if h.puzzle_key == "5")
    verdict = stats.difficulty(WORDLE, hard, history)
    assert verdict.rank == 1 and verdict.of == 90  # puzzles 5 to 94 days back
    assert verdict.verdict == "The hardest Wordle for the group in 90 days."
    easier = [h if h.puzzle_key != "0" else stats.PuzzleMean("0", D, 0, 3, 3, 2.0) for h in history]
    easy = stats.difficulty(WORDLE, easier[0], easier)
    assert (easy.rank, easy.of) == (90, 90) and easy.verdict == "The easiest Wordle for the group in 90 days."
    middle = stats.difficulty(WORDLE, history[1], history)
    assert middle.verdict.startswith("Number 2 of 90")


@pytest.mark.parametrize(
    "period, start",
    [("week", dt.date(2026, 11, 23)), ("month", dt.date(2026, 11, 1)), ("year", dt.date(2026, 1, 1)), ("all", None)],
)
def test_periods_start_on_monday_the_first_and_new_year(period, start):
    assert stats.period_range(period, D) == (start, D)


def test_charts_escape_their_text_and_describe_themselves():
    svg = charts.line_chart(
        "c<1>", "<b>title</b>", "a & b", [charts.Series("s", "s1", [(0, 1.0), (1, None), (2, 3.0)])], ["<x>", "m", "z"]
    )
    assert "<b>" not in svg and "&lt;b&gt;title&lt;/b&gt;" in svg and "a &amp; b" in svg and "&lt;x&gt;" in svg
    assert 'role="img"' in svg and svg.count("<circle") == 2  # a gap leaves two single points
    bars = charts.bar_chart("h", "t", "d", [("1", 0, "s1"), ("X", 2, "fail")])
    assert bars.count("<rect") == 2 and 'height="0.0"' in bars
    cal = charts.calendar("k", "t", "d", [(D - dt.timedelta(days=i), i % 2, 0) for i in range(14, -1, -1)])
    assert cal.count('class="day ') == 15 and "not played" in cal and "0 solved of 1 played" in cal


@pytest.mark.parametrize("period", ["week", "month", "all"])
def test_the_database_crowns_the_same_champions_as_the_rule_in_python(seeded, period):
    start, end = stats.period_range(period, D)
    group_id = Group.get(Group.token == seeded.token).id
    by_python = stats.champions(
        [p for p in stats.plays(seeded.readonly, group_id, start=start, end=end) if p.ranked],
        stats.member_names(seeded.readonly, group_id),
    )
    by_sql = stats.champions_data(seeded.readonly, group_id, start, end)
    assert [(c.player, c.days_won, c.days_played) for c in by_sql] == [(c.player, c.days_won, c.days_played) for c in by_python]
    assert [c.points for c in by_sql] == pytest.approx([c.points for c in by_python])
    assert by_sql  # the cast has ranked plays in every period


def test_month_sums_add_up_and_a_streak_runs_on_over_the_month_end():
    number = lambda day: (day - stats.EPOCH).days  # noqa: E731
    october = stats.Sums(
        (stats.Tally(1, 3, 3, 9.0, 3), stats.Tally(2, 1, 0, 7.0, 1)),
        ((1, number(dt.date(2026, 10, 29)), number(dt.date(2026, 10, 31)), 3),),
        ((3.0, True, 3), (None, False, 1)),
    )
    november = stats.Sums(
        (stats.Tally(1, 2, 2, 8.0, 2),),
        ((1, number(dt.date(2026, 11, 1)), number(dt.date(2026, 11, 2)), 2),),
        ((4.0, True, 2),),
    )
    table, bins = stats.leaderboard_from(WORDLE, [october, november], {1: "Ann", 2: "Ben"}, dt.date(2026, 11, 3))
    ann, ben = table
    assert (ann.played, ann.solved, ann.mean, ann.best_streak, ann.current_streak) == (5, 5, 17.0 / 5, 5, 5)
    assert (ben.played, ben.solved, ben.mean, ben.best_streak) == (1, 0, 7.0, 0)
    assert [(b.label, b.count) for b in bins if b.count] == [("3", 3), ("4", 2), ("X", 1)]
    later, _ = stats.leaderboard_from(WORDLE, [october, november], {1: "Ann"}, dt.date(2026, 11, 5))
    assert later[0].current_streak == 0 and later[0].best_streak == 5


def _standings_by_hand(game, parts, names, end):
    """Each player's standing added up part by part and their runs merged over the parts' ends, one player at a time."""
    today = (end - stats.EPOCH).days // game.step_days
    table = []
    for pid in dict.fromkeys(t.player_id for part in parts for t in part.tallies):
        mine = [t for part in parts for t in part.tallies if t.player_id == pid]
        runs = []
        for first, last, length in sorted((r[1], r[2], r[3]) for part in parts for r in part.runs if r[0] == pid):
            if runs and runs[-1][1] + 1 == first:
                runs[-1] = [runs[-1][0], last, runs[-1][2] + length]
            else:
                runs.append([first, last, length])
        total, counted = sum(t.total for t in mine), sum(t.counted for t in mine)
        table.append(stats.Standing(names.get(pid, "?"), sum(t.played for t in mine), sum(t.solved for t in mine),
                                    total / counted if counted else None, pid, max((r[2] for r in runs), default=0),
                                    max((r[2] for r in runs if today - r[1] <= 1), default=0)))  # fmt: skip
    return sorted(table, key=lambda s: (s.mean is None, s.mean or 0, -s.played, s.player))


@settings(max_examples=200)
@given(st.lists(st.lists(st.tuples(st.integers(1, 6), st.integers(0, 2), st.booleans(), st.integers(1, 6)), max_size=8),
                min_size=1, max_size=3))  # fmt: skip
def test_standings_over_months_are_each_players_own_sums_and_runs_added_up_by_hand(months):
    end = dt.date(2026, 3, 31)
    parts = []
    for m, plays in enumerate(months):
        base = (dt.date(2026, 1 + m, 1) - stats.EPOCH).days
        mine = {}
        for pid, day, solved, score in plays:
            mine.setdefault(pid, {})[day] = (solved, score)
        tallies = tuple(stats.Tally(pid, len(d), sum(s for s, _ in d.values()), float(sum(v for _, v in d.values())), len(d))
                        for pid, d in sorted(mine.items()))  # fmt: skip
        runs = tuple((pid, base + day, base + day, 1) for pid, d in mine.items() for day, (s, _) in d.items() if s)
        parts.append(stats.Sums(tallies, runs, ((3.0, True, len(plays)),)))
    names = {pid: "same" if pid % 2 else f"p{pid}" for pid in range(1, 7)}
    assert stats.leaderboard_from(WORDLE, parts, names, end)[0] == _standings_by_hand(WORDLE, parts, names, end)


@given(st.lists(st.tuples(st.booleans(), st.one_of(st.none(), st.integers(1, 6))), max_size=20))
def test_places_of_results_best_first_are_one_more_than_how_many_did_better(results):
    from puzzlesecretary_web.pages import places_of

    ranked = sorted((stats.Entry("x", i, solved, score, False, False, False, 1, {}) for i, (solved, score) in enumerate(results)),
                    key=WORDLE.sort_key)  # fmt: skip
    assert places_of(WORDLE, ranked) == [1 + sum(WORDLE.sort_key(o) < WORDLE.sort_key(e) for o in ranked) for e in ranked]
