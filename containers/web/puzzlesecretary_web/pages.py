"""What each page shows: read the group's numbers from puzzlesecretary.stats, shape them for a template.

Each page function takes the database, the group (a `GroupRow`), the group's today and the URL's parts, and
returns (template name, context). A part that names nothing raises NotFound, which the app turns
into the one 404 page every unknown URL gets.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import peewee

from puzzlesecretary import stats
from puzzlesecretary.clock import from_ms
from puzzlesecretary.games import GAMES, Game, format_score, game_order

from . import charts, deflate, month_sums, puzzle_html, puzzle_plays, sections
from .bidi import isolate, name_list
from .cache import Memo
from .links import member_links
from .templates import escape


class NotFound(Exception):
    """A URL part names no group, game, player, period or puzzle of this group."""


@dataclass(frozen=True)
class GroupRow:
    id: int
    token: str
    name: str
    timezone: str
    revision: int
    members: int = 0
    shape: int = 0  # store/group_shape.py: what the members' names and the games are kept under


_ID = re.compile(r"[1-9][0-9]{0,15}")
_KEY = re.compile(r"[0-9]{1,9}|[0-9]{4}-[0-9]{2}-[0-9]{2}")


def player_id(text: str, names: dict[int, str]) -> int:
    """A player id from the URL that must name a member of this group."""
    if not _ID.fullmatch(text) or int(text) not in names:
        raise NotFound(text)
    return int(text)


def game_of(slug: str) -> Game:
    game = GAMES.get(slug)
    if game is None:
        raise NotFound(slug)
    return game


# ---------------------------------------------------------------------------------------------
# Formatting helpers the templates use
# ---------------------------------------------------------------------------------------------


def score_text(slug: str, score: float | None, solved: bool) -> str:
    return format_score(slug, score, solved)


def mean_text(game: Game, mean: float | None) -> str:
    return game.format_mean(mean)


def percent(value: float) -> str:
    return f"{value:.0%}"


def puzzle_title(game: Game, puzzle: int | None, key: str) -> str:
    if puzzle is not None:
        return f"{game.name} {puzzle:,}"
    return f"{game.name} {key}"


def day_text(day: dt.date | None) -> str:
    return f"{day:%a %-d %b %Y}" if day else ""


def time_text(ms: int, timezone: str) -> str:
    return f"{from_ms(ms).astimezone(ZoneInfo(timezone)):%a %-d %b %H:%M}"


def places_of(game: Game, ranked: list) -> list[int]:
    """Places of results already sorted best first; equal results share a place (1, 1, 3)."""
    places: list[int] = []
    before = None
    for i, entry in enumerate(ranked):
        key = game.sort_key(entry)  # each entry's key made once, compared with the one before it
        places.append(places[-1] if i > 0 and key == before else i + 1)
        before = key
    return places


def first_game(db: peewee.Database, group_id: int) -> str:
    """The game the "Leaderboards" link opens: the group's first in the registry's order."""
    played = stats.games_played(db, group_id)
    return played[0] if played else next(iter(GAMES))


# Pages ---------------------------------------------------------------------------------------

def board(db: peewee.Database, group: GroupRow, today: dt.date) -> tuple[str, dict]:
    """Today in the group's time zone: per game the puzzle, results ranked, grids behind a tap, who has not played."""
    names = stats.member_names(db, group.id)
    shown, points = sections.board_sections(db, group, today, names, _section)
    leaders = stats.day_leaders(points, names, top=3)
    return "board", {
        "title": group.name,
        "today": today,
        "leaders_html": leaders_html(group.token, leaders),
        "sections": shown,
        "members": names,
        "players": member_links("players", group.token, None, tuple(names.items())),
        "leaders": leaders,
    }


def leaders_html(token: str, leaders: list[stats.Champion]) -> str:
    """The board's "Leading today" card (what board.tpl printed), kept with its deflate: the page's head before it is
    the same on every view of the day, and a share that moves nobody's points leaves it as it was."""
    if not leaders:
        return ""
    t = escape(token)
    lines = "\n".join(f'    <li><a dir="auto" href="/g/{t}/p/{escape(c.player_id)}">{escape(c.player)}</a> '
                      f'<span class="num">{escape("%.2f" % c.points)} points</span></li>' for c in leaders)  # fmt: skip
    return deflate.kept('<section class="card" aria-labelledby="champ">\n  <h2 id="champ">Leading today across games</h2>\n'
                        f'  <ol class="leaders">\n{lines}\n  </ol>\n'
                        f'  <p class="note"><a href="/g/{t}/champion/week">How the champion is chosen, and this week\'s</a></p>\n'
                        "</section>")  # fmt: skip


def _section(game: Game, entries: list, names: dict[int, str]) -> dict | None:
    """What one game's section of the board shows (sections.board_sections renders and keeps it)."""
    if not entries:
        return None
    first = entries[0]
    posted = {e.player_id for e in entries}
    places = places_of(game, [e for e in entries if e.ranked])
    return {
        "game": game,
        "title": puzzle_title(game, first.puzzle, first.puzzle_key),
        "puzzle_key": first.puzzle_key,
        "rows": [(places[i] if e.ranked else None, e) for i, e in enumerate(entries)],
        "waiting": [(pid, name) for pid, name in names.items() if pid not in posted],
    }


def leaderboard(db: peewee.Database, group: GroupRow, today: dt.date, slug: str, period: str = "month") -> tuple[str, dict]:
    """One game over a period: played, solve rate, mean with its rule, streaks, and the spread of scores."""
    game = game_of(slug)
    if period not in stats.PERIODS:
        raise NotFound(period)
    start, end = stats.period_range(period, today)
    table, bins = leaderboard_table(db, group, slug, start, end)
    chart = charts.bar_chart(
        f"hist-{slug}",
        f"{game.name}: how the group's scores spread ({stats.PERIODS[period].lower()})",
        ", ".join(f"{b.label}: {b.count}" for b in bins) or "no results",
        [(b.label, b.count, "fail" if b.failed else "s1") for b in bins],
    )
    return "leaderboard", {
        "title": f"{game.name} leaderboard",
        "game": game,
        "period": period,
        "periods": stats.PERIODS,
        "start": start,
        "end": end,
        "table": table,
        # Kept with its deflate: the page's head before it is the same on every view, and is deflated once (deflate.py).
        "rows": deflate.kept(standing_rows(group.token, game, table)),
        "bins": bins,
        "chart": chart,
        "rule": game.rule_text(),
        # Tabs for the games this group plays (there are dozens registered), and this one.
        "games": [GAMES[s] for s in sorted(set(stats.games_played(db, group.id)) | {slug}, key=game_order)],
    }


_ROWS: dict[tuple, str] = {}  # the leaderboards' rows, each made once: after a share most rows are as they were
ROWS_KEPT = 1024  # about 600 bytes each with its key


def standing_rows(token: str, game: Game, table: list[stats.Standing]) -> str:
    """The leaderboard's table rows as HTML, one line each (what leaderboard.tpl printed row by row)."""
    return "\n".join(_standing_lines(token, game, table))


def _standing_lines(token: str, game: Game, table: list[stats.Standing]) -> list[str]:
    out = []
    for i, s in enumerate(table, start=1):
        key = (token, game.slug, i, s)
        row = _ROWS.get(key)
        if row is None:
            row = (f'    <tr><td>{i}</td><th scope="row"><a dir="auto" href="/g/{escape(token)}/p/{s.player_id}">'
                   f'{escape(s.player)}</a></th><td class="num">{s.played}</td><td class="num">{escape(percent(s.solve_rate))}'
                   f'</td><td class="num">{escape(mean_text(game, s.mean))}</td><td class="num">{s.best_streak}</td>'
                   f'<td class="num">{s.current_streak}</td></tr>')  # fmt: skip
            if len(_ROWS) >= ROWS_KEPT:
                _ROWS.clear()
            _ROWS[key] = row
        out.append(row)
    return out


# Finished months rarely change: each month's champion table is kept under the month's fingerprint
# (stats.fingerprint), so after a new score only its own month is ranked again (the same store as the games' sums).
MONTHS = month_sums.MONTHS


def champion_table(db: peewee.Database, group: GroupRow, start: dt.date | None, end: dt.date) -> list[stats.Champion]:
    """The champion table over [start, end], summed from one table per calendar month."""
    first = stats.first_day(db, group.id)
    if first is None:
        return []
    start = max(start, first) if start else first
    # The database's name keeps tests (and a restarted app on another file) apart.
    where = db.database
    tables = []
    for m_start, m_end in stats.months(start, end):
        key = ("champion", where, group.id, m_start, m_end, stats.fingerprint(db, group.id, m_start, m_end))
        tables.append(MONTHS.get(key, lambda a=m_start, b=m_end: stats.champions_data(db, group.id, a, b)))
    return stats.merge_champions(tables, stats.member_names(db, group.id))


SHORT_PERIOD_DAYS = 31  # a week or a month: at most two calendar months' sums


def leaderboard_table(db: peewee.Database, group: GroupRow, slug: str, start: dt.date | None, end: dt.date):
    """A game's standings and spread over [start, end], added up from one set of sums per month."""
    # A week or a month is summed from its start: the days before the group's first score add nothing, so its first day
    # (one statement, read again after every share) is asked only for a longer period, which it may shorten by months.
    if start is None or (end - start).days > SHORT_PERIOD_DAYS:
        first = stats.first_day(db, group.id)
        if first is None:
            return [], []
        start = max(start, first) if start else first
    parts = [month_sums.month_sums(db, group.id, slug, a, b) for a, b in stats.months(start, end)]
    return stats.leaderboard_from(GAMES[slug], parts, stats.member_names(db, group.id), end)


def champion(db: peewee.Database, group: GroupRow, today: dt.date, period: str) -> tuple[str, dict]:
    """The combined daily champion across games on a fair scale, with its rule."""
    if period not in stats.PERIODS:
        raise NotFound(period)
    start, end = stats.period_range(period, today)
    names = stats.member_names(db, group.id)
    table = champion_table(db, group, start, end)
    # The latest week's winners, from its plays: a week is small, whatever the period.
    week_start = end - dt.timedelta(days=6)
    days = stats.day_scores(stats.plays(db, group.id, start=max(start, week_start) if start else week_start, end=end))
    recent = []
    for day in sorted(days, reverse=True)[:7]:
        scores = days[day]
        top = max(scores.values())
        recent.append((day, [names.get(pid, "?") for pid, pts in scores.items() if pts == top], top))
    return "champion", {
        "title": "Daily champion",
        "period": period,
        "periods": stats.PERIODS,
        "start": start,
        "table": table,
        "recent": recent,
        "rule": stats.CHAMPION_RULE,
    }


DIFFICULTY_WINDOW = 90
LONG_RUN_DAYS = DIFFICULTY_WINDOW  # the usual is the mean of the same 90 days


def puzzle(db: peewee.Database, group: GroupRow, today: dt.date, slug: str, key: str) -> tuple[str, dict]:
    """Every result of the group on one puzzle, with grids, and how hard it was against the group's usual."""
    game = game_of(slug)
    if not _KEY.fullmatch(key):
        raise NotFound(key)
    key = str(int(key)) if key.isdigit() else key
    # The puzzle's own day lets the (group, game, date) index find its rows.
    try:
        on = game.date_of(int(key)) if key.isdigit() else dt.date.fromisoformat(key)
    except (ValueError, OverflowError):
        raise NotFound(key) from None
    rows = puzzle_plays.puzzle_plays(db, group.id, slug, key, on) if on else []
    if not rows and on is None:
        rows = stats.plays(db, group.id, game=slug, puzzle_key=key, with_details=True)
    if not rows:
        raise NotFound(key)
    names = stats.member_names(db, group.id)
    ranked = sorted((p for p in rows if p.ranked), key=lambda p: (game.sort_key(p), names.get(p.player_id, "")))
    unranked = sorted((p for p in rows if not p.ranked), key=lambda p: names.get(p.player_id, ""))
    day = rows[0].date
    this = None
    history: list[stats.PuzzleMean] = []
    if day is not None:
        history = puzzle_history(db, group, slug, day)
        this = next((h for h in history if h.puzzle_key == key), None)
    verdict = stats.difficulty(game, this, history, DIFFICULTY_WINDOW)
    placed = list(zip(places_of(game, ranked), ranked, strict=True))
    return "puzzle", {
        "title": puzzle_title(game, rows[0].puzzle, key),
        "game": game,
        "day": day,
        "ranked": placed,
        "unranked": unranked,
        "ranked_rows": puzzle_html.ranked_rows(placed, names, group.token, slug),
        "unranked_rows": puzzle_html.unranked_rows(unranked, names, group.token, slug),
        "names": names,
        "difficulty": verdict,
        "long_run_days": LONG_RUN_DAYS,
    }


# The days before a puzzle's change only with a late share: their sums are kept under their fingerprint.
LONG_RUNS = Memo(128)  # about 12 KB each: today's puzzle of each game of a few busy groups


def puzzle_history(db: peewee.Database, group: GroupRow, slug: str, day: dt.date) -> list[stats.PuzzleMean]:
    """The game's puzzle means over the LONG_RUN_DAYS before `day` and `day` itself (stats.puzzle_means), the days
    before read again only when their fingerprint moved."""
    start, before = day - dt.timedelta(days=LONG_RUN_DAYS), day - dt.timedelta(days=1)
    key = ("long run", db.database, group.id, slug, day, stats.fingerprint(db, group.id, start, before, game=slug))
    # Kept as their means: the day's puzzles are merged in by key, not summed with them again (means_with).
    earlier = LONG_RUNS.get(key, lambda: stats.queries.means_of(stats.queries.puzzle_totals(db, group.id, slug, start, before)))
    today = stats.queries.puzzle_totals(db, group.id, slug, day, day)
    merged = stats.queries.means_with(earlier, today)
    if merged is None:  # a puzzle of the day also played on an earlier day: summed with those days
        return stats.queries.means_of(stats.queries.puzzle_totals(db, group.id, slug, start, before), today)
    return merged


def not_counted(db: peewee.Database, group: GroupRow, today: dt.date) -> tuple[str, dict]:
    """Messages that looked like a share but were rejected, and reposts, each with its reason."""
    return "not_counted", {
        "title": "Not counted",
        "items": stats.not_counted(db, group.id),
        "timezone": group.timezone,
        # Shares of games the table does not read yet, this week: what to add next.
        "unread": stats.unread_games(db, group.id, stats.week_start_ms(today, group.timezone)),
    }


HELPERS = {
    "score_text": score_text,
    "mean_text": mean_text,
    "percent": percent,
    "puzzle_title": puzzle_title,
    "day_text": day_text,
    "time_text": time_text,
    "GAMES": GAMES,
    "isolate": isolate,
    "name_list": name_list,
}
