"""Reading one-line result strips, where the score is the position of the first 🟩.

Framed (`🎥 🟥 🟥 🟩 ⬛ ⬛ ⬛`), Heardle (`🔈⬛🟥🟩⬜⬜⬜`), GuessThe.Game, Moviedle and Emovi
all share a header with no score and a strip after it; the games differ only in their icon
and in which squares they use. Shared by those game modules; pure functions.
"""

from __future__ import annotations

GREEN = "🟩"


def cells(line: str, alphabet: str, icons: str = "") -> list[str] | None:
    """The squares of `line` in order, if it is only squares of `alphabet` (after an optional icon)."""
    body = line.replace(" ", "").replace("\t", "").replace("\u00a0", "")
    while body and body[0] in icons:
        body = body[1:]
    if not body or any(c not in alphabet for c in body):
        return None
    return list(body)


def strip_after(text: str, pos: int, alphabet: str, icons: str = "", *, lines: int = 3, skip: int = 0) -> list[str] | None:
    """The first strip among the few lines after `pos` (the rest of the header line is skipped).

    `skip` non-blank lines are passed over first (Emovi's clue line). Blank lines do not count.
    """
    seen = 0
    for line in text[pos:].split("\n")[1:]:
        if not line.strip():
            continue
        if skip:
            skip -= 1
            continue
        found = cells(line, alphabet, icons)
        if found is not None:
            return found
        seen += 1
        if seen >= lines:
            break
    return None


def strip_before(text: str, pos: int, alphabet: str, icons: str = "") -> list[str] | None:
    """A strip on the line right above `pos` (clones that print the strip before the header)."""
    above = [line for line in text[:pos].split("\n")[:-1] if line.strip()]
    return cells(above[-1], alphabet, icons) if above else None


def first_green(strip: list[str]) -> int | None:
    """1-based position of the first 🟩, or None when the strip has none (a failure)."""
    return strip.index(GREEN) + 1 if GREEN in strip else None
