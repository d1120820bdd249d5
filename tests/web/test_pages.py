"""Every page, through the WSGI app, on the cast of conftest.py seeded through the ingest path."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from web.cast import HOSTILE_GROUP, IMG, NOW, SCRIPT

from puzzlesecretary.games import GAMES


def order(text: str, *needles: str) -> list[int]:
    """Where each needle first appears; fails when one is missing."""
    found = []
    for needle in needles:
        assert needle in text, f"{needle!r} is not on the page"
        found.append(text.index(needle))
    return found


def section(text: str, start: str, end: str) -> str:
    """The part of a page between two markers."""
    return text[text.index(start) : text.index(end, text.index(start))]


def test_the_board_ranks_todays_wordle_and_names_who_has_not_played(seeded):
    page = seeded.page()
    assert page.status == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    wordle = section(page.text, 'id="g-wordle"', "</section>")
    bob, alice, script = order(wordle, ">Bob<", ">Alice<", html.escape(SCRIPT))
    assert bob < alice < script
    assert "2/6" in wordle and "3/6" in wordle and "6/6" in wordle
    assert "hard mode" in wordle  # Bob's star
    waiting = re.search(r'<p class="waiting">Not played yet: (.*?)</p>', wordle).group(1)
    assert "Dana" in waiting and html.escape(IMG) in waiting
    assert "Alice" not in waiting and "Bob" not in waiting
    assert "Zoe" not in page.text  # another group's player


def test_the_board_shows_the_day_in_the_groups_time_zone(seeded):
    page = seeded.page()
    assert "Friday 27 November 2026 · Europe/London" in page.text
    assert "Wordle 1,987" in page.text and "Connections 1,265" in page.text


def test_the_board_hides_each_grid_behind_a_tap(seeded):
    page = seeded.page()
    wordle = section(page.text, 'id="g-wordle"', "</section>")
    grids = re.findall(r"<details class=\"grid\"><summary>(.*?)</summary><pre[^>]*>(.*?)</pre></details>", wordle, re.S)
    assert len(grids) == 3
    assert all("open" not in tag for tag in re.findall(r"<details[^>]*>", wordle))
    assert any(grid.count("🟩🟩🟩🟩🟩") == 1 and grid.count("\n") == 1 for _, grid in grids)  # Bob's 2/6


def test_the_board_names_todays_leader_across_games(seeded):
    page = seeded.page()
    leaders = section(page.text, 'id="champ"', "</section>")
    # Wordle: Bob 1, Alice 0.5, SCRIPT 0; Connections: Alice 1, IMG 0.
    assert re.search(r">Alice</a> <span class=\"num\">1.50 points", leaders)
    assert re.search(r">Bob</a> <span class=\"num\">1.00 points", leaders)


def test_a_board_with_no_results_today_says_so(seeded):
    page = seeded.at(NOW + dt.timedelta(days=3)).get(f"/g/{seeded.token}")
    assert page.status == 200
    assert "Nobody has posted a score today yet." in page.text
    assert "Monday 30 November 2026" in page.text
    assert "Dana" in page.text


@pytest.mark.parametrize(
    "period, alice, bob, bob_played",
    [
        ("week", "3.40", "3.60", 5),  # Mon 23 to Fri 27 November
        ("month", "3.38", "4.12", 8),  # Bob's X counts 7
        ("year", "3.38", "4.22", 9),  # plus Bob's archive play of 2 October
        ("all", "3.38", "4.22", 9),
    ],
)
def test_the_wordle_leaderboard_counts_each_period_with_failures_as_seven(seeded, period, alice, bob, bob_played):
    page = seeded.page(f"/leaderboard/wordle/{period}")
    assert page.status == 200
    rows = re.findall(r'<tr><td>(\d+)</td><th scope="row"><a [^>]*>(.*?)</a></th>((?:<td class="num">.*?</td>)+)</tr>', page.text)
    table = {name: re.findall(r'<td class="num">(.*?)</td>', cells) for _, name, cells in rows}
    assert table["Alice"][2] == alice
    assert table["Bob"][2] == bob
    assert table["Bob"][0] == str(bob_played)
    assert [name for _, name, _ in rows][0] == "Alice"
    assert "a failure counts as one more than the worst solved score (7 guesses)" in page.text
    assert "Missed days are not counted in the mean" in page.text


def test_the_leaderboard_shows_streaks_and_solve_rate(seeded):
    page = seeded.page("/leaderboard/wordle/month")
    rows = dict(re.findall(r'<th scope="row"><a [^>]*>(.*?)</a></th>((?:<td class="num">.*?</td>)+)', page.text))
    played, solved, mean, best, now = re.findall(r'<td class="num">(.*?)</td>', rows["Bob"])
    assert (played, solved, best, now) == ("8", "88%", "5", "5")
    played, solved, mean, best, now = re.findall(r'<td class="num">(.*?)</td>', rows["Alice"])
    assert (played, solved, best, now) == ("8", "100%", "8", "8")


def test_the_leaderboard_draws_the_spread_of_scores_with_a_table_beside_it(seeded):
    page = seeded.page("/leaderboard/wordle/month")
    svg = re.search(r"<svg[^>]*>.*?</svg>", page.text, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count('class="bar s1"') == 6 and svg.count('class="bar fail"') == 1
    data = section(page.text, '<details class="data">', "</details>")
    # Alice 3 x5, 4 x3; Bob 4 x6, 2, X; SCRIPT 5, 5, 6 and the late 4.
    counts = re.findall(r'<tr><td>(.*?)</td><td class="num">(\d+)</td></tr>', data)
    assert counts == [("1", "0"), ("2", "1"), ("3", "5"), ("4", "10"), ("5", "2"), ("6", "1"), ("failed", "1")]


def test_the_leaderboard_defaults_to_this_month(seeded):
    assert seeded.page("/leaderboard/wordle").text.count('aria-current="page"') == 2
    assert "This month: since Sun 1 Nov 2026" in seeded.page("/leaderboard/wordle").text


@pytest.mark.parametrize("slug", sorted(GAMES))
def test_every_registered_game_has_a_leaderboard_even_without_results(seeded, slug):
    page = seeded.page(f"/leaderboard/{slug}/week")
    assert page.status == 200
    assert GAMES[slug].name in html.unescape(page.text)


def test_the_champion_page_explains_its_rule_and_counts_days_won(seeded):
    page = seeded.page("/champion/week")
    assert page.status == 200
    assert "the share of the other players they beat" in page.text
    assert "a game not played scores 0" in page.text
    rows = dict(re.findall(r'<th scope="row"><a [^>]*>(.*?)</a></th>((?:<td class="num">.*?</td>)+)', page.text))
    alice_won = re.findall(r'<td class="num">(.*?)</td>', rows["Alice"])[0]
    bob_won = re.findall(r'<td class="num">(.*?)</td>', rows["Bob"])[0]
    # Week 23-27: Alice wins 23 (tie with Bob at 4: half each, both top), 24, 25, 26, 27; Bob ties 23 and 25.
    assert int(alice_won) >= 4 and int(alice_won) > int(bob_won)


def test_head_to_head_counts_wins_losses_and_ties_on_shared_puzzles(seeded):
    page = seeded.page(f"/vs/{seeded.ids['Alice']}/{seeded.ids['Bob']}")
    assert page.status == 200
    wordle = section(page.text, 'id="vs-h-wordle"', "</section>")
    assert '<span class="big">4–1–3</span>' in wordle
    assert "on 8 shared puzzles" in wordle
    assert "<svg" in wordle and "<polyline" in wordle
    assert 'id="vs-h-connections"' not in page.text  # Bob never posted a Connections grid
    reverse = seeded.page(f"/vs/{seeded.ids['Bob']}/{seeded.ids['Alice']}")
    assert '<span class="big">1–4–3</span>' in reverse.text


def test_head_to_head_without_shared_puzzles_says_so(seeded):
    page = seeded.page(f"/vs/{seeded.ids['Bob']}/{seeded.ids['Dana']}")
    assert page.status == 200
    assert "have not posted the same puzzle yet" in page.text


def test_the_player_page_shows_rolling_means_bests_and_a_streak_calendar(seeded):
    page = seeded.page(f"/p/{seeded.ids['Bob']}")
    assert page.status == 200
    wordle = section(page.text, 'id="p-wordle"', "</section>")
    facts = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", wordle))
    assert facts["Played"] == "9" and facts["Best"] == "2/6"
    assert facts["Longest streak"] == "5" and facts["Current streak"] == "5"
    # Two runs per line: the weeks after the archive play of 2 October, and 20-27 November.
    assert wordle.count('<polyline class="line s1"') == 2 and wordle.count('<polyline class="line s2"') == 2
    assert "7-day mean now" in wordle
    calendar = section(page.text, 'id="cal-h"', "</section>")
    assert calendar.count('class="day ') == 16 * 7 - 2  # 16 weeks up to Friday
    assert "Fri 27 Nov: 1 solved of 1 played" in calendar
    assert "Tue 24 Nov" in calendar


def test_the_player_page_marks_archive_plays_and_late_posts(seeded):
    bob = seeded.page(f"/p/{seeded.ids['Bob']}").text
    assert re.search(r"Wordle 1,931</a> 5/6\s*<span class=\"tag warn\">archive play</span>", bob)
    script = seeded.page(f"/p/{seeded.ids[SCRIPT]}").text
    assert re.search(r"Wordle 1,984</a> 4/6\s*<span class=\"tag warn\">late post</span>", script)


def test_the_puzzle_page_lists_every_result_with_grids_and_how_hard_it_was(seeded):
    page = seeded.page("/puzzle/wordle/1982")
    assert page.status == 200
    assert "The hardest Wordle for the group in 90 days." in page.text
    assert "<strong>5.00</strong>" in page.text  # (3 + 7) / 2
    assert page.text.count('<pre class="grid"') == 2


def test_the_puzzle_page_keeps_late_posts_out_of_the_ranking(seeded):
    page = seeded.page("/puzzle/wordle/1984")
    ranked = section(page.text, '<ol class="results">', "</ol>")
    assert ">Alice<" in ranked and ">Bob<" in ranked and html.escape(SCRIPT) not in ranked
    unranked = section(page.text, "<h3>Not ranked</h3>", "</ul>")
    assert html.escape(SCRIPT) in unranked and "late post" in unranked
    assert "<strong>3.50</strong>" in page.text  # the late 4/6 is not in the group's mean


def test_an_archive_play_is_listed_but_not_ranked(seeded):
    page = seeded.page("/puzzle/wordle/1931")
    assert page.status == 200
    assert "No ranked results" in page.text
    assert "archive play" in section(page.text, "<h3>Not ranked</h3>", "</ul>")


def test_puzzle_numbers_may_carry_leading_zeros(seeded):
    assert seeded.page("/puzzle/wordle/01982").status == 200


def test_the_not_counted_page_gives_each_reason(seeded):
    page = seeded.page("/not-counted")
    assert page.status == 200
    assert "A Connections header with no grid does not count" in page.text
    assert "Wordle #2400 is dated 2028-01-14, after the message was sent" in page.text
    assert "A repost: the first post of a puzzle is the one that counts" in page.text
    assert html.escape("<b>from the future</b>") in page.text
    assert "<b>from the future</b>" not in page.text


@pytest.mark.parametrize(
    "rest",
    [
        "",
        "/leaderboard/wordle/week",
        "/champion/all",
        "/vs/{Alice}/{script}",
        "/p/{script}",
        "/puzzle/wordle/1987",
        "/not-counted",
    ],
)
def test_hostile_names_show_as_the_characters_they_are(seeded, rest):
    rest = rest.format(Alice=seeded.ids["Alice"], script=seeded.ids[SCRIPT])
    page = seeded.page(rest)
    assert page.status == 200
    for bad in (SCRIPT, IMG, "<b>Testers</b>"):
        assert bad not in page.text
    assert html.escape(SCRIPT) in page.text
    assert "<script" not in page.text.lower() and "<img" not in page.text.lower()
    assert html.escape(HOSTILE_GROUP) in page.text


def test_equal_results_share_a_place(seeded):
    page = seeded.page("/puzzle/wordle/1981")  # Alice 4/6 and Bob 4/6
    places = re.findall(r'<span class="rank">(\d+)</span>', page.text)
    assert places == ["1", "1"]
    tied_day = seeded.at(NOW - dt.timedelta(days=4)).get(f"/g/{seeded.token}")  # 23 Nov: both 4/6
    assert re.findall(r'<span class="rank" aria-label="place (\d+)">', tied_day.text) == ["1", "1"]
