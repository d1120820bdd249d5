"""Privacy on the pages: an opted-out player shows nowhere, a hidden grid on no page, an export link for one player."""

from __future__ import annotations

import json

import pytest
from chatcommands.chat import Chat

from puzzlesecretary.store import Group, PlayerChoice, bind


@pytest.fixture
def chat(seeded, db):
    bind(db)  # the chat writes; the app reads over its own read-only connection
    c = Chat()
    c.open_group("g1")
    return c


def _pages(seeded) -> list[str]:
    ids = seeded.ids
    rests = ["", "/leaderboard/wordle", "/leaderboard/wordle/all", "/champion/month", "/not-counted", "/puzzle/wordle/1987",
             f"/p/{ids['Bob']}", f"/vs/{ids['Bob']}/{ids['Dana']}"]  # fmt: skip
    out = []
    for rest in rests:
        page = seeded.page(rest)
        assert page.status == 200, rest
        out.append(page.text)
    return out


def test_an_opted_out_player_is_on_no_page_of_the_group_and_comes_back_with_optin(seeded, chat):
    assert all("Alice" in text for text in _pages(seeded)[:2])
    chat.post("!ps optout", sender="u-alice", name="Alice")
    assert not any("Alice" in text for text in _pages(seeded))
    assert seeded.page(f"/p/{seeded.ids['Alice']}").status == 404
    chat.post("!ps optin", sender="u-alice", name="Alice")
    assert "Alice" in seeded.page().text


def test_a_hidden_grid_is_on_no_page(seeded, chat):
    def bob_grids() -> int:
        return sum(text.count("Bob</bdi>'s grid") + text.count("Bob's grid") for text in _pages(seeded))

    assert bob_grids() > 0
    chat.post("!ps hide", sender="u-bob", name="Bob")
    assert bob_grids() == 0 and "Bob" in seeded.page().text


def test_the_export_link_serves_its_players_data_for_24_hours_and_nothing_else(seeded, chat):
    (direct,) = [r for r in chat.post("!ps export", sender="u-bob", name="Bob") if not r.is_group]
    path = "/export/" + direct.text.rsplit("/export/", 1)[1]
    made = PlayerChoice.get(PlayerChoice.name == "export_token").updated_at
    PlayerChoice.update(updated_at=made - 23 * 3600 * 1000).execute()  # the web's clock is the cast's NOW
    page = seeded.client.get(path)
    assert page.status == 200 and page.headers["cache-control"] == "no-store"
    data = json.loads(page.text)
    assert data["player"] == "Bob" and "Alice" not in page.text and Group.select().count() >= 2
    assert seeded.client.get("/export/" + "A" * 32).status == 404


def test_a_member_with_no_scores_who_opts_out_leaves_the_cached_pages_at_once(seeded, chat):
    chat.post("morning all", sender="u-erin", name="Erin")
    assert "Erin" in seeded.page().text  # the board's waiting list, now cached
    chat.post("!ps optout", sender="u-erin", name="Erin")
    assert not any("Erin" in text for text in _pages(seeded))
    chat.post("!ps optin", sender="u-erin", name="Erin")
    assert "Erin" in seeded.page().text
