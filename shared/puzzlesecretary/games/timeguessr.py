"""TimeGuessr: `TimeGuessr #1222 — 41,561/50,000`, then five rounds, then the URL.

The score is the points total (higher is better, out of 50,000), written with the
player's thousands separator (`41,561`, `35.823`, `40 020`). Newer rounds read
`1️⃣ 🏆9,258 · 📅 4y · 🌍 1.4km`; older ones `🌎🟩🟩🟨 📅🟩⬛⬛` and the header has no dash.
Sources: plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json; Trifase/giochini-bot
games.py (#179 on 2023-11-27, so #1 was 2023-06-02).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int

HEADER = re.compile(
    rf"TimeGuessr[ \t]+#(?P<n>{NUMBER})[ \t]*[—–-]?[ \t]*(?P<s>{NUMBER})[ \t]*/[ \t]*(?P<of>{NUMBER})(?!\d)"
)
ROUND = re.compile(rf"🏆[ \t]*(?P<p>{NUMBER})(?!\d)")
TOTAL = 50_000


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        points, out_of = to_int(m.group("s")), to_int(m.group("of"))
        if out_of != TOTAL or points > TOTAL:
            yield Rejection("timeguessr", f"{m.group('s')}/{m.group('of')} is not a TimeGuessr score out of 50,000", puzzle)
            continue
        rounds = [to_int(r.group("p")) for r in ROUND.finditer("\n".join(text[m.end():].split("\n")[1:8]))]
        details = {"rounds": rounds} if rounds else {}
        yield Found(puzzle=puzzle, solved=True, score=points, max=TOTAL, details=details)


GAME = Game(
    slug="timeguessr",
    name="TimeGuessr",
    url="https://timeguessr.com",
    unit="points",
    lower_is_better=False,
    fail_rule="as_printed",
    parse=parse,
    calendar=Calendar(179, dt.date(2023, 11, 27)),
    max=TOTAL,
    marker="timeguessr",
)
