"""Metazooa and Metaflora share one layout: `🦮 Animal #156 🦎` (or `🌱 Plant #141 🌾`), then
`I figured it out in 1 guesses!` or `I was stumped by today's game!`, a heat strip, `🔥 1 |
Avg. Guesses: 9.7`, the URL and `#metazooa` / `#metaflora`.

The score is the guesses (lower is better); stumped is a failure. The header word (Animal or
Plant) tells the two games apart. Sources: Trifase/giochini-bot games.py (Metazooa and
Metaflora examples); a public Discord score bot's Metazooa parser docstring (index file
69477230267). The modules metazooa.py and metaflora.py each register one of them.
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, to_int
from .sharetext import each


def reader(word: str):
    pattern = re.compile(
        rf"(?<![A-Za-z])(?i:{word})[ \t]*#(?P<n>{NUMBER})[^\n]*\n[ \t]*"
        r"(?:I[ \t]+figured[ \t]+it[ \t]+out[ \t]+in[ \t]+(?P<g>\d+)[ \t]+guess|(?P<stumped>I[ \t]+was[ \t]+stumped))",
        re.I,
    )

    def build(m: re.Match[str]) -> Found:
        failed = bool(m.group("stumped"))
        return Found(puzzle=to_int(m.group("n")), solved=not failed, score=None if failed else int(m.group("g")))

    return each(pattern, build)
