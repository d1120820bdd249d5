"""FoodGuessr daily, in its three layouts:

  `I got 11,341 on the FoodGuessr Daily!`, the rounds, then the date (`Saturday, Sep 26, 2026`);
  `FoodGuessr - Monday, Jan 5, 2026 UTC`, the rounds, `Total score: 13,000/15,000`;
  `FoodGuessr - 30 Jul 2025 GMT`, the rounds, `Total score: 12,000 / 15,000`.

No puzzle number: the printed date is the puzzle (a share without one is of the day it is
sent). Score = points out of 15,000, higher is better. Sources: plasticmacaroni/PuzzleTracker
tests/fixtures/share-texts.json (foodguessr); Trifase/giochini-bot games.py (FoodGuessr
examples); pmealey/wordle-random-start scripts/test-data.json (FoodGuessr).
"""

from __future__ import annotations

import re
from typing import Iterator

from ..results import Found, Rejection
from .base import Game
from .sharetext import MONTH_DATE, amount, month_date

AMOUNT = r"\d{1,2}(?:[.,  ]\d{3})|\d{1,5}"
SENTENCE = re.compile(rf"I[ \t]+got[ \t]+(?P<s>{AMOUNT})[ \t]+on[ \t]+the[ \t]+FoodGuessr[ \t]+Daily", re.I)
TITLED = re.compile(r"(?<![A-Za-z#@/.])FoodGuessr(?:[ \t]+-[ \t]+(?P<when>[^\n]*))?[ \t]*\n", re.I)
TOTAL = re.compile(rf"Total[ \t]+score:[ \t]*(?P<s>{AMOUNT})[ \t]*/[ \t]*15[.,  ]?000", re.I)
DAY = re.compile(MONTH_DATE)


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in SENTENCE.finditer(text):
        after = DAY.search(text, m.end(), m.end() + 400)
        yield _found(amount(m.group("s")), month_date(after) if after else None)
    for m in TITLED.finditer(text):
        total = TOTAL.search(text, m.end(), m.end() + 300)
        if total is None:
            continue
        when = DAY.search(m.group("when") or "")
        yield _found(amount(total.group("s")), month_date(when) if when else None)


def _found(score: float, day) -> Found | Rejection:
    if score > 15000:
        return Rejection("foodguessr", f"a FoodGuessr score of {score:g} is more than 15,000")
    return Found(puzzle=None, date=day, solved=True, score=score, max=15000)


GAME = Game(
    slug="foodguessr", name="FoodGuessr", url="https://www.foodguessr.com", unit="points", lower_is_better=False,
    fail_rule="as_printed", parse=parse, max=15000, marker="foodguessr", names=("FoodGuessr",),
)
