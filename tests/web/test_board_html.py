"""A board written out in Python (board_html.py) is the page board.tpl inside layout.tpl printed (tests/web/board.tpl,
the layout still views/layout.tpl), byte for byte: the cast's boards on days with and without shares, and made-up
contexts with hostile names for every branch of the template."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import bottle
from web.cast import NOW

from puzzlesecretary import stats
from puzzlesecretary.store import Group, Score
from puzzlesecretary_web import board_html, deflate, layout, pages, player_page, puzzle_html, templates, versus_page
from puzzlesecretary_web.pages import GroupRow

OLD = (Path(__file__).parent / "board.tpl").read_text()
PUZZLE = (Path(__file__).parent / "puzzle_page.tpl").read_text()
# bottle keeps compiled templates by the lookup list's id and the name, not the class: a list of its own makes them
# plain SimpleTemplates, whose rebase renders views/layout.tpl itself.
BOTTLES = list(templates.VIEWS)


def old_board(context: dict, group: GroupRow, first_game: str) -> str:
    return bottle.SimpleTemplate(source=OLD, lookup=templates.VIEWS).render(first_game=first_game, group=group, h=pages.HELPERS,
                                                                            **context)  # fmt: skip


def test_the_casts_boards_on_days_with_and_without_shares_are_what_the_old_templates_printed(seeded):
    db = seeded.readonly
    shown = empty = 0
    for token in (seeded.token, seeded.other_token):
        g = Group.get(Group.token == token)
        group = GroupRow(g.id, g.token, g.name or g.platform_id, g.timezone, g.revision)
        first = pages.first_game(db, g.id)
        for back in range(0, 12):
            _, context = pages.board(db, group, NOW.date() - dt.timedelta(days=back))
            assert board_html.board(context, group, first) == old_board(context, group, first), (token, back)
            shown += bool(context["sections"])
            empty += not context["sections"]
    assert shown and empty


HOSTILE = ["Ann", "<script>&amp;\"'", "\u202eEve", "O'Brien & <Co>", ""]


def test_made_up_boards_with_hostile_names_in_every_branch_are_what_the_old_templates_printed():
    checked = 0
    for name, members_n, leaders, sections in itertools.product(HOSTILE, (0, 1, 3), (False, True), (0, 1, 2)):
        group = GroupRow(7, f"tok<{name}>&", name or "g-7", "Europe/Paris", 3)
        members = {i + 1: HOSTILE[(i + members_n) % len(HOSTILE)] for i in range(members_n)}
        context = {
            "title": group.name,
            "today": dt.date(2026, 12, 7),
            "leaders_html": deflate.kept(f"<section>{name} leads</section>") if leaders else "",
            "sections": [deflate.Kept(f'<section class="card">{i} & {name}\n</section>') for i in range(sections)],
            "members": members,
            "players": deflate.Kept("\n".join(f"    <li>{n}</li>" for n in members.values())),
            "leaders": [name] if leaders else [],
        }
        for first in ("wordle", "a<b>&c"):
            assert board_html.board(context, group, first) == old_board(context, group, first), (name, members_n, leaders)
            checked += 1
    assert checked == 5 * 3 * 2 * 3 * 2


def test_a_page_of_no_group_has_the_layouts_plain_brand():
    old = bottle.SimpleTemplate(source="% rebase('layout.tpl', title=title, group=None)\n<p>x</p>\n",
                                lookup=templates.VIEWS).render(title="Home <&>", h=pages.HELPERS)  # fmt: skip
    assert layout.page("<p>x</p>\n", "Home <&>", None, "wordle") == old
    assert templates.render("home", title="Home <&>", group=None, h=pages.HELPERS) == bottle.template(
        "home", template_lookup=BOTTLES, title="Home <&>", group=None, h=pages.HELPERS)


def test_every_page_of_the_cast_in_the_python_layout_is_what_bottle_printed_with_layout_tpl(seeded):
    db = seeded.readonly
    checked = set()
    for token in (seeded.token, seeded.other_token):
        g = Group.get(Group.token == token)
        group = GroupRow(g.id, g.token, g.name or g.platform_id, g.timezone, g.revision)
        today = NOW.date()
        ids = sorted(stats.member_names(db, g.id))
        made = [pages.not_counted(db, group, today)]
        made += [pages.champion(db, group, today, period) for period in stats.PERIODS]
        made += [pages.leaderboard(db, group, today, slug, period) for slug in stats.games_played(db, g.id)
                 for period in stats.PERIODS]  # fmt: skip
        made += [player_page.player(db, group, today, str(pid)) for pid in ids]
        made += [versus_page.versus(db, group, today, str(a), str(b)) for a in ids for b in ids if a != b]
        for s in Score.select(Score.game, Score.puzzle_key).where(Score.group == g.id, Score.counted).distinct():
            made.append(pages.puzzle(db, group, today, s.game, s.puzzle_key))
        for name, context in made:
            common = {"first_game": pages.first_game(db, g.id), "group": group, "h": pages.HELPERS}
            if name == "puzzle":  # written out in Python (puzzle_html.page); its template is tests/web/puzzle_page.tpl
                old = bottle.SimpleTemplate(source=PUZZLE, lookup=templates.VIEWS).render(**common, **context)
                assert puzzle_html.page(context, group, common["first_game"]) == old, (token, name)
            else:
                old = bottle.template(name, template_lookup=BOTTLES, **common, **context)
                assert templates.render(name, **common, **context) == old, (token, name)
            checked.add(name)
    assert checked == {"not_counted", "champion", "leaderboard", "player", "versus", "puzzle"}
