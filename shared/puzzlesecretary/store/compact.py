"""A score's details in a compact form: JSON with its most frequent pieces written as one character each.

Compact JSON (`json.dumps`) never holds a control character: it writes them as `\\u00XX`. So
the characters U+0001 to U+001F are free to stand for the pieces that fill most details, the
emoji squares of a grid (4 bytes each in UTF-8) and the keys of the common games, and reading
them back is one `str.translate`. Nothing is lost: any JSON value goes in and comes out the
same, whatever games come later. Text stored before this form (plain JSON) reads back as it
was, and `{}` is stored as the empty string.

U+001F marks a second table (MORE): the mark and one character of its own stand for a piece,
for the keys of the games that fill the first table's room. A Wordle's details shrink from about
120 bytes to about 30, a Connections' from about 170 to about 40, a Zip's from 46 to 11
(docs/performance.md). The tables are part of the stored format: never change or reorder an
entry, only add at the end (the first table is full at 30).
"""

from __future__ import annotations

import json

PIECES = (
    '{"grid":["',  # \x01
    '","',  # \x02 between grid rows
    '"]',  # \x03
    "🟩",  # \x04
    "🟨",  # \x05
    "⬛",  # \x06
    "⬜",  # \x07
    "🟦",  # \x08
    "🟪",  # \x09
    "🟥",  # \x0a
    "🟧",  # \x0b
    "🟫",  # \x0c
    ',"high_contrast":false',  # \x0d
    ',"high_contrast":true',  # \x0e
    ',"order":["',  # \x0f
    "yellow",  # \x10
    "green",  # \x11
    "blue",  # \x12
    "purple",  # \x13
    ',"purple_first":false',  # \x14
    ',"purple_first":true',  # \x15
    '{"time":"',  # \x16
    "✅",  # \x17
    "❌",  # \x18
    '"strip":"',  # \x19
    # Added with migration 13 (docs/performance.md): the LinkedIn games' flags and placements, Strands' hints.
    '","flawless":false',  # \x1a (Queens, Tango, Zip: after their time)
    '","flawless":true',  # \x1b
    "🔵",  # \x1c Strands: a theme word
    "🟡",  # \x1d Strands: the spangram
    ',"first_placements":[[',  # \x1e Tango
)
assert len(PIECES) <= 30, "only U+0001 to U+001E are free (U+001F marks the second table)"

# The second table: a piece written as U+001F and the character given here. The same rules hold
# (never change or reuse an entry, only add); a character given here must be in no piece of
# either table, so that no piece can match across a code (checked below).
MORE = {
    "!": "💡",  # Strands: a hint used
    "#": ',"backtracks":',  # Zip
    "$": ',"first_crowns":"',  # Queens
    "%": '","words":',  # Strands
    "&": ',"spangram_position":',  # Strands
    "(": ',"no_hints":true',  # Queens, Tango, Zip
    ")": '{"theme":"',  # Strands
    "*": '","sequence":"',  # Strands
}
MARK = "\x1f"
assert not any(char in piece for char in MORE for piece in (*PIECES, *MORE.values())), "a code character is in a piece"

_CODES = [(piece, chr(n)) for n, piece in enumerate(PIECES, start=1)] + [(piece, MARK + char) for char, piece in MORE.items()]
# Longer pieces first, so that a piece inside another one does not take its place.
_ENCODE = sorted(_CODES, key=lambda pair: -len(pair[0]))
_DECODE = {ord(code): piece for piece, code in _CODES if len(code) == 1}


def pack(details: dict | None) -> str:
    """The stored form of `details`: compact JSON with the tables' pieces as one character each (two for MORE's)."""
    if not details:
        return ""
    text = json.dumps(details, ensure_ascii=False, separators=(",", ":"))
    for piece, code in _ENCODE:
        if piece in text:
            text = text.replace(piece, code)
    return text


def unpack(stored: str | None) -> dict:
    """The details a stored text holds (the compact form, plain JSON as stored before it, or nothing)."""
    if not stored:
        return {}
    text = stored.translate(_DECODE)
    if MARK in text:  # each mark is followed by its character from MORE (a single code never is a mark)
        first, *rest = text.split(MARK)
        text = first + "".join(MORE[part[0]] + part[1:] for part in rest)
    return json.loads(text)
