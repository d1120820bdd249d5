"""Reading Wordle-like shares: `<Name> N S/6`, then one row of squares per guess."""

from __future__ import annotations

from typing import Iterator, Pattern

from ..results import Found, Rejection
from .base import to_int
from .grids import grid_after


def parse_wordlike(
    text: str, header: Pattern[str], slug: str, name: str, squares: str, width: int, tries: int = 6
) -> Iterator[Found | Rejection]:
    """`header` has groups `n` (puzzle) and `s` (guesses, or X for a failure)."""
    for m in header.finditer(text):
        puzzle = to_int(m.group("n"))
        failed = m.group("s") in "Xx"
        guesses = None if failed else int(m.group("s"))
        if guesses is not None and not 1 <= guesses <= tries:
            yield Rejection(slug, f"{name} allows 1 to {tries} guesses, not {guesses}", puzzle)
            continue
        rows = grid_after(text, m.end(), squares, width=width, limit=tries)
        if rows and not failed and len(rows) != guesses:
            yield Rejection(slug, f"the grid has {len(rows)} rows but the header says {guesses}/{tries}", puzzle)
            continue
        if rows and not failed and len(set(rows[-1])) != 1:
            yield Rejection(slug, f"a solved {name} grid ends on a row of one colour; this one does not", puzzle)
            continue
        yield Found(
            puzzle=puzzle,
            solved=not failed,
            score=guesses,
            max=tries,
            hard_mode=bool(m.groupdict().get("hard")),
            details={"grid": rows},
        )
