"""Reading Quordle and Octordle style shares: a header, then the boards' guess counts."""

from __future__ import annotations

from typing import Iterator, Pattern

from ..results import Found, Rejection
from .base import to_int
from .keycaps import boards_after


def read_boards(
    text: str, header: Pattern[str], slug: str, name: str, rows: int, limit: int
) -> Iterator[tuple[int, int, list[int | None]] | Rejection]:
    """(puzzle, end of the boards, counts) for each header followed by `rows` rows of two boards.

    A board's count is None when it was not solved. Each guess solves at most one board, so
    solved boards carry distinct counts of at most `limit`.
    """
    for m in header.finditer(text):
        puzzle = to_int(m.group("n"))
        lines = text[m.end():].split("\n")[1:]
        counts = boards_after(lines, rows)
        if counts is None:
            yield Rejection(slug, f"a {name} header needs its {rows * 2} board counts to count", puzzle)
            continue
        solved = [c for c in counts if c is not None]
        if any(not 1 <= c <= limit for c in solved) or len(set(solved)) != len(solved):
            yield Rejection(slug, f"{name} boards finish on different guesses of at most {limit}; these cannot", puzzle)
            continue
        yield puzzle, m.end(), counts


def quordle_found(puzzle: int, counts: list[int | None], **details) -> Found:
    failed = counts.count(None)
    return Found(
        puzzle=puzzle,
        solved=failed == 0,
        score=sum(counts) if not failed else None,  # type: ignore[arg-type]
        max=30,
        details={"boards": counts, "failed_boards": failed} | details,
    )
