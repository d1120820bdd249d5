"""A puzzle page's results as HTML, written out in Python: what views/puzzle.tpl printed row by row
(now tests/web/puzzle.tpl; tests/web/test_puzzle_html.py holds them to it), each value escaped by the templates'
own escape. A share of the puzzle makes the page again on its next view, and the rows were most of it."""

from __future__ import annotations

from puzzlesecretary.games import format_score

from .bidi import isolate
from .templates import escape


def _grid(p, name: str) -> list[str]:
    grid = p.details.get("grid") if isinstance(p.details, dict) else None
    if not grid:
        return []
    shown = escape("\n".join(grid))
    return [f'      <pre class="grid" aria-label="{escape(isolate(name))}\'s grid">{shown}</pre>']


def _who(p, name: str, token: str, slug: str) -> list[str]:
    return [
        f'      <a dir="auto" class="who" href="/g/{token}/p/{escape(p.player_id)}">{escape(name)}</a>',
        f'      <span class="score">{escape(format_score(slug, p.score, p.solved))}</span>',
    ]


# Each ranked row but its place, made once: a share of the puzzle makes the page again, and its other rows are as
# they were (those below the new one a place lower).
_ROWS: dict[tuple, str] = {}
ROWS_KEPT = 1024  # about 700 bytes each with its key and a grid: the puzzles of a few busy groups


def _ranked_row(i, p, name: str, t: str, slug: str) -> str:
    grid = p.details.get("grid") if isinstance(p.details, dict) else None
    key = (p.player_id, name, p.score, p.solved, p.hard_mode, tuple(grid) if grid else None, t, slug)
    rest = _ROWS.get(key)
    if rest is None:
        lines = _who(p, name, t, slug)
        if p.hard_mode:
            lines.append('      <span class="tag">hard mode</span>')
        rest = "\n".join([*lines, *_grid(p, name), "    </li>"])
        if len(_ROWS) >= ROWS_KEPT:
            _ROWS.clear()
        _ROWS[key] = rest
    return f'    <li>\n      <span class="rank">{escape(i)}</span>\n' + rest


def ranked_rows(ranked: list, names: dict[int, str], token: str, slug: str) -> str:
    """The ranked results, (place, play) pairs, one <li> each, joined by newlines."""
    t = escape(token)
    return "\n".join(_ranked_row(i, p, names.get(p.player_id, "?"), t, slug) for i, p in ranked)


def unranked_rows(unranked: list, names: dict[int, str], token: str, slug: str) -> str:
    """The archive plays and late posts, one <li> each, joined by newlines."""
    t, lines = escape(token), []
    for p in unranked:
        name = names.get(p.player_id, "?")
        lines += ['    <li class="unranked">', *_who(p, name, t, slug),
                  f'      <span class="tag warn">{"archive play" if p.archive else "late post"}</span>',
                  *_grid(p, name), "    </li>"]  # fmt: skip
    return "\n".join(lines)
