"""Reading emoji grids and the lines around a share's header."""

from __future__ import annotations

import datetime as dt
import re

_ARCHIVE = re.compile(r"Archive[ \t]+([A-Z][a-z]+[ \t]+\d{1,2},?[ \t]+\d{4})[ \t]*$")


_URL = re.compile(r"\s*(?:https?://)?[\w.-]+\.[a-z]{2,}(?:/\S*)?\s*", re.IGNORECASE)


def grid_after(
    text: str, pos: int, squares: str, *, width: int | None = None, limit: int = 50, skip_urls: bool = False
) -> list[str]:
    """The rows of squares that follow `pos`, skipping blank lines before the first row.

    A row is a line made only of `squares` (and spaces); with `width`, of exactly that many.
    Reading stops at the first other line, so chatter after the grid is never taken. With
    `skip_urls`, a line that is only a link before the first row is passed over too (Airportle
    prints its URL between the header and the grid).
    """
    rows: list[str] = []
    rest = text[pos:].split("\n")
    # The rest of the header line itself is not part of the grid.
    for line in rest[1:]:
        cells = line.replace(" ", "").replace("\t", "")
        if not cells or (skip_urls and not rows and _URL.fullmatch(line)):
            if rows:
                break
            continue
        if all(c in squares for c in cells) and (width is None or len(cells) == width):
            rows.append(cells)
            if len(rows) >= limit:
                break
        else:
            break
    return rows or _collapsed(rest[0], squares, width, limit)


def _collapsed(line: str, squares: str, width: int | None, limit: int) -> list[str]:
    """Rows on the header's own line, when a paste lost the line breaks.

    `Connections Puzzle #59 🟦🟦🟩🟦 🟦🟦🟦🟩 ...` or `#Tradle #527 2/6 🟩🟩🟩🟩🟨 🟩🟩🟩🟩🟩 https://...`:
    the squares after the header, read up to the first other word; with `width`, cut into rows
    of that many (a run without spaces holds several). Nothing when they do not fill whole rows.
    """
    if width is None:
        return []
    cells = ""
    for token in line.split():
        if not all(c in squares for c in token):
            break
        cells += token
    if not cells or len(cells) % width:
        return []
    return [cells[i : i + width] for i in range(0, len(cells), width)][:limit]


def archive_before(text: str, pos: int) -> dt.date | None:
    """The date of an `Archive October 2, 2026` line right before `pos`, if there is one.

    It may stand on the header's own line (pastes that lost a newline) or on the line above.
    """
    lines = text[:pos].split("\n")
    own_line, above = lines[-1], (lines[-2] if len(lines) > 1 else "")
    for candidate in (own_line, above):
        m = _ARCHIVE.search(candidate.strip())
        if m:
            try:
                return dt.datetime.strptime(m.group(1).replace(",", ""), "%B %d %Y").date()
            except ValueError:
                return None
    return None
