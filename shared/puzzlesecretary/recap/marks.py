"""Which days each player played each game, as the bits of one integer, and the streaks a daily recap tells from them.

A player's marks in a game, for a recap of `day`: bit i is set when they posted the puzzle dated
i days before `day` (bit 0: `day` itself), archive plays left out (they fill no gap in a streak).
The read side fills them from (player, game, date) rows, a stretch at a time, without making a
row object per play; `marks_of` makes the same from plain `Play` rows. Pure functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping

from ..games import GAMES, game_order
from ..stats.rows import Play

Pair = tuple[int, str]  # (player id, game slug)


@dataclass(frozen=True)
class Streak:
    player: str
    game: str
    length: int


def marks_of(history: Iterable[Play], day: dt.date) -> dict[Pair, int]:
    """Per (player, game) of `history`, the days up to `day` played, as bits (bit i: `day` less i days)."""
    out: dict[Pair, int] = {}
    for p in history:
        if p.date is not None and not p.archive and p.date <= day:
            key = (p.player_id, p.game)
            out[key] = out.get(key, 0) | 1 << (day - p.date).days
    return out


def active(marks: Mapping[Pair, int], days: int) -> set[int]:
    """The players who played anything in the `days` before the day (bits 1 to `days`)."""
    window = ((1 << (days + 1)) - 1) ^ 1
    return {pid for (pid, _), bits in marks.items() if bits & window}


def run_back(bits: int, start: int, step: int, known: int | None = None) -> tuple[int, bool]:
    """The run of puzzles `step` days apart that ends at bit `start` (0 when it is not set), and whether it is whole.

    A run goes on while the latest earlier day played is exactly `step` before (stats.leaderboard.streaks);
    with only bits 0 to `known` - 1 read, a run that may go on past them is not whole yet.
    """
    if not bits >> start & 1:
        return 0, True
    length, at, gap = 1, start, (1 << step) - 1
    while known is None or at + step < known:
        if (bits >> (at + 1)) & gap != 1 << (step - 1):
            return length, True
        length += 1
        at += step
    return length, False


def told(marks: Mapping[Pair, int], on: set[str]) -> Iterator[tuple[Pair, int]]:
    """The runs a daily recap may tell, as (pair, the bit they end at): kept on the day (bit 0), or broken by
    missing it (the game's previous puzzle, bit `step`) in a game the group played that day (`on`)."""
    for (pid, slug), bits in marks.items():
        game = GAMES.get(slug)
        if game is None:
            continue
        if bits & 1:
            yield (pid, slug), 0
        elif slug in on and bits >> game.step_days & 1:
            yield (pid, slug), game.step_days


def unfinished(marks: Mapping[Pair, int], on: set[str], known: Mapping[Pair, int]) -> list[Pair]:
    """The pairs whose told run may reach past the bits read for them (`known`): to read further back."""
    return [pair for pair, start in told(marks, on) if not run_back(marks[pair], start, GAMES[pair[1]].step_days, known[pair])[1]]


def day_streaks(marks: Mapping[Pair, int], on: set[str], names: dict[int, str]) -> tuple[list[Streak], list[Streak]]:
    """Streaks of two or more kept on the day, and those that ended because it was missed, longest first.

    A streak only breaks in a game the group played that day (`on`): a weekly game, or one nobody
    posted, breaks nobody's streak on a day it had no puzzle.
    """
    kept, broken = [], []
    for (pid, slug), start in told(marks, on):
        run, _ = run_back(marks[(pid, slug)], start, GAMES[slug].step_days)
        if run >= 2:
            (kept if start == 0 else broken).append(Streak(names.get(pid, "?"), slug, run))
    order = lambda s: (-s.length, game_order(s.game), s.player)  # noqa: E731
    return sorted(kept, key=order), sorted(broken, key=order)


def widest(marks: Iterable[int]) -> int:
    """How many days back the furthest mark reaches (for tests and figures)."""
    return max((bits.bit_length() for bits in marks), default=0)
