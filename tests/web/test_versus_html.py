"""A head-to-head's game blocks written out in Python (versus_html.py) are what the template they replaced printed
(tests/web/versus_block.tpl), byte for byte: every game of every pair of the cast's groups' players."""

from __future__ import annotations

from pathlib import Path

import bottle

from puzzlesecretary import stats
from puzzlesecretary.games import GAMES
from puzzlesecretary.store import Group
from puzzlesecretary_web import pages, templates, versus_page
from puzzlesecretary_web.pages import GroupRow

OLD = (Path(__file__).parent / "versus_block.tpl").read_text()


def _old_block(duel: stats.Duel, a: tuple[int, str], b: tuple[int, str], group: GroupRow, chart: str) -> str:
    blk = {"game": GAMES[duel.game], "duel": duel, "chart": chart}
    old = bottle.SimpleTemplate(source=OLD, lookup=templates.VIEWS).render(blk=blk, a=a, b=b, group=group, h=pages.HELPERS)
    return old.removesuffix("\n")


def test_every_game_block_of_every_pair_of_the_casts_players_is_what_the_old_template_printed(seeded, monkeypatch):
    db = seeded.readonly
    charts: list[str] = []
    real = versus_page.charts.line_chart
    monkeypatch.setattr(versus_page.charts, "line_chart", lambda *a, **k: charts.append(real(*a, **k)) or charts[-1])
    shown, names_seen = 0, set()
    for token in (seeded.token, seeded.other_token):
        g = Group.get(Group.token == token)
        group = GroupRow(g.id, g.token, g.name or g.platform_id, g.timezone, g.revision)
        names = stats.member_names(db, g.id)
        for pa, na in names.items():
            for pb, nb in names.items():
                if pa == pb:
                    continue
                for duel in stats.duels(stats.shared_puzzles(db, g.id, pa, pb)):
                    made = versus_page.block_html(duel, (pa, na), (pb, nb), group)
                    assert made == _old_block(duel, (pa, na), (pb, nb), group, charts[-1]), (token, pa, pb, duel.game)
                    shown += 1
                    names_seen.add(na)
    assert shown and len(names_seen) > 1


def test_a_blocks_chart_with_labels_made_when_asked_is_the_chart_with_every_label_made(seeded, monkeypatch):
    db = seeded.readonly
    g = Group.get(Group.token == seeded.token)
    group = GroupRow(g.id, g.token, g.name or g.platform_id, g.timezone, g.revision)
    names = stats.member_names(db, g.id)
    duels = [(d, (pa, na), (pb, nb)) for pa, na in names.items() for pb, nb in names.items() if pa != pb
             for d in stats.duels(stats.shared_puzzles(db, g.id, pa, pb))]  # fmt: skip
    lazy = [versus_page.block_html(d, a, b, group) for d, a, b in duels]
    timeline = max((d.timeline for d, _, _ in duels), key=len)
    assert len(timeline) > 3 and list(versus_page._Labels(timeline)) == [f"{d:%-d %b %y}" for d, _ in timeline]
    monkeypatch.setattr(versus_page, "_Labels", lambda timeline: [f"{d:%-d %b %y}" for d, _ in timeline])
    assert lazy and [versus_page.block_html(d, a, b, group) for d, a, b in duels] == lazy
