"""The board as plain text, for the terminal: today's results and this month's leaderboards."""

from __future__ import annotations

import datetime as dt

import peewee

from .games import GAMES, format_score
from .stats import day_results, leaderboard, member_names
from .store import database


def render_board(group, day: dt.date, db: peewee.Database | None = None) -> str:
    """Today's results, ranked, and who has not played yet; `db` is the models' database unless given."""
    db = db or database()
    lines = [f"{group.name or group.platform_id} — {day:%A %-d %B %Y} ({group.timezone})", ""]
    results = day_results(db, group, day)
    everyone = list(member_names(db, group.id).values())
    if not results:
        lines.append("Nobody has posted a score today yet.")
    for slug, entries in results.items():
        game = GAMES.get(slug)
        puzzle = entries[0].puzzle
        title = f"{game.name if game else slug}" + (f" #{puzzle:,}" if puzzle is not None else "")
        lines.append(title)
        rank = 0
        for e in entries:
            # Archive plays and late posts are listed but take no place in the day's ranking.
            rank += int(e.ranked)
            place = f"{rank}." if e.ranked else "-."
            marks = "".join([" *hard*" if e.hard_mode else "", " (late)" if e.late else "", " (archive)" if e.archive else ""])
            lines.append(f"  {place} {e.player:<16} {format_score(slug, e.score, e.solved)}{marks}")
        waiting = [n for n in everyone if n not in {e.player for e in entries}]
        if waiting:
            lines.append(f"  not yet: {', '.join(waiting)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_leaderboards(group, day: dt.date, days: int = 30, db: peewee.Database | None = None) -> str:
    db = db or database()
    start = day - dt.timedelta(days=days - 1)
    lines = [f"Leaderboards, last {days} days ({start:%-d %b} to {day:%-d %b})", ""]
    for slug, game in GAMES.items():
        standings = leaderboard(db, group, slug, start, day)
        if not standings:
            continue
        lines.append(f"{game.name} (mean {game.unit}, {'lower' if game.lower_is_better else 'higher'} is better)")
        for rank, s in enumerate(standings, start=1):
            mean = f"{s.mean:.2f}" if s.mean is not None else "-"
            lines.append(f"  {rank}. {s.player:<16} mean {mean:>6}  played {s.played:>3}  solved {s.solve_rate:.0%}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
