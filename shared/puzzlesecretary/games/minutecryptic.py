"""Minute Cryptic: a dated header, the clue, a bar of circles, the hints line, the link.

    Minute Cryptic - 24 September, 2026
    "The Godfather Part I" (3)
    🟣🟣🟣🟣🟣🟣
    🏆 0 hints – 1 under the community par (141,308 solvers so far).
    https://www.minutecryptic.com/?utm_source=share

The score is the hints used, as the hints line writes it (lower is better); the line also
says how that compares with the community par (`N under`, `N over`, `matched`), kept in
details with the time when the share has one (`Time: 24m 12s.`). The bar restates the hints
in pictures and is not read. No puzzle number: the header's date is the puzzle.
Sources: public parser tests quoting real shares (index files 66866964729, 56884835226,
69456916166, 70359964894); pmealey/wordle-random-start lambdas/src/parsers/minutecryptic-parser.ts.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Game, to_int

HEADER = re.compile(r"(?<![A-Za-z])Minute[ \t]+Cryptic[ \t]*[-–—][ \t]*(?P<date>\d{1,2}[ \t]+[A-Za-z]+,?[ \t]+\d{4})")
HINTS = re.compile(r"(?P<hints>\d+)[ \t]+hints?\b(?P<rest>[^\n]*)", re.IGNORECASE)
PAR = re.compile(
    r"(?:(?P<delta>\d+)[ \t]+(?P<side>under|over)|(?P<matched>matched))[ \t]+the[ \t]+community[ \t]+par", re.IGNORECASE
)
SOLVERS = re.compile(rf"\((?P<k>{NUMBER})[ \t]+solvers", re.IGNORECASE)
TIME = re.compile(r"Time:[ \t]*(?:(?P<m>\d+)m)?[ \t]*(?:(?P<s>\d+)s)?", re.IGNORECASE)


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        try:
            day = dt.datetime.strptime(re.sub(r"[ \t,]+", " ", m.group("date")), "%d %B %Y").date()
        except ValueError:
            yield Rejection("minutecryptic", f"the Minute Cryptic date {m.group('date')!r} is not a real date")
            continue
        block = "\n".join(text[m.end():].split("\n")[1:5])
        hints = HINTS.search(block)
        if hints is None:
            yield Rejection("minutecryptic", "a Minute Cryptic share needs its hints line to count")
            continue
        details: dict = {"hints": int(hints.group("hints"))}
        par = PAR.search(hints.group("rest"))
        if par and par.group("matched"):
            details["par_delta"] = 0
        elif par:
            delta = int(par.group("delta"))
            details["par_delta"] = -delta if par.group("side").lower() == "under" else delta
        if solvers := SOLVERS.search(block):
            details["solvers"] = to_int(solvers.group("k"))
        if (t := TIME.search(block)) and (t.group("m") or t.group("s")):
            details["seconds"] = int(t.group("m") or 0) * 60 + int(t.group("s") or 0)
        yield Found(puzzle=None, solved=True, score=int(hints.group("hints")), date=day, details=details)


GAME = Game(
    slug="minutecryptic",
    name="Minute Cryptic",
    url="https://www.minutecryptic.com",
    unit="hints",
    lower_is_better=True,
    fail_rule="as_printed",
    parse=parse,
    marker="minute cryptic",
)
