"""A board's section written out in Python (section_html.py) is what the template it replaced printed
(tests/web/board_section.tpl), byte for byte: every section of the cast's boards, hostile names included, and a
row with every tag and a grid of markup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import bottle
from web.cast import NOW

from puzzlesecretary import stats
from puzzlesecretary.games import GAMES
from puzzlesecretary.store import Group
from puzzlesecretary_web import pages
from puzzlesecretary_web.pages import GroupRow
from puzzlesecretary_web.section_html import section_html

TEMPLATE = (Path(__file__).parent / "board_section.tpl").read_text()


def printed(shaped: dict, group) -> str:
    return bottle.SimpleTemplate(source=TEMPLATE).render(s=shaped, group=group, h=pages.HELPERS).removesuffix("\n")


def test_every_section_of_the_cast_is_what_the_template_printed(seeded):
    db = seeded.readonly
    for token in (seeded.token, seeded.other_token):
        g = Group.get(Group.token == token)
        group = GroupRow(g.id, g.token, g.name or g.platform_id, g.timezone, g.revision)
        names = stats.member_names(db, g.id)
        shown = 0
        for day in (NOW.date(), NOW.date() - dt.timedelta(days=1)):
            for slug, entries in stats.day_results(db, group, day, names=names).items():
                shaped = pages._section(GAMES[slug], entries, names)
                assert section_html(shaped, group.token) == printed(shaped, group), (token, slug)
                shown += 1
        assert shown


def test_a_row_with_every_tag_and_a_grid_of_markup_is_what_the_template_printed():
    group = GroupRow(1, "tok&<", "G", "Europe/London", 1)
    odd = stats.Entry("<b>'Al' & \"Bo\"</b>", 7, False, None, True, True, True, 12, {"grid": ["<td>", "🟩&🟨"]}, "1'2")
    plain = stats.Entry("Cy", 8, True, 3.0, False, False, False, 12, {"grid": "not a list"}, "1'2")
    for waiting in ([], [(9, "<i>Di</i>"), (10, "Ed")]):
        shaped = {"game": GAMES["wordle"], "title": "Wordle <1,234>", "puzzle_key": "1'2",
                  "rows": [(1, plain), (None, odd)], "waiting": waiting}  # fmt: skip
        assert section_html(shaped, group.token) == printed(shaped, group)
