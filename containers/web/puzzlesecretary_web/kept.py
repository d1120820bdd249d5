"""What the page functions keep across apps, in one table, and forgetting it all (as a restart does).

Each store is bounded and keyed by the fingerprint of what it shows (pieces.py), so nothing here
is ever served stale; forgetting is for measuring a freshly started process (bench/pages.py `cold`)
and for tests that compare a page rendered from kept pieces with one rendered from scratch.
"""

from __future__ import annotations

from puzzlesecretary.stats.queries import forget_details, forget_games

from . import charts, links, pages, player_html, player_page, puzzle_html, section_html, sections, templates, versus_page

# One line per store kept across apps: a month's sums, a puzzle's long run, a game's board section,
# a player's page's pieces, a head-to-head's blocks; the escaped strings, the leaderboards' rows,
# the board's and the puzzles' rows, the members' links, the calendars' squares and the days of a player's tables.
KEPT = (pages.MONTHS, pages.LONG_RUNS, sections.SECTIONS, player_page.PIECES, versus_page.BLOCKS,
        templates._ESCAPED, pages._ROWS, section_html._ROWS, puzzle_html._ROWS, links._KEPT, charts._SQUARES,
        player_html._DAYS)  # fmt: skip


def forget_kept() -> None:
    """Forget every piece kept across apps, the games each group plays and the plays' decoded details."""
    for store in KEPT:
        store.clear()
    forget_games()
    forget_details()
