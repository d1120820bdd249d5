"""Daily Octordle: `Daily Octordle #845`, four rows of two boards, then `Score: 61`.

Boards are keycaps 1-9, 🔟, then clock faces 🕚 🕛 🕐 for 11-13; 🟥 is a board not solved.
The score is the printed total (lower is better), which counts an unsolved board as 14
(`Daily Octordle #501 ... 6️⃣🟥 / 5️⃣8️⃣ / 3️⃣🟥 / 🕐🔟 / Score: 73` in a Go bot's tests). Older shares
end with `octordle.com` and print no total: then the sum is used when every board was solved.
`Daily Sequence Octordle` and `Daily Rescue Octordle` are other games and do not count here.
Sources: StreakSync fixture full_with_clock_emojis;
cesinco/octordle-results README. Puzzle 0 was 2022-01-24 (a Discord bot's test dates #43 to
2022-03-08; StreakSync's anchor #1654 = 2026-08-05 agrees).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int
from .boards import read_boards

HEADER = re.compile(rf"(?<![A-Za-z])Daily[ \t]+Octordle[ \t]+#[ \t]*(?P<n>{NUMBER})[ \t]*$", re.MULTILINE)
SCORE = re.compile(rf"^[ \t]*Score[ \t]*:[ \t]*(?P<s>{NUMBER})", re.IGNORECASE | re.MULTILINE)
UNSOLVED = 14


def parse(text: str) -> Iterator[Found | Rejection]:
    for item in read_boards(text, HEADER, "octordle", "Daily Octordle", rows=4, limit=13):
        if isinstance(item, Rejection):
            yield item
            continue
        puzzle, end, counts = item
        failed = counts.count(None)
        expected = sum(c if c is not None else UNSOLVED for c in counts)
        # The total follows the board rows; a following share's total must not be taken.
        after = []
        for line in text[end:].split("\n")[1:10]:
            if "octordle" in line.lower():
                break
            after.append(line)
        printed = SCORE.search("\n".join(after))
        if printed:
            score = to_int(printed.group("s"))
            if score != expected:
                yield Rejection("octordle", f"the boards add up to {expected} but the share says Score: {score}", puzzle)
                continue
        else:
            score = expected if not failed else None
        yield Found(
            puzzle=puzzle,
            solved=failed == 0,
            score=score,
            details={"boards": counts, "failed_boards": failed},
        )


GAME = Game(
    slug="octordle",
    name="Octordle",
    url="https://www.britannica.com/games/octordle/",
    unit="guesses",
    lower_is_better=True,
    fail_rule="as_printed",
    parse=parse,
    calendar=Calendar(0, dt.date(2022, 1, 24)),
    max=8 * UNSOLVED,
    marker="octordle",
)
