"""Weaver: `Weaver #733`, a blank line, the start word, one row of four squares per step, the
target word (`PACK`, rows, `MULE`).

Score = the rows (steps from the start word to the target), lower is better; the share is
only posted once solved. Source: pmealey/wordle-random-start scripts/test-data.json (Weaver)
and lambdas/src/parsers/weaver-parser.ts (it counts the rows).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"(?<![A-Za-z#@/.])Weaver[ \t]+#(?P<n>{NUMBER})[ \t]*\n(?:[ \t]*\n)*[ \t]*[A-Za-z]{{3,8}}[ \t]*\n"
    r"(?P<rows>(?:[ \t]*[🟩⬜⬛🟨]{3,8}[ \t]*\n)+)[ \t]*[A-Za-z]{3,8}[ \t]*(?:\n|$)",
    re.I,
)

GAME = Game(
    slug="weaver", name="Weaver", url="https://wordwormdormdork.com", unit="steps", lower_is_better=True,
    fail_rule="excluded", marker="weaver", names=("Weaver",),
    parse=each(PATTERN, lambda m: Found(puzzle=to_int(m.group("n")), solved=True, score=m.group("rows").count("\n"))),
)
