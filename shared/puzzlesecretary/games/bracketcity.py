"""Bracket City (The Atlantic): `[Bracket City]`, the date, the link, the rank, the counts, then
`Total Score: 98.0` and a bar of ten squares.

The score is the printed total (0 to 100, higher is better). Newer shares put the day's
difficulty on the date line (`September 16, 2026 🟢 (Easy)`) and hard mode adds `hard mode!`;
rank, wrong guesses, peeks and answers revealed go in details. The date is the puzzle.
Sources: zwalsh/dailygames src/test/.../gamemapper/BracketCityFixtures.kt; a public design
note quoting a real share (index file 69107801419); pmealey/wordle-random-start
lambdas/src/parsers/bracketcity-parser.ts.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import Game

HEADER = re.compile(
    r"\[Bracket[ \t]+City\][ \t]*\n[ \t]*(?P<date>[A-Z][a-z]+[ \t]+\d{1,2},[ \t]*\d{4})"
    r"[^\n(]*(?:\((?P<level>Easy|Medium|Hard)\))?",
    re.IGNORECASE,
)
TOTAL = re.compile(r"Total[ \t]+Score:[ \t]*(?P<t>\d{1,3}(?:\.\d+)?)")
COUNTS = {
    "wrong_guesses": re.compile(r"Wrong guesses:[ \t]*(\d+)", re.IGNORECASE),
    "peeks": re.compile(r"Peeks:[ \t]*(\d+)", re.IGNORECASE),
    "answers_revealed": re.compile(r"Answers Revealed:[ \t]*(\d+)", re.IGNORECASE),
}
RANK = re.compile(r"Rank:[^\n(]*\((?P<rank>[^)\n]+)\)")


def parse(text: str) -> Iterator[Found | Rejection]:
    heads = list(HEADER.finditer(text))
    for i, m in enumerate(heads):
        block = text[m.end(): heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        try:
            day = dt.datetime.strptime(re.sub(r"[ \t,]+", " ", m.group("date")), "%B %d %Y").date()
        except ValueError:
            yield Rejection("bracketcity", f"the Bracket City date {m.group('date')!r} is not a real date")
            continue
        total = TOTAL.search(block)
        if total is None:
            yield Rejection("bracketcity", "a Bracket City share needs its Total Score to count")
            continue
        score = float(total.group("t"))
        details: dict = {"difficulty": m.group("level").capitalize() if m.group("level") else None}
        if rank := RANK.search(block):
            details["rank"] = rank.group("rank").strip()
        for key, pattern in COUNTS.items():
            if c := pattern.search(block):
                details[key] = int(c.group(1))
        yield Found(
            puzzle=None,
            solved=True,
            score=score,
            max=100,
            hard_mode="hard mode!" in (m.group(0) + block).lower(),
            date=day,
            details=details,
        )


GAME = Game(
    slug="bracketcity",
    name="Bracket City",
    url="https://www.theatlantic.com/games/bracket-city/",
    unit="points",
    lower_is_better=False,
    fail_rule="as_printed",
    parse=parse,
    max=100,
    marker="bracket city",
)
