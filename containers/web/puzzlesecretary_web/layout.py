"""The layout every page is shown in (views/layout.tpl), written out in Python: its head up to `<main>`, the page's
own HTML, its foot. templates.FastTemplate answers a template's `% rebase('layout.tpl', ...)` with `page`, and the
board (board_html.py) calls it itself; views/layout.tpl stays as what this is held to (tests/web/test_board_html.py,
and every template's test against bottle's own rendering). The head is the same on every view of a group's page of
the day, so it is kept by what it shows."""

from __future__ import annotations

from . import bidi  # (a module: bidi imports templates, which imports this)
from .cache import Memo
from .templates import escape

_HEADS = Memo(256)  # about 1.5 KiB each: the heads of the boards viewed last

FOOT = ("</main>\n<footer><p>PuzzleSecretary: daily puzzle scores from your group chat. This page is private to your "
        "group: please do not share its address.</p></footer>\n</body>\n</html>\n")  # fmt: skip


def _head(title: str, token: str | None, name: str | None, first_game: str) -> str:
    """layout.tpl up to and with `<main id="main">`'s line; `token` None for a page of no group."""
    top = ('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           '<meta name="referrer" content="no-referrer">\n<meta name="robots" content="noindex, nofollow">\n'
           '<meta name="color-scheme" content="light dark">\n'
           f"<title>{escape(bidi.isolate(title))} · PuzzleSecretary</title>\n"
           '<link rel="stylesheet" href="/static/style.css">\n'
           '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">\n</head>\n<body>\n'
           '<a class="skip" href="#main">Skip to the content</a>\n<header class="top">\n')  # fmt: skip
    if token is None:
        nav = '  <span class="brand">PuzzleSecretary</span>\n'
    else:
        t = escape(token)
        nav = (f'  <a dir="auto" class="brand" href="/g/{t}">{escape(name)}</a>\n'
               '  <nav aria-label="Group pages">\n    <ul>\n'
               f'      <li><a href="/g/{t}">Today</a></li>\n'
               f'      <li><a href="/g/{t}/leaderboard/{escape(first_game)}/week">Leaderboards</a></li>\n'
               f'      <li><a href="/g/{t}/champion/week">Champion</a></li>\n'
               f'      <li><a href="/g/{t}/not-counted">Not counted</a></li>\n'
               "    </ul>\n  </nav>\n")  # fmt: skip
    return top + nav + '</header>\n<main id="main">\n'


def head(title: str, group, first_game: str) -> str:
    """The layout's head for this title, group (or None) and "Leaderboards" link's game, made once while it is asked."""
    token, name = (None, None) if group is None else (group.token, group.name)
    return _HEADS.get((title, token, name, first_game), lambda: _head(title, token, name, first_game))


def page(base: str, title: str, group, first_game: str) -> str:
    """layout.tpl around `base`, a page's own HTML."""
    return "".join((head(title, group, first_game), base, "\n", FOOT))  # one copy of the page
