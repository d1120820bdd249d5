"""A question or remark that names a puzzle and a time or a score is no share, for every game.

"did you do Tango #300 yet? took me 1:12" is talk about a game, not its share: nothing counts.
Each game in the table is tried with today's puzzle number, so a calendar never hides a miss.
"""

from __future__ import annotations

import datetime as dt

import pytest

from puzzlesecretary.games import GAMES
from puzzlesecretary.parse import parse

SENT = dt.datetime(2026, 11, 27, 12, tzinfo=dt.timezone.utc)
REMARKS = [
    "did you do {name} #{n} yet? took me 1:12",
    "{name} #{n}\ntook me 1:12, you?",
    "anyone finished {name} #{n}?\n2:05 for me",
    "{name} #{n} in 1:12, anyone faster?",
    "did you get {name} #{n}? I got 5/6",
    "{name} #{n} was 3/6 for me, you?",
]


@pytest.mark.parametrize("slug", sorted(GAMES))
def test_a_remark_naming_a_puzzle_and_a_time_counts_for_no_game(slug):
    game = GAMES[slug]
    n = game.calendar.puzzle_on(SENT.date()) if game.calendar else 300
    for name in game.names or (game.name,):
        for remark in REMARKS:
            text = remark.format(name=name, n=n)
            assert parse(text, SENT).results == (), text


def test_the_issue_example_is_no_share():
    outcome = parse("did you do Tango #300 yet? took me 1:12", SENT)
    assert outcome.results == () and outcome.rejections == ()
