"""A player's page's game block as HTML, written out in Python: what views/player_block.tpl printed line by line
(now tests/web/player_block.tpl; tests/web/test_player_html.py holds them to it), each value escaped by the templates'
own escape. A first view of a player's page makes one block per game they play, and bottle's generated code for
the template cost about as much as the block's numbers. The latest results likewise: what views/player.tpl printed
for each (now tests/web/player_recent.tpl), one line of it kept per play."""

from __future__ import annotations

from .pages import day_text, percent, puzzle_title, score_text
from .templates import escape

_DAYS: dict = {}  # the tables' days, escaped, each made once: every game's table samples the same days (kept.py)
DAYS_KEPT = 1024

_HEAD = ('  <table><thead><tr><th scope="col">Day</th><th scope="col" class="num">7-day mean</th>'
         '<th scope="col" class="num">30-day mean</th></tr></thead>')  # fmt: skip


def _day(day) -> str:
    text = _DAYS.get(day)
    if text is None:
        if len(_DAYS) >= DAYS_KEPT:
            _DAYS.clear()
        text = _DAYS[day] = escape(day_text(day))
    return text


def block_html(blk: dict) -> str:
    """One game's block (`player_page._block` shaped it), without the last line's newline."""
    g, b = blk["game"], blk["bests"]
    slug, mean = escape(g.slug), g.format_mean
    best = score_text(g.slug, b.best, True) if b.best is not None else "–"
    times = " ×%d" % b.best_count if b.best_count > 1 else ""
    lines = [
        f'<section class="card" aria-labelledby="p-{slug}">',
        f'  <h2 id="p-{slug}">{escape(g.name)}</h2>',
        '  <dl class="facts">',
        f"    <div><dt>Played</dt><dd>{escape(b.played)}</dd></div>",
        f"    <div><dt>Solved</dt><dd>{escape(percent(b.solve_rate))}</dd></div>",
        f"    <div><dt>Mean</dt><dd>{escape(mean(b.mean))}</dd></div>",
        f"    <div><dt>Best</dt><dd>{escape(best)}{escape(times)}</dd></div>",
        f"    <div><dt>Longest streak</dt><dd>{escape(b.best_streak)}</dd></div>",
        f"    <div><dt>Current streak</dt><dd>{escape(b.current_streak)}</dd></div>",
        "  </dl>",
        "  <figure>",
        f"  {blk['chart']}",
        '  <figcaption><span class="key s1">7-day mean</span> <span class="key s2">30-day mean</span> of '
        f"{escape(g.unit)}, {'lower' if g.lower_is_better else 'higher'} is better.</figcaption>",
        "  </figure>",
        '  <details class="data"><summary>The chart as a table</summary>',
        _HEAD,
        "  <tbody>",
    ]
    lines += [f'  <tr><td>{_day(day)}</td><td class="num">{escape(mean(week))}</td>'
              f'<td class="num">{escape(mean(month))}</td></tr>' for day, week, month in blk["samples"]]  # fmt: skip
    lines += ["  </tbody></table>", "  </details>", "</section>"]
    return "\n".join(lines)


_RECENT: dict[tuple, str] = {}  # a latest result's lines, each made once: after a share the others are as they were
RECENT_KEPT = 1024  # about 400 bytes each with its key: the latest results of 80 player pages


def recent_rows(recent: list, token: str) -> str:
    """The latest results, (play, game) pairs, one <li> each, joined by newlines."""
    out = []
    for p, g in recent:
        key = (token, g.slug, p.puzzle, p.puzzle_key, p.score, p.solved, p.archive, p.late)
        row = _RECENT.get(key)
        if row is None:
            title, score = escape(puzzle_title(g, p.puzzle, p.puzzle_key)), escape(score_text(g.slug, p.score, p.solved))
            lines = [f'    <li><a href="/g/{escape(token)}/puzzle/{escape(g.slug)}/{escape(p.puzzle_key)}">{title}</a> {score}']
            if p.archive:
                lines.append('    <span class="tag warn">archive play</span>')
            if p.late:
                lines.append('    <span class="tag warn">late post</span>')
            lines.append("    </li>")
            row = "\n".join(lines)
            if len(_RECENT) >= RECENT_KEPT:
                _RECENT.clear()
            _RECENT[key] = row
        out.append(row)
    return "\n".join(out)
