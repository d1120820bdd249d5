"""Numbers the boards show, read from the store: today's results and per-game leaderboards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .clock import now_ms, from_ms
from .games import GAMES, Game
from .store import Group, Membership, Player, Score


def group_today(group: Group, now: int | None = None) -> dt.date:
    """Today's date in the group's own time zone."""
    return from_ms(now if now is not None else now_ms()).astimezone(ZoneInfo(group.timezone)).date()


@dataclass(frozen=True)
class Entry:
    player: str
    player_id: int
    solved: bool
    score: float | None
    hard_mode: bool
    late: bool
    archive: bool
    puzzle: int | None
    details: dict


def sort_key(game: Game, entry: Entry) -> tuple:
    """Solved first, then by score in the game's direction."""
    if entry.score is None:
        return (not entry.solved, 1, 0.0)
    return (not entry.solved, 0, entry.score if game.lower_is_better else -entry.score)


def day_results(group: Group, day: dt.date) -> dict[str, list[Entry]]:
    """Per game, the counted results for puzzles dated `day`, best first."""
    rows = (
        Score.select(Score, Player.name)
        .join(Player)
        .where(Score.group == group.id, Score.date == day, Score.counted == True)  # noqa: E712
    )
    by_game: dict[str, list[Entry]] = {}
    for s in rows:
        by_game.setdefault(s.game, []).append(
            Entry(s.player.name, s.player_id, s.solved, s.score, s.hard_mode, s.late, s.archive, s.puzzle, s.details)
        )
    for slug, entries in by_game.items():
        game = GAMES.get(slug)
        if game:
            entries.sort(key=lambda e: sort_key(game, e))
    return dict(sorted(by_game.items(), key=lambda kv: list(GAMES).index(kv[0]) if kv[0] in GAMES else 999))


def members(group: Group) -> list[Player]:
    return list(Player.select().join(Membership).where(Membership.group == group.id).order_by(Player.name))


@dataclass(frozen=True)
class Standing:
    player: str
    played: int
    solved: int
    mean: float | None

    @property
    def solve_rate(self) -> float:
        return self.solved / self.played if self.played else 0.0


def failure_value(game: Game) -> float | None:
    """What a failed play counts as in a mean, per the game's declared rule."""
    if game.fail_rule == "max_plus_one" and game.max is not None:
        return game.max + 1
    if game.fail_rule == "zero":
        return 0.0
    return None


def leaderboard(group: Group, slug: str, start: dt.date, end: dt.date) -> list[Standing]:
    """Played, solved and mean score per player for puzzles dated in [start, end]."""
    game = GAMES[slug]
    fail = failure_value(game)
    acc: dict[str, list] = {}
    rows = (
        Score.select(Score.solved, Score.score, Player.name)
        .join(Player)
        .where(Score.group == group.id, Score.game == slug, Score.counted == True, Score.date.between(start, end))  # noqa: E712
    )
    for s in rows:
        played, solved, values = acc.setdefault(s.player.name, [0, 0, []])
        acc[s.player.name][0] += 1
        acc[s.player.name][1] += int(s.solved)
        value = s.score if (s.solved or game.fail_rule == "as_printed") else fail
        if value is not None:
            values.append(value)
    standings = [Standing(name, p, sv, (sum(v) / len(v)) if v else None) for name, (p, sv, v) in acc.items()]
    direction = 1 if game.lower_is_better else -1
    standings.sort(key=lambda s: (s.mean is None, direction * (s.mean or 0), -s.played, s.player))
    return standings
