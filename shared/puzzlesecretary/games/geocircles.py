"""Geocircles: `Geocircles #55`, a row of five circles (🟢 a ring found, ⚫ not), a row of five
hearts (❤️ a life left, 🖤 lost), the URL.

Score = rings found plus lives left (10 at most), higher is better, as zwalsh/dailygames
scores it. Source: zwalsh/dailygames ShareTextParserGeocirclesTest.kt.
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"(?<![A-Za-z#@/.])Geocircles[ \t]+#(?P<n>{NUMBER})[ \t]*\n[ \t]*(?P<rings>[🟢⚫]{{5}})[ \t]*\n"
    r"[ \t]*(?P<hearts>[❤🖤]{5})",
    re.I,
)


def build(m: re.Match[str]) -> Found:
    rings, lives = m.group("rings").count("🟢"), m.group("hearts").count("❤")
    return Found(puzzle=to_int(m.group("n")), solved=rings == 5, score=rings + lives, max=10,
                 details={"rings": rings, "lives": lives})


GAME = Game(
    slug="geocircles", name="Geocircles", url="https://geocircles.io", unit="points", lower_is_better=False,
    fail_rule="as_printed", parse=each(PATTERN, build), max=10, marker="geocircles", names=("Geocircles",),
)
