"""Queens Ultimate: `👑 Queens Ultimate - Daily Mini #152` (or `Daily Max #153`), then
`⏱️ 01:08.75 | 💎 Brilliant` (or `| 💡 Hints: 1`), the board, `queensultimate.com`.

Mini and Max are two games (queensultimate, queensultimatemax), each scored in seconds with
the hundredths, lower is better. The name holds "Queens", and LinkedIn's Queens never reads
it. Source: Trifase/giochini-bot games.py (QueensUltimateMini, QueensUltimateMax examples).
"""

from __future__ import annotations

import re

from ..results import Found, Rejection
from .base import NUMBER, Game, to_int
from .sharetext import duration, each


def reader(slug: str, size: str):
    pattern = re.compile(
        rf"Queens[ \t]+Ultimate[ \t]*-[ \t]*Daily[ \t]+{size}[ \t]+#(?P<n>{NUMBER})[ \t]*\n"
        r"[ \t]*⏱?[ \t]*(?P<t>\d{1,2}:\d{2}(?:\.\d+)?)",
        re.I,
    )

    def build(m: re.Match[str]) -> Found | Rejection:
        secs = duration(m.group("t"))
        if secs is None:
            return Rejection(slug, f"the Queens Ultimate time {m.group('t')} is not a time", to_int(m.group("n")))
        return Found(puzzle=to_int(m.group("n")), solved=True, score=secs)

    return each(pattern, build)


GAME = Game(
    slug="queensultimate", name="Queens Ultimate Mini", url="https://queensultimate.com", unit="seconds",
    lower_is_better=True, fail_rule="excluded", parse=reader("queensultimate", "Mini"), marker="queens ultimate",
    names=("Queens Ultimate - Daily Mini",),
)
