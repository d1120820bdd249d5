"""The board's page written out in Python: what views/board.tpl printed inside views/layout.tpl (both now in
tests/web/, and tests/web/test_board_html.py holds every board to them), each value escaped by the templates' own
escape. bottle's rendering of the two templates (its environment, the rebase, a call per line) was about 0.12 ms of
a board made again after a share; its pieces (the leaders, the sections, the players) were already HTML.

The layout's head and foot are the same for every board of a group's day: the head is kept by what it shows."""

from __future__ import annotations

import datetime as dt

from . import layout
from .bidi import name_list
from .templates import escape


def board(context: dict, group, first_game: str) -> str:
    """The board's whole page from pages.board's context, as board.tpl inside layout.tpl made it (one join: the page
    is some 50 KB of text, 200 KB as Python holds it with an emoji square in it, and each copy of it costs)."""
    today: dt.date = context["today"]
    members = context["members"]
    sections = context["sections"]
    out = [layout.head(context["title"], group, first_game),
           f'<h1><bdi>{escape(group.name)}</bdi></h1>\n<p class="when">{escape(today.strftime("%A %-d %B %Y"))} · '
           f"{escape(group.timezone)}</p>\n"]  # fmt: skip
    if context["leaders"]:
        out += [context["leaders_html"], "\n"]
    if not sections:
        out.append('<p class="empty">Nobody has posted a score today yet.</p>\n')
        if members:
            out.append(f"<p>Not played yet: {name_list(members.values())}</p>\n")
    for section in sections:
        out += [section, "\n"]
    if members:
        out += ['<section class="card" aria-labelledby="players">\n  <h2 id="players">Players</h2>\n  <ul class="inline">\n',
                context["players"], "\n  </ul>\n</section>\n"]  # fmt: skip
    out += ["\n", layout.FOOT]
    return "".join(out)
