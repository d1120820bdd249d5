"""A head-to-head's game block as HTML, written out in Python: what views/versus_block.tpl printed line by line
(now tests/web/versus_block.tpl; tests/web/test_versus_html.py holds them to it), each value escaped by the templates'
own escape. A first view of a head-to-head makes one block per game both played, and bottle's generated code for
the template cost about as much as the block's chart."""

from __future__ import annotations

from .templates import escape

_HEAD = ('  <table><thead><tr><th scope="col">Month</th><th scope="col" class="num">Won</th><th scope="col" class="num">Lost'
         '</th><th scope="col" class="num">Tied</th></tr></thead>')  # fmt: skip


def block_html(blk: dict, a: tuple[int, str]) -> str:
    """One game's block (`versus_page.block_html` shaped it), without the last line's newline."""
    g, d = blk["game"], blk["duel"]
    slug, who = escape(g.slug), escape(a[1])
    lines = [
        f'<section class="card" aria-labelledby="vs-h-{slug}">',
        f'  <h2 id="vs-h-{slug}">{escape(g.name)}</h2>',
        f'  <p class="record"><span class="big">{escape(d.wins)}–{escape(d.losses)}–{escape(d.ties)}</span> <span class="note">'
        f"wins, losses, ties on {escape(d.played)} shared puzzles</span></p>",
        "  <figure>",
        f"  {blk['chart']}",
        f"  <figcaption><bdi>{who}</bdi>'s wins minus losses over time; above the line <bdi>{who}</bdi> leads.</figcaption>",
        "  </figure>",
        '  <details class="data"><summary>Month by month</summary>',
        _HEAD,
        "  <tbody>",
    ]
    lines += [f'  <tr><td>{escape(month)}</td><td class="num">{escape(w)}</td><td class="num">{escape(lost)}</td>'
              f'<td class="num">{escape(t)}</td></tr>' for month, w, lost, t in d.months]  # fmt: skip
    lines += ["  </tbody></table>", "  </details>", "</section>"]
    return "\n".join(lines)
