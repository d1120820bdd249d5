"""Numbers the boards show: today's results, leaderboards, champions, head-to-head, trends.

`queries` holds every read (SQL, the database passed in); the rest is pure and split by the
page it serves: `today`, `leaderboard`, `champion`, `player` (with head-to-head), `puzzle`.
How a play counts (a game's fail rule, its direction, its format) is the Game's own
(games/base.py). Archive plays and late posts count for personal stats but are kept out of
every daily ranking (the board, the champion, a puzzle's ranking).
"""

from __future__ import annotations

from . import queries
from .champion import (
    CHAMPION_RULE,
    champions,
    champions_of,
    day_leaders,
    day_scores,
    merge_champions,
    puzzle_points,
    puzzles_points,
    scores_of,
)
from .leaderboard import (
    PERIODS,
    Bin,
    Standing,
    leaderboard,
    leaderboard_data,
    leaderboard_from,
    months,
    period_range,
    spread,
    streaks,
    sums_with,
)
from .player import Bests, Duel, bests_of, calendar_days, duels, head_to_head, personal_bests, rolling_means
from .puzzle import Difficulty, difficulty
from .queries import (
    champions_data,
    day_fingerprints,
    fingerprint,
    first_day,
    games_played,
    group_by_token,
    last_sent_at,
    leaderboard_sums,
    member_names,
    not_counted,
    player_fingerprint,
    player_history,
    plays,
    puzzle_means,
    shared_puzzles,
    unread_games,
)
from .rows import EPOCH, TIE, Champion, Entry, NotCounted, Play, PuzzleMean, Sums, Tally, Unread
from .today import day_results, day_sections, group_today, week_start_ms, with_added

__all__ = [
    "Bests", "Bin", "CHAMPION_RULE", "Champion", "Difficulty", "Duel", "EPOCH", "Entry", "NotCounted", "PERIODS", "Play",
    "PuzzleMean", "Standing", "Sums", "TIE", "Tally", "Unread", "bests_of", "calendar_days", "champions", "champions_data",
    "day_fingerprints", "day_results", "day_scores", "difficulty", "duels", "fingerprint", "first_day", "games_played",
    "group_by_token", "group_today", "head_to_head", "last_sent_at", "leaderboard", "leaderboard_data", "leaderboard_from",
    "leaderboard_sums", "member_names", "merge_champions", "months", "not_counted", "period_range", "personal_bests",
    "player_fingerprint", "player_history", "plays", "puzzle_means", "puzzle_points", "queries", "rolling_means",
    "shared_puzzles", "spread", "streaks", "unread_games", "week_start_ms",
    "champions_of", "day_leaders", "puzzles_points", "scores_of", "day_sections", "with_added", "sums_with",
]  # fmt: skip
