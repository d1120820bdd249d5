"""The lists of a group's members every page ends with, written out in Python and kept by what they show.

The board lists the players, a player's page a head-to-head link against each other member, a
head-to-head the first player's other matches: fifty links and a hundred escaped values on a
busy group's page, the same on every view until a member joins, leaves or is renamed. Each list
is kept under its kind, the group's token, the page's player and the (id, name) pairs, so a
page made again after a share takes it as it was; the lines are what the templates printed.
"""

from __future__ import annotations

from .deflate import Kept
from .templates import escape

_KEPT: dict[tuple, Kept] = {}
KEPT_LISTS = 64  # about 3.5 KiB each (50 members) and 1 KiB of its deflate: the lists of the pages viewed last


def _line(kind: str, token: str, me: int | None, pid: int, name: str) -> str:
    if kind == "players":
        return f'    <li><a dir="auto" href="/g/{token}/p/{pid}">{escape(name)}</a></li>'
    if kind == "versus":  # a player's page: each other member
        return f' <a dir="auto" href="/g/{token}/vs/{me}/{pid}">vs {escape(name)}</a>'
    return f' <a dir="auto" href="/g/{token}/vs/{me}/{pid}">{escape(name)}</a>'  # "against": a head-to-head's others


def member_links(kind: str, token: str, me: int | None, members: tuple[tuple[int, str], ...]) -> str:
    """The list's lines ("players", "versus" or "against"), one per member, joined by newlines."""
    key = (kind, token, me, members)
    found = _KEPT.get(key)
    if found is None:
        safe = escape(token)
        # Kept with its deflate: a page made again after a share compresses the rest of it, not its list again.
        found = Kept("\n".join(_line(kind, safe, me, pid, name) for pid, name in members))
        if len(_KEPT) >= KEPT_LISTS:
            _KEPT.clear()
        _KEPT[key] = found
    return found
