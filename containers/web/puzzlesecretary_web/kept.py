"""What the page functions keep across apps, in one table, and forgetting it all (as a restart does).

Each store is bounded and keyed by the fingerprint of what it shows (pieces.py), so nothing here
is ever served stale; forgetting is for measuring a freshly started process (bench/pages.py `cold`)
and for tests that compare a page rendered from kept pieces with one rendered from scratch.
"""

from __future__ import annotations

from puzzlesecretary.stats.leaderboard import STANDINGS
from puzzlesecretary.stats.queries import forget_details, forget_games

from . import (
    charts,
    deflate,
    links,
    month_sums,
    pages,
    player_calendar,
    player_html,
    player_page,
    puzzle_html,
    puzzle_plays,
    section_html,
    sections,
    templates,
    versus_page,
)

# One line per store kept across apps: a month's sums (and each game's latest), a puzzle's long run, a game's board
# section (and each one's latest, and the members' digest), a player's page's pieces, a head-to-head's blocks; the
# escaped strings, the leaderboards' rows, the board's rows (by what they show and by their entry), the puzzles' rows, the
# members' links, the calendars' squares, the days of a player's tables and their latest results; the player calendars'
# weeks and their layouts, the player charts' days, the puzzles' plays; the deflate of the text between pieces and of the
# pieces made by their text (deflate.kept), and the standings.
KEPT = (pages.MONTHS, month_sums._LATEST, pages.LONG_RUNS, sections.SECTIONS, sections._LATEST, sections._DIGESTS,
        player_page.PIECES, versus_page.BLOCKS, templates._ESCAPED, pages._ROWS, section_html._ROWS, section_html._SHOWN,
        puzzle_html._ROWS, links._KEPT, charts._SQUARES, player_html._DAYS, player_html._RECENT, player_calendar._WEEKS,
        player_calendar._FRAMES, player_page._SPANS, puzzle_plays._LATEST, deflate._DEFLATED, deflate._KEPT,
        STANDINGS)  # fmt: skip


# How the web's memory for what it keeps (WEB_CACHE_MB) is shared out: the rendered pages (the app's page cache) and
# the pieces a page is made again from after a share. Each share was measured on many groups' pages (docs/performance.md,
# "Issue 16, round 5: the web's memory with every cache full"); the stores bounded by count above are small beside them.
PAGES_SHARE = 0.5
BUDGET = ((sections.SECTIONS, 0.25), (player_page.PIECES, 0.0625), (player_calendar._WEEKS, 0.0625), (versus_page.BLOCKS, 0.125))


def share_out(total: int) -> int:
    """Bound each store of BUDGET by its share of `total` bytes; the bytes left for the rendered pages."""
    for store, share in BUDGET:
        store.bound(int(total * share))
    return int(total * PAGES_SHARE)


def forget_kept() -> None:
    """Forget every piece kept across apps, the games each group plays and the plays' decoded details."""
    for store in KEPT:
        store.clear()
    forget_games()
    forget_details()
