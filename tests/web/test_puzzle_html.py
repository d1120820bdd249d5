"""A puzzle page with its results written out in Python (puzzle_html.py) is the page the template it replaced
printed (tests/web/puzzle.tpl), and so is the page around them (puzzle_html.page, once views/puzzle.tpl, now
tests/web/puzzle_page.tpl), byte for byte: every puzzle of the cast's groups, hostile names, archive plays and
late posts included."""

from __future__ import annotations

from pathlib import Path

import bottle
from web.cast import NOW

from puzzlesecretary.store import Group, Score
from puzzlesecretary_web import pages, puzzle_html, templates
from puzzlesecretary_web.pages import GroupRow

OLD = (Path(__file__).parent / "puzzle.tpl").read_text()
PAGE = (Path(__file__).parent / "puzzle_page.tpl").read_text()  # views/puzzle.tpl until puzzle_html.page


def test_every_puzzle_page_of_the_cast_is_what_the_old_template_printed(seeded):
    db = seeded.readonly
    shown = unranked = 0
    for token in (seeded.token, seeded.other_token):
        g = Group.get(Group.token == token)
        group = GroupRow(g.id, g.token, g.name or g.platform_id, g.timezone, g.revision)
        for s in Score.select(Score.game, Score.puzzle_key).where(Score.group == g.id, Score.counted).distinct():
            name, context = pages.puzzle(db, group, NOW.date(), s.game, s.puzzle_key)
            common = {"first_game": pages.first_game(db, g.id), "group": group, "h": pages.HELPERS}
            old = bottle.SimpleTemplate(source=OLD, lookup=templates.VIEWS).render(**common, **context)
            assert bottle.SimpleTemplate(source=PAGE, lookup=templates.VIEWS).render(**common, **context) == old
            assert puzzle_html.page(context, group, common["first_game"]) == old, (token, s.game, s.puzzle_key)
            shown += 1
            unranked += bool(context["unranked"])
    assert shown and unranked
