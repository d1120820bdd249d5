"""Per-board counts the multi-board games print as keycap and clock emoji.

After text.normalize a keycap is a digit followed by U+20E3 (the U+FE0F between them is gone).
Octordle writes 10 as the keycap ten and 11 to 13 as clock faces; a red square is a board
that was not solved.
"""

from __future__ import annotations

KEYCAP = "\u20e3"
TEN = "🔟"
CLOCKS = {"🕚": 11, "🕛": 12, "🕐": 13}
FAILED = "🟥"


def board_counts(line: str) -> list[int | None] | None:
    """The boards on one line, each a guess count or None for a failed board.

    None when the line holds anything else (chatter, a URL), so a caller can stop there.
    """
    cells: list[int | None] = []
    chars = line.replace(" ", "").replace("\t", "")
    i = 0
    while i < len(chars):
        c = chars[i]
        if c.isdigit() and i + 1 < len(chars) and chars[i + 1] == KEYCAP:
            cells.append(int(c))
            i += 2
        elif c == TEN:
            cells.append(10)
            i += 1
        elif c in CLOCKS:
            cells.append(CLOCKS[c])
            i += 1
        elif c == FAILED:
            cells.append(None)
            i += 1
        else:
            return None
    return cells or None


def boards_after(lines: list[str], rows: int, per_row: int = 2) -> list[int | None] | None:
    """`rows` lines of `per_row` boards each, read from the start of `lines` (blank lines skipped
    before the first). None when they are not there."""
    cells: list[int | None] = []
    seen = 0
    for line in lines:
        if not line.strip():
            if seen:
                break
            continue
        row = board_counts(line)
        if row is None or len(row) != per_row:
            return None
        cells.extend(row)
        seen += 1
        if seen == rows:
            return cells
    return None
