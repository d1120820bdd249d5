"""Actorle: `Actorle #1417 1/8`, out of eight guesses; `X/8` is a failure.

Only the header line is read: no complete real share with its body was found (the header
form is from pmealey's actorle-parser.ts comment, per ../shared/notes/peers.md "Actorle").
No calendar: no public source for Actorle's first day was found.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Game, to_int

HEADER = re.compile(rf"(?<![A-Za-z@])#?Actorle[ \t]+#(?P<n>{NUMBER})[ \t]+(?P<s>\d{{1,2}}|[Xx])/(?P<of>\d{{1,2}})(?!\d)")


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        failed = m.group("s") in "Xx"
        if m.group("of") != "8" or (not failed and not 1 <= int(m.group("s")) <= 8):
            yield Rejection("actorle", f"{m.group('s')}/{m.group('of')} is not an Actorle score out of 8", puzzle)
            continue
        yield Found(puzzle=puzzle, solved=not failed, score=None if failed else int(m.group("s")), max=8)


GAME = Game(
    slug="actorle",
    name="Actorle",
    url="https://actorle.com",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    max=8,
    marker="actorle",
)
