"""Every read-side query, in one place: the SQL the pages, the boards, the recaps and the chat
commands run. Each function takes the database explicitly and reads one group's or one player's
rows through its indexes. `boards` holds what the pages and boards read, `players` what a player's
own commands and export read; callers use `stats.queries.<name>` and never the submodules.
"""

from __future__ import annotations

from .added import Added, Made, added_since, made
from .boards import (
    champions_data,
    export_rows,
    first_day,
    forget_details,
    games_played,
    group_by_token,
    last_sent_at,
    leaderboard_sums,
    member_names,
    not_counted,
    plays,
    puzzle_means,
    unread_games,
)
from .fingerprints import fingerprint, player_fingerprint
from .played import forget_games, one_view, remember_games
from .players import (
    EXPORT_LINK_MS,
    groups_of,
    last_rejection,
    last_share_at,
    message_ids,
    player_export,
    player_export_by_token,
    player_of,
)
from .puzzles import means_of, means_with, puzzle_totals
from .recaps import day_plays, named_puzzle_means, play_marks
from .records import (
    pair_game_fingerprints,
    play_details,
    play_of,
    player_game_fingerprints,
    player_game_rows,
    player_history,
    shared_puzzles,
)
from .sections import day_fingerprints

__all__ = [
    "EXPORT_LINK_MS", "champions_data", "day_fingerprints", "day_plays", "export_rows", "fingerprint", "first_day",
    "games_played", "group_by_token", "groups_of", "last_rejection", "last_sent_at", "last_share_at", "leaderboard_sums",
    "member_names", "message_ids", "named_puzzle_means", "not_counted", "play_marks", "player_export",
    "player_export_by_token", "player_fingerprint", "player_history", "player_of", "plays", "puzzle_means", "shared_puzzles",
    "unread_games", "forget_games", "one_view", "remember_games", "player_game_fingerprints", "player_game_rows", "play_of",
    "play_details",
    "pair_game_fingerprints", "means_of", "means_with", "puzzle_totals", "forget_details", "Added", "Made", "added_since", "made",
]  # fmt: skip
