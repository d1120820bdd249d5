"""A change to a group renders again only the pages it touches (pieces.py), and every page served stays current.

The yardstick: after each change, every page the app serves equals the same page rendered by a
fresh app that has cached nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import message
from web.cast import ALICE, BOB, DANA, NOW, connections, wordle

from puzzlesecretary.clock import to_ms
from puzzlesecretary.ingest import delete_message, edit_message
from puzzlesecretary.store import bind
from puzzlesecretary_web import pages, sections
from puzzlesecretary_web.app import make_app


def counts(app) -> dict[str, float]:
    """The page cache metric, by result."""
    return {
        sample.labels["result"]: sample.value
        for family in app.metrics.cache.collect()
        for sample in family.samples
        if sample.name.endswith("_total")
    }


def served(seeded, rest: str) -> bytes:
    response = seeded.page(rest)
    assert response.status == 200, rest
    return response.body


def fresh(seeded, rest: str) -> bytes:
    """The page as an app with an empty cache renders it now (nothing kept across apps either)."""
    from web.cast import Client

    pages.MONTHS.clear()
    sections.SECTIONS.clear()
    response = Client(make_app(seeded.readonly, clock=lambda: to_ms(NOW))).get(f"/g/{seeded.token}{rest}")
    return response.body


def pages_of(seeded) -> list[str]:
    alice, bob, evil = seeded.ids["Alice"], seeded.ids["Bob"], seeded.ids["<script>alert(1)</script>"]
    return [
        "",
        "/leaderboard/wordle",
        "/leaderboard/wordle/all",
        "/leaderboard/connections/week",
        "/champion/month",
        "/champion/all",
        f"/vs/{alice}/{bob}",
        f"/vs/{bob}/{evil}",
        f"/p/{alice}",
        f"/p/{evil}",
        "/puzzle/wordle/1987",
        "/puzzle/wordle/1980",
        "/puzzle/connections/1265",
        "/not-counted",
    ]


def test_another_players_share_leaves_a_head_to_head_as_it_was_without_rendering_it(seeded, db):
    path = f"/vs/{seeded.ids['Bob']}/{seeded.ids['<script>alert(1)</script>']}"
    before = served(seeded, path)
    seeded.add(db, [message(connections(1265, 3), at="2026-11-27T11:50:00+00:00", **DANA)])
    misses = counts(seeded.app).get("miss", 0)
    assert served(seeded, path) == before == fresh(seeded, path)
    assert counts(seeded.app).get("miss", 0) == misses and counts(seeded.app)["unchanged"] == 1


def test_a_share_of_one_of_the_two_players_renders_their_head_to_head_again(seeded, db):
    path = f"/vs/{seeded.ids['Alice']}/{seeded.ids['Bob']}"
    served(seeded, path)
    misses = counts(seeded.app)["miss"]
    seeded.add(db, [message(wordle(1979, 6), at="2026-11-27T11:50:00+00:00", message_id="late-bob", **BOB)])
    assert served(seeded, path) == fresh(seeded, path)
    assert counts(seeded.app)["miss"] == misses + 1 and counts(seeded.app).get("unchanged", 0) == 0


def test_a_connections_share_leaves_the_wordle_leaderboard_and_a_wordle_share_does_not(seeded, db):
    before = served(seeded, "/leaderboard/wordle")
    seeded.add(db, [message(connections(1265, 2), at="2026-11-27T11:50:00+00:00", **BOB)])
    assert served(seeded, "/leaderboard/wordle") == before and counts(seeded.app)["unchanged"] == 1
    seeded.add(db, [message(wordle(1987, 5), at="2026-11-27T11:55:00+00:00", **DANA)])
    after = served(seeded, "/leaderboard/wordle")
    assert after != before and after == fresh(seeded, "/leaderboard/wordle")


def test_a_share_of_one_game_renders_only_that_games_section_of_the_board(seeded, db):
    sections.SECTIONS.clear()
    served(seeded, "")
    kept = list(sections.SECTIONS._pages)
    assert {key[4] for key in kept} >= {"wordle", "connections"}
    seeded.add(db, [message(connections(1265, 3), at="2026-11-27T11:50:00+00:00", **DANA)])
    after = served(seeded, "")
    made = [key for key in sections.SECTIONS._pages if key not in kept]
    assert [key[4] for key in made] == ["connections"]  # the Wordle section was served as it was kept
    assert after == fresh(seeded, "") and b"Dana" in after


def test_the_days_fingerprints_in_one_read_are_each_games_fingerprint(seeded, db):
    from puzzlesecretary import stats
    from puzzlesecretary.store import Group

    group = Group.get(Group.token == seeded.token)
    for day in (NOW.date(), NOW.date() - dt.timedelta(days=1), NOW.date() + dt.timedelta(days=1)):
        prints = stats.day_fingerprints(db, group.id, day)
        assert prints == {
            slug: stats.fingerprint(db, group.id, day, day, game=slug)
            for slug in stats.games_played(db, group.id)
            if stats.fingerprint(db, group.id, day, day, game=slug)[0]
        }
    assert stats.day_fingerprints(db, group.id, NOW.date())


def test_a_new_name_shows_on_pages_whose_scores_did_not_change(seeded, db):
    path = f"/vs/{seeded.ids['Alice']}/{seeded.ids['Bob']}"
    assert "Dana" in served(seeded, path).decode()
    seeded.add(db, [message("hello again", at="2026-11-27T11:50:00+00:00", sender="u-dana", name="Dana Scully")])
    after = served(seeded, path).decode()
    assert "Dana Scully" in after and after.encode() == fresh(seeded, path)


def test_after_every_kind_of_change_every_page_served_equals_a_fresh_rendering(seeded, db):
    paths = pages_of(seeded)
    for rest in paths:
        served(seeded, rest)  # every page cached
    changes = [
        lambda: seeded.add(db, [message(connections(1265, 3), at="2026-11-27T11:50:00+00:00", **DANA)]),
        lambda: seeded.add(db, [message(wordle(1987, 2), at="2026-11-27T11:51:00+00:00", message_id="bob-again", **BOB)]),
        lambda: seeded.add(db, [message(wordle(1975, 4), at="2026-11-27T11:52:00+00:00", message_id="old", **ALICE)]),
        lambda: seeded.add(db, [message("new here", at="2026-11-27T11:53:00+00:00", sender="u-newt", name="Newt")]),
        lambda: change(db, seeded, lambda: edit_message("test", "old", wordle(1975, 6), dt.datetime(2026, 11, 27, 11, 54))),
        lambda: change(db, seeded, lambda: delete_message("test", "bob-again")),
        lambda: seeded.add(db, [message("renamed", at="2026-11-27T11:55:00+00:00", sender="u-alice", name="Alicia")]),
    ]
    for n, make in enumerate(changes):
        make()
        for rest in paths:
            assert served(seeded, rest) == fresh(seeded, rest), (n, rest)
    assert counts(seeded.app)["unchanged"] > 0


def change(db, seeded, write) -> None:
    bind(db)
    try:
        assert write()
    finally:
        bind(seeded.readonly)


@pytest.mark.parametrize("rest", ["/vs/1/999999", "/p/0", "/puzzle/wordle/99999999", "/leaderboard/nope", "/champion/decade"])
def test_a_page_that_names_nothing_is_still_the_404_page_after_a_change(seeded, db, rest):
    assert seeded.page(rest).status == 404
    seeded.add(db, [message(connections(1265, 3), at="2026-11-27T11:50:00+00:00", **DANA)])
    assert seeded.page(rest).status == 404


def test_kept_pieces_are_made_again_only_where_missing_in_one_call():
    from puzzlesecretary_web.cache import PageCache

    kept, calls = PageCache(4 << 10), []

    def make(missing):
        calls.append(list(missing))
        return {name: f"<{name}>" for name in missing}

    assert kept.get_or_make({"a": 1, "b": 2}, make) == {"a": "<a>", "b": "<b>"}
    # b's fingerprint moved (a new key): only b is made again, and a comes back as kept, in the keys' order.
    assert list(kept.get_or_make({"a": 1, "b": 3}, make).items()) == [("a", "<a>"), ("b", "<b>")]
    assert calls == [["a", "b"], ["b"]]
    assert kept.get_or_make({"a": 1, "b": 3}, make) and calls == [["a", "b"], ["b"]]
