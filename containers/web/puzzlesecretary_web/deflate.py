"""A page's gzip made of its pieces' deflate, each piece compressed once when it is made.

A page made again after a share is mostly the pieces it kept (the board's sections, a player's
games, a head-to-head's blocks), so compressing the whole page again each time compresses the
same kept bytes again. A kept piece (`Kept`) is HTML with its own raw deflate stream beside it,
made by a fresh compressor and ended by a sync flush: byte-aligned and with no final block, so
streams can follow one another. A page's gzip (`gzip_page`) is the gzip header, then each stretch
of the page in order, a kept piece's stream as it was kept and the text between pieces compressed
now (or, when it is a few bytes, stored as it is), then an empty final block, the CRC-32 and the
length of the whole page (RFC 1951, RFC 1952).
Whatever a stream holds, it decodes to its own bytes, so the page decodes to the page itself; a
piece the page does not show as it was kept is simply compressed with the text around it.
"""

from __future__ import annotations

import struct
import zlib
from typing import Iterable

from .cache import Memo

LEVEL = 3  # the benchmark's 41 KB board: 4.2 KB in 0.05 ms, where level 6 made 3.6 KB in 0.15 ms (cached.py)
# A compressor of zlib's defaults (a 32 KiB window, memLevel 8) costs about 0.1 ms to make, more than compressing
# a piece; one of a 4 KiB window and memLevel 5 costs about 1 us, and the pieces are a few KiB each.
WBITS, MEMLEVEL = 12, 5
# As gzip.compress(..., mtime=0) writes it: deflate, no flags, no time, no extra flags, OS unknown.
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
FINAL = b"\x03\x00"  # an empty final block with the fixed codes
PROBE = 64  # the characters of a piece looked for in its page before comparing the rest (_find)
STORED = 128  # text between pieces shorter than this (a newline between two blocks) goes in a stored block
# The text between pieces, deflated, by the text: most of it is the same on every view of a page (the layout's head, a
# leaderboard's tabs), so a page made again after a share compresses only the text that changed.
DEFLATED_KEPT = 128  # about 2-4 KiB of text and 1 KiB of deflate each: the heads of the pages viewed last
_DEFLATED = Memo(DEFLATED_KEPT)
KEPT_PIECES = 128  # about 6 KiB and 1.2 KiB of deflate each for a leaderboard of 30 players
_KEPT = Memo(KEPT_PIECES)  # pieces made by `kept` (a leaderboard's rows, the board's leaders), by their text


def deflated(data: bytes) -> bytes:
    """A raw deflate stream of `data` that another stream may follow (ended by a sync flush, no final block)."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -WBITS, MEMLEVEL)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def _between(text: str) -> bytes:
    """Text between pieces: deflated (as it was, when the same text was between pieces before), or when short a stored
    block (header byte, LEN, NLEN, the bytes), which needs no compressor; each ends byte-aligned, as a sync flush does."""
    if len(text) >= STORED:
        return _DEFLATED.get(text, lambda: deflated(text.encode("utf-8")))
    data = text.encode("utf-8")  # at most 508 bytes: a stored block holds 65,535
    return b"\x00" + struct.pack("<HH", len(data), len(data) ^ 0xFFFF) + data


class Kept(str):
    """A piece of a page's HTML, kept with its deflate stream (`deflated` of its UTF-8)."""

    deflate: bytes

    def __new__(cls, html: str) -> "Kept":
        piece = super().__new__(cls, html)
        piece.deflate = deflated(html.encode("utf-8"))
        return piece


def kept(html: str) -> Kept:
    """`html` as a kept piece, made once while the same text is asked for again (a leaderboard's rows after another
    game's share, the board's leaders after a share that moved no points)."""
    return _KEPT.get(html, lambda: Kept(html))


def _find(body: str, piece: str, at: int) -> int:
    """Where `piece` is in `body` from `at`, or -1: its first PROBE characters found, the rest compared in place.
    str.find prepares a table of the whole needle, a few KiB for a piece, on every call; a page shows its pieces
    in order, close after one another, so the first hit of a short prefix is nearly always the piece itself."""
    head = piece[:PROBE]
    found = body.find(head, at)
    while found >= 0 and not body.startswith(piece, found):
        found = body.find(head, found + 1)
    return found


def gzip_page(body: str, pieces: Iterable[Kept]) -> tuple[bytes, bytes]:
    """The page's UTF-8 and its gzip, the pieces it shows (in the page's order) taken as they were kept."""
    plain = body.encode("utf-8")
    out = [HEADER]
    at = 0
    for piece in pieces:
        found = _find(body, piece, at) if piece else -1
        if found < 0:
            continue
        if found > at:
            out.append(_between(body[at:found]))
        out.append(piece.deflate)
        at = found + len(piece)
    if at < len(body):
        out.append(_between(body[at:]))
    out += [FINAL, struct.pack("<II", zlib.crc32(plain), len(plain) & 0xFFFFFFFF)]
    return plain, b"".join(out)


def kept_in(context: dict) -> list[Kept]:
    """The kept pieces a page's context holds, its own values and its lists' items, in its order (the order the page
    shows them; one it shows earlier is compressed with the text around it)."""
    out = []
    for value in context.values():
        if isinstance(value, Kept):
            out.append(value)
        elif isinstance(value, list):
            out += [item for item in value if isinstance(item, Kept)]
    return out
