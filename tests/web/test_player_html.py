"""A player's page's game blocks written out in Python (player_html.py) are what the template they replaced printed
(tests/web/player_block.tpl), byte for byte: every game of every player of the cast's groups, more than one
kind of unit; so are their latest results (tests/web/player_recent.tpl)."""

from __future__ import annotations

from pathlib import Path

import bottle
from web.cast import NOW

from puzzlesecretary import stats
from puzzlesecretary.games import GAMES
from puzzlesecretary.store import Group
from puzzlesecretary_web import pages, player_html, player_page, templates
from puzzlesecretary_web.pages import GroupRow
from puzzlesecretary_web.player_html import block_html

OLD = (Path(__file__).parent / "player_block.tpl").read_text()


def test_every_game_block_of_the_casts_players_is_what_the_old_template_printed(seeded):
    db = seeded.readonly
    shown, units = 0, set()
    for token in (seeded.token, seeded.other_token):
        g = Group.get(Group.token == token)
        group = GroupRow(g.id, g.token, g.name or g.platform_id, g.timezone, g.revision)
        for pid, name in stats.member_names(db, g.id).items():
            for slug, rows in stats.queries.player_game_rows(db, g.id, pid).items():
                if slug not in GAMES:
                    continue
                blk = player_page._block(GAMES[slug], rows, name, NOW.date())
                old = bottle.SimpleTemplate(source=OLD, lookup=templates.VIEWS).render(blk=blk, group=group, h=pages.HELPERS)
                assert block_html(blk) == old.removesuffix("\n"), (token, pid, slug)
                shown += 1
                units.add(GAMES[slug].unit)
    assert shown and len(units) > 1


RECENT = (Path(__file__).parent / "player_recent.tpl").read_text()


def test_every_players_latest_results_are_what_the_old_template_printed_made_afresh_or_kept(seeded):
    db = seeded.readonly
    shown, tagged = 0, 0
    for token in (seeded.token, seeded.other_token):
        g = Group.get(Group.token == token)
        group = GroupRow(g.id, g.token, g.name or g.platform_id, g.timezone, g.revision)
        for pid in stats.member_names(db, g.id):
            _, context = player_page.player(db, group, NOW.date(), str(pid))
            if not context["recent"]:  # the page shows no list then (player.tpl)
                assert context["recent_rows"] == ""
                continue
            old = bottle.SimpleTemplate(source=RECENT, lookup=templates.VIEWS).render(recent=context["recent"], group=group,
                                                                                    h=pages.HELPERS)  # fmt: skip
            assert context["recent_rows"] + "\n" == old, (token, pid)
            player_html._RECENT.clear()
            assert player_html.recent_rows(context["recent"], group.token) + "\n" == old
            shown += len(context["recent"])
            tagged += old.count('class="tag warn"')
    assert shown and tagged
