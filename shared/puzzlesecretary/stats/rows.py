"""The plain rows the statistics pass around: what the queries return and the pages take."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

EPOCH = dt.date(1970, 1, 1)
TIE = 1e-9  # day scores this close are a shared win (sums of halves may differ in the last bit)


@dataclass(slots=True)
class Play:
    """One counted result of one player, as the pages need it (not frozen: made by the thousand)."""

    player_id: int
    game: str
    puzzle: int | None
    puzzle_key: str
    date: dt.date | None
    solved: bool
    score: float | None
    hard_mode: bool = False
    archive: bool = False
    late: bool = False
    details: dict = field(default_factory=dict, compare=False)

    @property
    def ranked(self) -> bool:
        """Whether this play takes part in daily rankings (archive plays and late posts do not)."""
        return not (self.archive or self.late)


class Entry(NamedTuple):
    """A play with its player's name, as the board lists it (a tuple: a board's first view makes one per share of the
    day, and a frozen dataclass cost several times more to make)."""

    player: str
    player_id: int
    solved: bool
    score: float | None
    hard_mode: bool
    late: bool
    archive: bool
    puzzle: int | None
    details: dict
    puzzle_key: str = ""

    @property
    def ranked(self) -> bool:
        return not (self.archive or self.late)


@dataclass(frozen=True)
class Tally:
    """One player's sums over a period: what a standing is computed from."""

    player_id: int
    played: int
    solved: int
    total: float  # sum of the values that count in the mean
    counted: int  # how many values count in the mean


@dataclass(frozen=True)
class Sums:
    """What a game's leaderboard adds up from a stretch of days (a month): mergeable with others."""

    tallies: tuple[Tally, ...]
    runs: tuple[tuple[int, int, int, int], ...]  # (player, first day number, last day number, length)
    counts: tuple[tuple[float | None, bool, int], ...]  # (score, solved, how many)


class PuzzleMean(NamedTuple):
    """One puzzle's group mean (a tuple: a puzzle page's long run makes 90 of them on a first view)."""

    puzzle_key: str
    date: dt.date | None
    puzzle: int | None
    played: int
    solved: int
    mean: float | None


@dataclass(frozen=True)
class NotCounted:
    """A message of the group that did not count, and why."""

    kind: str  # "rejected" | "repost"
    player: str
    player_id: int
    game: str
    puzzle: int | None
    reason: str
    sent_at: int
    text: str


@dataclass(frozen=True)
class Champion:
    player: str
    player_id: int
    days_won: int
    points: float
    days_played: int


@dataclass(frozen=True)
class Unread:
    """One game the table does not read yet: how often it was posted, where, and one post of it."""

    name: str
    shares: int
    players: int
    groups: int
    last_sent: int
    example: str

    @property
    def sentence(self) -> str:
        """'3 shares of Wend: not read yet'."""
        return f"{self.shares} share{'s' if self.shares != 1 else ''} of {self.name}"
