"""A puzzle page's results as HTML, written out in Python: what views/puzzle.tpl printed row by row
(now tests/web/puzzle.tpl; tests/web/test_puzzle_html.py holds them to it), each value escaped by the templates'
own escape. A share of the puzzle makes the page again on its next view, and the rows were most of it."""

from __future__ import annotations

from puzzlesecretary.games import format_score

from . import layout
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


def page(context: dict, group, first_game: str) -> str:
    """The puzzle's whole page from pages.puzzle's context, as views/puzzle.tpl inside layout.tpl made it (the template
    is tests/web/puzzle_page.tpl now; tests/web/test_puzzle_html.py holds every puzzle page of the cast to it)."""
    game, d = context["game"], context["difficulty"]
    day = context["day"]
    out = [layout.head(context["title"], group, first_game),
           f'<h1>{escape(context["title"])}</h1>\n<p class="when">{escape(f"{day:%a %-d %b %Y}" if day else "")}</p>\n'
           '<section class="card verdict" aria-labelledby="hard-h">\n  <h2 id="hard-h">How hard was it?</h2>\n'
           f'  <p class="big">{escape(d.verdict)}</p>\n'
           f"  <p>Group mean on this puzzle: <strong>{escape(game.format_mean(d.mean))}</strong> {escape(game.unit)};\n"
           f"  the group's usual {escape(game.name)} (mean of its puzzles over {escape(context['long_run_days'])} days): "
           f"<strong>{escape(game.format_mean(d.usual))}</strong>.\n"
           f"  {'Lower' if game.lower_is_better else 'Higher'} is better.</p>\n"
           '</section>\n<section class="card" aria-labelledby="res-h">\n  <h2 id="res-h">Results</h2>\n']  # fmt: skip
    if not context["ranked"]:
        out.append('  <p class="empty">No ranked results: only archive plays or late posts.</p>\n')
    out.append('  <ol class="results">\n')
    if context["ranked"]:
        out += [context["ranked_rows"], "\n"]
    out.append("  </ol>\n")
    if context["unranked"]:
        out += ["  <h3>Not ranked</h3>\n  <p class=\"note\">Archive plays and late posts count in personal stats but not in the"
                ' day\'s ranking.</p>\n  <ul class="results">\n', context["unranked_rows"], "\n  </ul>\n"]  # fmt: skip
    out.append(f'</section>\n<p class="more"><a href="/g/{escape(group.token)}/leaderboard/{escape(game.slug)}/month">'
               f"{escape(game.name)} leaderboard</a></p>\n\n{layout.FOOT}")  # fmt: skip
    return "".join(out)
