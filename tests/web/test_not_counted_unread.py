"""The Not-counted page lists the games posted this week that no parser reads yet."""

from __future__ import annotations

import pytest
from helpers import message
from web.cast import NOW, Client, seed

from puzzlesecretary.clock import to_ms
from puzzlesecretary.games import GAMES
from puzzlesecretary.games.unknown import PREFIX
from puzzlesecretary.ingest import derive as ingest_module
from puzzlesecretary.ingest import ingest
from puzzlesecretary.results import Outcome, Rejection
from puzzlesecretary.store import Group, open_database
from puzzlesecretary_web.app import make_app

# Trifase/giochini-bot games.py, class Wend, examples[0] (a real share of a game the table lacks).
WEND = "Wend #4 | 0:41 🌀\nCon 2 dietrofront\nlnkd.in/wend."


@pytest.fixture
def page(db, db_url, monkeypatch):
    seed(db)
    # Read as a table that has no Wend (the catalogue may add it): the page shows what was stored.
    original = ingest_module.parse
    table = {slug: game for slug, game in GAMES.items() if slug != "wend"}
    monkeypatch.setattr(ingest_module, "parse", lambda text, sent_at=None: original(text, sent_at, table))
    ingest(
        [
            message(WEND, sender="u-alice", name="Alice", at="2026-11-25T08:00:00+00:00"),
            message(WEND.replace("#4", "#5"), sender="u-bob", name="Bob", at="2026-11-26T08:00:00+00:00"),
            message(WEND.replace("#4", "#6"), sender="u-bob", name="Bob", at="2026-11-27T08:00:00+00:00"),
            # Two weeks ago: not this week.
            message(WEND.replace("#4", "#1"), sender="u-bob", name="Bob", at="2026-11-10T08:00:00+00:00"),
            # Another group's shares never show here.
            message(WEND, group="g2", sender="u-zoe", name="Zoe", at="2026-11-27T08:00:00+00:00"),
        ],
        default_timezone="Europe/London",
    )
    token = Group.get(Group.platform_id == "g1").token
    readonly = open_database(db_url, readonly=True)
    client = Client(make_app(readonly, clock=lambda: to_ms(NOW)))
    yield client.get(f"/g/{token}/not-counted")
    readonly.close()


def test_the_not_counted_page_counts_this_weeks_shares_of_a_game_we_do_not_read(page):
    assert page.status == 200
    assert "3 shares of <bdi>Wend</bdi> this week: not read yet" in page.text
    assert "Wend #4 looks like a share of Wend, a game PuzzleSecretary does not read yet" in page.text
    assert "unknown:" not in page.text


def test_an_unread_games_name_written_right_to_left_is_isolated_from_the_words_around_it(db, db_url, monkeypatch):
    # Today's header reader takes only names that start with a capital Latin letter, but a
    # database keeps whatever an older or newer reader stored: the page isolates any name.
    seed(db)
    name = "\u05de\u05d9\u05dc\u05d4"  # a Hebrew word: shown bare, "3 shares of" would follow it backwards
    rejection = Rejection(PREFIX + name, f"{name} #4 looks like a share of {name}, a game PuzzleSecretary does not read yet", 4)
    monkeypatch.setattr(ingest_module, "parse", lambda text, sent_at=None: Outcome(rejections=(rejection,)))
    ingest([message("share", sender="u-alice", name="Alice", at="2026-11-26T08:00:00+00:00")], default_timezone="Europe/London")
    token = Group.get(Group.platform_id == "g1").token
    readonly = open_database(db_url, readonly=True)
    page = Client(make_app(readonly, clock=lambda: to_ms(NOW))).get(f"/g/{token}/not-counted")
    readonly.close()
    assert page.status == 200
    assert f"1 share of <bdi>{name}</bdi> this week: not read yet" in page.text
