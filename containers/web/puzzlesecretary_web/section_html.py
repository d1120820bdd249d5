"""One game's section of the board as HTML, written out in Python.

A share of a game makes its section again on the next view of the board; the template that
printed it escaped a dozen values a row through bottle's generated code, which cost more than
the rest of the section. These lines are what that template (now tests/web/board_section.tpl) printed, byte for byte
(tests/web/test_section_html.py holds them to it), with every value
escaped by the templates' own escape.
"""

from __future__ import annotations

from puzzlesecretary.games import format_score

from .bidi import isolate, name_list
from .templates import escape

# Each row but its place, made once: a share of a game makes its section again, and its other rows are as they were
# (those below the new one a place lower).
_ROWS: dict[tuple, str] = {}
ROWS_KEPT = 1024  # about 700 bytes each with its key and a grid: the rows of a few busy boards


# And each row's lines after its place by its entry's identity: a section made again after a share holds the same
# entries as before (stats.with_added), so a row is found without making its key (the rows below the new one are only a
# place lower). The entry is kept with it, so its id is not another's while it is here.
_SHOWN: dict[int, tuple] = {}


def _row(rank: int | None, e, token: str, slug: str) -> str:
    hit = _SHOWN.get(id(e))
    if hit is not None and hit[0] is e and hit[1] == token and hit[2] == slug:
        rest = hit[3]
    else:
        rest = _kept_rest(e, token, slug)
        if len(_SHOWN) >= ROWS_KEPT:
            _SHOWN.clear()
        _SHOWN[id(e)] = (e, token, slug, rest)
    # (A place is a whole number, or none: as escaped, its digits or the dash.)
    return (f'    <li class="{"" if e.ranked else "unranked"}">\n'
            f'      <span class="rank" aria-label="{"place %d" % rank if rank else "not ranked"}">{rank if rank else "–"}'
            "</span>\n" + rest)  # fmt: skip


def _kept_rest(e, token: str, slug: str) -> str:
    grid = e.details.get("grid") if isinstance(e.details, dict) else None
    key = (e.player_id, e.player, e.score, e.solved, e.hard_mode, e.archive, e.late, tuple(grid) if grid else None,
           token, slug)  # fmt: skip
    rest = _ROWS.get(key)
    if rest is None:
        rest = _rest(e, grid, token, slug)
        if len(_ROWS) >= ROWS_KEPT:
            _ROWS.clear()
        _ROWS[key] = rest
    return rest


def _rest(e, grid, token: str, slug: str) -> str:
    """A row's lines after its place."""
    lines = [
        f'      <a dir="auto" class="who" href="/g/{token}/p/{escape(e.player_id)}">{escape(e.player)}</a>',
        f'      <span class="score">{escape(format_score(slug, e.score, e.solved))}</span>',
    ]
    if e.hard_mode:
        lines.append('      <span class="tag">hard mode</span>')
    if e.archive:
        lines.append('      <span class="tag warn">archive play, not ranked</span>')
    if e.late:
        lines.append('      <span class="tag warn">late post, not ranked</span>')
    if grid:
        shown = escape("\n".join(grid))
        lines.append(f'      <details class="grid"><summary>Show <bdi>{escape(e.player)}</bdi>\'s grid</summary>'
                     f'<pre aria-label="{escape(isolate(e.player))}\'s grid">{shown}</pre></details>')  # fmt: skip
    lines.append("    </li>")
    return "\n".join(lines)


def section_html(s: dict, token: str) -> str:
    """The section `pages._section` shaped (`s`), for the group of `token`, without the last line's newline."""
    game = s["game"]
    slug, t, key = escape(game.slug), escape(token), escape(s["puzzle_key"])
    out = [
        f'<section class="card game" aria-labelledby="g-{slug}">',
        f'  <h2 id="g-{slug}"><a href="/g/{t}/puzzle/{slug}/{key}">{escape(s["title"])}</a></h2>',
        '  <ol class="results">',
        *(_row(rank, e, t, game.slug) for rank, e in s["rows"]),
        "  </ol>",
    ]
    if s["waiting"]:
        out.append(f'  <p class="waiting">Not played yet: {name_list(name for _, name in s["waiting"])}</p>')
    else:
        out.append('  <p class="waiting">Everybody has played.</p>')
    out.append(f'  <p class="more"><a href="/g/{t}/puzzle/{slug}/{key}">All results and grids, and how hard it was</a> · '
               f'<a href="/g/{t}/leaderboard/{slug}/week">{escape(game.name)} leaderboard</a></p>')  # fmt: skip
    out.append("</section>")
    return "\n".join(out)
