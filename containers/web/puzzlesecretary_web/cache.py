"""Rendered pages kept in memory.

A group's page depends only on the group's rows and on its local date, so it is kept under
(path, day), with the group revision it was rendered at and the fingerprint of its pieces
(`Rendered`). Group.revision is bumped in the same transaction as any change to the group's
scores: while it stays, the page is current; when it moves, the app compares the pieces
(pieces.py). Old days age out of the bounded LRU.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections import OrderedDict
from typing import Callable, Hashable, NamedTuple

# What an entry costs beyond its bytes: the key (path, day), the OrderedDict's node, a Rendered's tuple and ints
# Counted so that a cache of many small pieces is bounded by what it really holds.
ENTRY_BYTES = 512


class Rendered(NamedTuple):
    """A page's body (as rendered and gzipped), and what it was rendered from.

    The page cache keeps only the gzipped form (`body` empty): browsers and the tunnel ask for
    gzip, and the few clients that do not get the page inflated again (cached.PlainBodies)."""

    revision: int
    members: int
    pieces: bytes | None  # digest of pieces.fingerprint at render time (None: rendered again after any change)
    body: bytes
    gzipped: bytes = b""  # the same page gzipped once (cached.compress)
    route: str = ""  # the route rule that made it, the metrics' label when cached.CachedPages answers it

    def __len__(self) -> int:  # what it costs the cache, beyond ENTRY_BYTES
        return len(self.body) + len(self.gzipped) + len(self.pieces or b"")


def digest(fingerprint: tuple | None) -> bytes | None:
    """16 bytes standing for a page's fingerprint (pieces.fingerprint), or None for none.

    A fingerprint holds every member's name and the page's own counts, about 6 KB a page of a
    50-player group; kept whole beside each cached page it outweighed the 4 KB gzipped page."""
    if fingerprint is None:
        return None
    return hashlib.blake2b(repr(fingerprint).encode(), digest_size=16).digest()


def cost(value) -> int:
    """What a kept value costs in bytes: a text what Python holds for it with the deflate kept beside a page's piece
    (deflate.Kept); anything else its `len()` (a Rendered's, a piece's own count). Not a text's length: one emoji (a
    board's 🟩, a name's 🦊) makes every character take 4 bytes, and so counted a board section cost the process four
    times what its cache saw."""
    if isinstance(value, str):
        return sys.getsizeof(value) + len(getattr(value, "deflate", b""))
    return len(value)


class PageCache:
    """A thread-safe LRU of rendered pages holding at most `limit` bytes of them (0: keeps none).

    A value is bytes, text or a `Rendered`; what it costs is `cost()` plus ENTRY_BYTES.
    """

    def __init__(self, limit: int = 8 << 20) -> None:
        self.limit = limit
        self.bytes = 0
        self._pages: OrderedDict[Hashable, bytes | Rendered] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable):
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return page

    def put(self, key: Hashable, page) -> None:
        spent = cost(page) + ENTRY_BYTES
        if spent > self.limit:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            self.bytes += spent - (cost(old) + ENTRY_BYTES if old is not None else 0)
            self._pages[key] = page
            while self.bytes > self.limit:
                _, dropped = self._pages.popitem(last=False)
                self.bytes -= cost(dropped) + ENTRY_BYTES

    def pop(self, key: Hashable) -> None:
        """Drop the page kept under `key`, if any."""
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self.bytes -= cost(old) + ENTRY_BYTES

    def __len__(self) -> int:
        return len(self._pages)

    def bound(self, limit: int) -> None:
        """Hold at most `limit` bytes from now on, the oldest pages dropped at once if it holds more."""
        with self._lock:
            self.limit = limit
            while self.bytes > limit:
                _, dropped = self._pages.popitem(last=False)
                self.bytes -= cost(dropped) + ENTRY_BYTES

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self.bytes = 0

    def get_or_make(self, keys: dict[str, Hashable], make: Callable[[list[str]], dict]) -> dict:
        """The values kept under `keys` (name -> cache key), in their order: those missing made by one call
        of `make(missing names)`, which returns a value per missing name, and kept. A page's pieces are
        kept so: each under the fingerprint of what it shows, the changed ones made again in one read."""
        found = {name: self.get(key) for name, key in keys.items()}
        missing = [name for name, value in found.items() if value is None]
        if missing:
            made = make(missing)
            for name in missing:
                found[name] = made[name]
                self.put(keys[name], made[name])
        return found


class Memo:
    """A thread-safe LRU of computed values (a month's champion table), at most `size` of them."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute):
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def find(self, key: Hashable):
        """The value kept under `key`, or None (nothing computed)."""
        with self._lock:
            return self._values.get(key)

    def pop(self, key: Hashable) -> None:
        """Drop the value kept under `key`, if any."""
        with self._lock:
            self._values.pop(key, None)

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
