"""Recaps composed from constructed plays: who won, ties, the champion, streaks kept and broken,
who didn't play, the hardest puzzle, and the weekly and monthly tops; short and spoiler-free
however big the group."""

from __future__ import annotations

import datetime as dt
import re

from puzzlesecretary.games import GAMES
from puzzlesecretary.recap import facts
from puzzlesecretary.recap.read import period_of, still_open
from puzzlesecretary.recap.text import MAX_LINES, daily_text, names, pack, period_text
from puzzlesecretary.stats.leaderboard import Standing
from puzzlesecretary.stats.rows import Play

DAY = dt.date(2026, 11, 30)  # a Monday
NAMES = {1: "Ann", 2: "Bo", 3: "Cy", 4: "Di"}
URL = "http://127.0.0.1:5000/g/token"
GRID = {"grid": ["🟩⬛⬛🟨⬛", "🟩🟩🟩🟩🟩"], "answer": "CRANE", "theme": "Knot your average puzzle"}


def play(pid, game, day, score, solved=True, **kw) -> Play:
    return Play(pid, game, None, f"{game}:{day}", day, solved, score, details=dict(GRID), **kw)


def days_before(n: int) -> dt.date:
    return DAY - dt.timedelta(days=n)


def group_history() -> list[Play]:
    rows = []
    for n in range(1, 6):  # Ann and Bo play Wordle every day before; Cy stops two days before
        rows += [play(1, "wordle", days_before(n), 4), play(2, "wordle", days_before(n), 4)]
        if n >= 2:
            rows.append(play(3, "wordle", days_before(n), 5))
    rows += [play(4, "connections", days_before(3), 2)]  # Di played lately, not on the day
    rows += [
        play(1, "wordle", DAY, 3),
        play(2, "wordle", DAY, 3),
        play(3, "wordle", DAY, 6, solved=False),  # nobody failed before: the hardest Wordle lately
        play(1, "connections", DAY, 1),
        play(2, "connections", DAY, 0),
        play(3, "connections", DAY, 2),
    ]
    return rows


def test_a_daily_recap_names_winners_ties_the_champion_streaks_absentees_and_the_hardest_puzzle():
    made = facts.daily(group_history(), DAY, NAMES)
    assert [(w.game, w.names, w.score) for w in made.winners] == [
        ("wordle", ("Ann", "Bo"), "3/6"),
        ("connections", ("Bo",), "0 mistakes"),
    ]
    assert made.champions == ("Bo",)  # half of Wordle and all of Connections
    assert [(s.player, s.game, s.length) for s in made.kept] == [("Ann", "wordle", 6), ("Bo", "wordle", 6)]
    assert made.absent == ("Di",)
    assert (made.hardest.game, made.hardest.solved, made.hardest.played) == ("wordle", 2, 3)
    text = daily_text(made, "Pals", URL)
    assert text.splitlines()[0] == "Puzzle recap for Monday 30 November 2026, Pals"
    assert "Wordle Ann and Bo tie on 3/6 · Connections Bo 0 mistakes" in text
    assert "Champion of the day: Bo, 1.75 points from 2 games" in text
    assert "Streaks kept: Ann 6 days of Wordle, Bo 6 days of Wordle" in text
    assert "Didn't play: Di" in text
    assert "Hardest puzzle: Wordle, solved by 2 of 3" in text
    assert text.rstrip().endswith(f"Board: {URL}")


def test_a_streak_breaks_when_a_regular_misses_a_day_the_group_played():
    rows = [p for p in group_history() if not (p.player_id == 2 and p.date == DAY)]
    made = facts.daily(rows, DAY, NAMES)
    assert [(s.player, s.game, s.length) for s in made.broken] == [("Bo", "wordle", 5)]
    assert "Streaks broken: Bo 5 days of Wordle" in daily_text(made, "Pals", URL)


def test_archive_plays_and_late_posts_win_nothing_and_archive_plays_fill_no_streak():
    rows = [play(1, "wordle", DAY, 2, archive=True), play(2, "wordle", DAY, 4), play(3, "wordle", DAY, 1, late=True)]
    rows += [play(1, "wordle", days_before(1), 4)]
    made = facts.daily(rows, DAY, NAMES)
    assert [w.names for w in made.winners] == [("Bo",)]
    assert made.kept == ()


def test_a_day_nobody_played_has_no_recap():
    assert facts.daily(group_history(), DAY + dt.timedelta(days=1), NAMES) is None


def test_a_recap_gives_nothing_of_the_puzzles_away():
    text = daily_text(facts.daily(group_history(), DAY, NAMES), "Pals", URL)
    for secret in ("🟩", "⬛", "🟨", "CRANE", "crane", "Knot", "average"):
        assert secret not in text
    assert re.fullmatch(r"[\x20-\x7e\n·]*", text), "nothing but plain text and the separator"


def test_a_game_still_open_in_the_groups_zone_is_left_out_and_said_so():
    rows = group_history() + [play(1, "queens", DAY, 30), play(2, "queens", DAY, 20)]
    # 07:30 on 1 December in Paris is 22:30 on 30 November in Los Angeles: Queens of the 30th is still on.
    now = dt.datetime(2026, 12, 1, 6, 30, tzinfo=dt.timezone.utc)
    open_now = still_open({"wordle", "connections", "queens"}, "Europe/Paris", DAY, now)
    assert open_now == {"queens"}
    made = facts.daily(rows, DAY, NAMES, open_now)
    assert "queens" not in [w.game for w in made.winners]
    assert "Still open, so not in this recap: Queens" in daily_text(made, "Pals", URL)


def test_a_huge_group_gets_a_recap_of_at_most_twelve_lines():
    slugs = list(GAMES)[:40]
    people = {pid: f"Player{pid:03d}" for pid in range(1, 201)}
    rows = []
    for n in range(0, 20):
        for pid in people:
            for slug in slugs[: 1 + pid % 40]:
                if (pid + n) % 7:  # everyone misses a day now and then: streaks kept and broken
                    rows.append(play(pid, slug, days_before(n), float(1 + (pid * n) % 5)))
    daily = daily_text(facts.daily(rows, DAY, people), "Big", URL)
    assert len(daily.splitlines()) <= MAX_LINES
    assert "more games on the board" in daily and "+" in daily.split("Didn't play:")[1]
    start, end = period_of("month", DAY)
    standings = {s: [Standing(people[pid], 10, 10, 3.0, pid) for pid in list(people)[:5]] for s in slugs}
    monthly = period_text(facts.period(rows, start, end, people, standings, True), "month", "Big", URL)
    assert len(monthly.splitlines()) <= MAX_LINES
    assert all(len(line) <= 200 for line in daily.splitlines() + monthly.splitlines())


def test_a_weekly_recap_has_the_champion_each_games_regular_leader_the_longest_streaks_and_the_most_improved():
    start, end = period_of("week", DAY)
    week_before = [start - dt.timedelta(days=n) for n in range(1, 8)]
    week = [start + dt.timedelta(days=n) for n in range(7)]
    rows = []
    for d in week_before:
        rows += [play(1, "wordle", d, 3), play(2, "wordle", d, 5)]
    for d in week:
        rows += [play(1, "wordle", d, 4), play(2, "wordle", d, 3)]
    rows.append(play(3, "wordle", week[0], 1))  # one lucky play does not lead the week
    standings = {"wordle": [Standing("Cy", 1, 1, 1.0, 3), Standing("Bo", 7, 7, 3.0, 2), Standing("Ann", 7, 7, 4.0, 1)]}
    made = facts.period(rows, start, end, NAMES, standings, complete=True)
    assert made.champions == ("Bo",) and made.days_won == 6  # Cy's lucky day won the first
    assert [(t.game, t.player, t.mean) for t in made.tops] == [("wordle", "Bo", "3.00")]
    assert made.longest[0].length == 7
    assert made.improved.player == "Bo" and made.improved.before == 0.0 and made.improved.after > 0.9
    text = period_text(made, "week", "Pals", URL)
    assert text.splitlines()[0] == "Weekly recap for 30 November to 6 December 2026, Pals"
    assert "Champion of the week: Bo, won 6 of 7 days" in text
    assert "Leaders (mean): Wordle Bo 3.00" in text
    assert "Most improved: Bo, beating" in text and "(0% the week before)" in text
    assert "3 players, 15 plays of 1 game" in text


def test_a_period_not_over_says_so_up_to_its_last_day():
    start, _ = period_of("month", DAY)
    made = facts.period(group_history(), start, DAY, NAMES, {}, complete=False)
    assert "Monthly recap for November 2026, Pals (so far, to 30 November)" in period_text(made, "month", "Pals", URL)


def test_weeks_run_monday_to_sunday_and_months_cross_the_year():
    assert period_of("week", dt.date(2026, 12, 3)) == (dt.date(2026, 11, 30), dt.date(2026, 12, 6))
    assert period_of("month", dt.date(2026, 12, 31)) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert period_of("month", dt.date(2024, 2, 10)) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def test_long_lists_are_cut_with_a_count():
    assert names(["A", "B", "C", "D", "E", "F"]) == "A, B, C, D +2 more"
    assert names(["A", "B"]) == "A and B"
    packed = pack([f"Game{n} Winner{n} 3/6" for n in range(100)], "games", lines=2, width=60)
    assert len(packed) == 2 and packed[-1].endswith("more games on the board")
