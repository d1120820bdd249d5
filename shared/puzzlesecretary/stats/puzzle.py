"""The puzzle's page: how hard one puzzle was for the group against its long-run average."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from ..games import Game
from .rows import PuzzleMean


@dataclass(frozen=True)
class Difficulty:
    mean: float | None  # this puzzle's group mean
    usual: float | None  # the mean of the group's per-puzzle means over the long run
    rank: int  # 1 = hardest among the puzzles in the window
    of: int  # how many puzzles the window holds
    window_days: int
    verdict: str


def difficulty(game: Game, this: PuzzleMean | None, history: Sequence[PuzzleMean], window_days: int = 90) -> Difficulty:
    """How hard a puzzle was for the group against its long-run average ("hardest Wordle in 90 days")."""
    means = [h.mean for h in history if h.mean is not None]
    usual = sum(means) / len(means) if means else None
    if this is None or this.mean is None or this.date is None:
        return Difficulty(None, usual, 0, 0, window_days, "Nobody in the group has a ranked result for this puzzle yet.")
    since = this.date - dt.timedelta(days=window_days - 1)
    window = [h for h in history if h.mean is not None and h.date is not None and since <= h.date <= this.date]
    if all(h.puzzle_key != this.puzzle_key for h in window):
        window.append(this)
    harder = (lambda h: h.mean > this.mean) if game.lower_is_better else (lambda h: h.mean < this.mean)
    rank = 1 + sum(1 for h in window if harder(h))
    of = len(window)
    if of < 2:
        verdict = f"The first {game.name} the group has on record in {window_days} days."
    elif rank == 1:
        verdict = f"The hardest {game.name} for the group in {window_days} days."
    elif rank == of:
        verdict = f"The easiest {game.name} for the group in {window_days} days."
    else:
        verdict = f"Number {rank} of {of} by difficulty for the group in {window_days} days (1 is the hardest)."
    return Difficulty(this.mean, usual, rank, of, window_days, verdict)
