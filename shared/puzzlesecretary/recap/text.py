"""A recap's text from its facts: pure, short (at most MAX_LINES however big the group), spoiler-free.

The facts hold names, game names, puzzle numbers, counts and scores as the games print them
in their own shares ("3/6", "1:05"); never a grid, a guess or an answer. Long lists are cut
with "+N more" so that a group of two hundred reads as short as a group of three.
"""

from __future__ import annotations

import datetime as dt

from ..games import GAMES
from .facts import Day, Period, Streak, Winner

MAX_LINES = 12
WIDTH = 110  # a line of winners or leaders wraps before this
PACKED_LINES = 4  # at most this many lines of winners or leaders
NAMES = 4  # names listed before "+N more"


def _game(slug: str) -> str:
    game = GAMES.get(slug)
    return game.name if game else slug


def _numbered(slug: str, puzzle: int | None) -> str:
    return _game(slug) + (f" #{puzzle:,}" if puzzle is not None else "")


def names(people: tuple[str, ...] | list[str], most: int = NAMES) -> str:
    """'Ann', 'Ann and Bo', 'Ann, Bo and Cy', 'Ann, Bo, Cy, Di +3 more'."""
    people = list(people)
    if len(people) > most:
        return ", ".join(people[:most]) + f" +{len(people) - most} more"
    if len(people) <= 1:
        return "".join(people)
    return ", ".join(people[:-1]) + " and " + people[-1]


def pack(items: list[str], what: str, lines: int = PACKED_LINES, width: int = WIDTH) -> list[str]:
    """Items joined with ' · ' into at most `lines` lines; what does not fit is counted at the end."""
    out: list[str] = []
    current = ""
    for n, item in enumerate(items):
        candidate = f"{current} · {item}" if current else item
        if len(candidate) <= width or not current:
            current = candidate
            continue
        out.append(current)
        if len(out) == lines:
            out[-1] += f" · +{len(items) - n} more {what} on the board"
            return out
        current = item
    if current:
        out.append(current)
    return out


def _winner(w: Winner) -> str:
    if len(w.names) == 1:
        return f"{_game(w.game)} {w.names[0]} {w.score}"
    return f"{_game(w.game)} {names(w.names, 3)} tie on {w.score}"


def _streaks(streaks: tuple[Streak, ...], most: int = 3) -> str:
    """'Bo 7 days of Connections and Strands, Cy 6 days of Wordle +4 more': one player's equal runs together."""
    groups: list[tuple[str, int, str, list[str]]] = []
    for s in streaks[:most]:
        unit = "weeks" if GAMES.get(s.game) and GAMES[s.game].step_days == 7 else "days"
        if groups and groups[-1][:3] == (s.player, s.length, unit):
            groups[-1][3].append(_game(s.game))
        else:
            groups.append((s.player, s.length, unit, [_game(s.game)]))
    text = ", ".join(f"{player} {length} {unit} of {names(games)}" for player, length, unit, games in groups)
    return text + (f" +{len(streaks) - most} more" if len(streaks) > most else "")


def daily_text(facts: Day, group: str, url: str) -> str:
    """The daily recap: winners, the day's champion, streaks, who didn't play, the hardest puzzle, the board."""
    lines = [f"Puzzle recap for {facts.day:%A %-d %B %Y}, {group}"]
    lines += pack([_winner(w) for w in facts.winners], "games")
    if facts.champions:
        games = len(facts.winners)
        who = names(facts.champions, 3) + (" (shared)" if len(facts.champions) > 1 else "")
        lines.append(f"Champion of the day: {who}, {facts.points:.2f} points from {games} game{'s' * (games != 1)}")
    if facts.kept:
        lines.append(f"Streaks kept: {_streaks(facts.kept)}")
    if facts.broken:
        lines.append(f"Streaks broken: {_streaks(facts.broken)}")
    if facts.absent:
        lines.append(f"Didn't play: {names(facts.absent, 6)}")
    if facts.hardest:
        h = facts.hardest
        line = f"Hardest puzzle: {_numbered(h.game, h.puzzle)}, solved by {h.solved} of {h.played}"
        if h.of >= 5 and h.rank == 1:
            line += f", the group's hardest {_game(h.game)} in 90 days"
        elif h.of >= 5:
            line += f", number {h.rank} of {h.of} by difficulty in 90 days"
        lines.append(line)
    if facts.still_open:
        lines.append(f"Still open, so not in this recap: {names([_game(s) for s in facts.still_open], 5)}")
    lines.append(f"Board: {url}")
    return "\n".join(lines) + "\n"


def period_text(facts: Period, kind: str, group: str, url: str) -> str:
    """The weekly or monthly recap: the period's champion, each game's leader, longest streaks, most improved."""
    if kind == "month":
        title = f"Monthly recap for {facts.start:%B %Y}"
    else:
        last = facts.start + dt.timedelta(days=6)  # the whole week, even while it is not over
        title = f"Weekly recap for {facts.start:%-d %B} to {last:%-d %B %Y}"
    lines = [f"{title}, {group}" + ("" if facts.complete else f" (so far, to {facts.end:%-d %B})")]
    if facts.champions:
        who = names(facts.champions, 3)
        each = " each" if len(facts.champions) > 1 else ""
        lines.append(f"Champion of the {kind}: {who}, won {facts.days_won} of {facts.days} day{'s' * (facts.days != 1)}{each}")
    leaders = [f"{_game(t.game)} {t.player} {t.mean}" for t in facts.tops]
    if leaders:
        packed = pack(leaders, "games", lines=3)
        lines += [f"Leaders (mean): {packed[0]}", *packed[1:]]
    if facts.longest:
        lines.append(f"Longest streaks: {_streaks(facts.longest)}")
    if facts.improved:
        i = facts.improved
        lines.append(
            f"Most improved: {i.player}, beating {i.after:.0%} of the others per puzzle ({i.before:.0%} the {kind} before)"
        )
    lines.append(
        f"{facts.players} player{'s' * (facts.players != 1)}, {facts.plays} plays of {facts.games} game{'s' * (facts.games != 1)}"
    )
    lines.append(f"Board: {url}")
    return "\n".join(lines) + "\n"
