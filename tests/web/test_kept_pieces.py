"""A page made from the pieces a running web kept (board sections, a player's and a head-to-head's
blocks, month sums, the games a group plays) is the page a freshly started web renders from
scratch, after every kind of change another process writes: a new game, a repost, an edit, a
delete, a late share dated yesterday, a member's rename, a forgotten player."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest
from helpers import message
from web.cast import ALICE, BOB, DANA, NOW, connections, day, wordle

from puzzlesecretary import ingest
from puzzlesecretary.forget import forget_player
from puzzlesecretary.games import GAMES
from puzzlesecretary.sample import MAKERS
from puzzlesecretary.store import bind, write_transaction
from puzzlesecretary_web.kept import forget_kept


def paths(ids: dict[str, int]) -> list[str]:
    alice, bob, dana = ids["Alice"], ids["Bob"], ids["Dana"]
    return [
        "", "/leaderboard/wordle", "/leaderboard/wordle/week", "/leaderboard/wordle/all", "/leaderboard/connections",
        "/champion/month", "/champion/all", f"/vs/{alice}/{bob}", f"/vs/{bob}/{alice}", f"/vs/{alice}/{dana}",
        f"/p/{alice}", f"/p/{bob}", f"/p/{dana}", "/puzzle/wordle/1987", "/puzzle/wordle/1986", "/puzzle/connections/1265",
        "/not-counted",
    ]  # fmt: skip


def views(client, token: str, ids: dict[str, int]) -> dict[str, tuple[int, bytes]]:
    """Each page's status and body; its gzipped form (made of the kept pieces' deflate, deflate.py) decodes to it."""
    out = {}
    for p in paths(ids):
        answer = client.get(f"/g/{token}{p}")
        gzipped = client.get(f"/g/{token}{p}", headers={"Accept-Encoding": "gzip"})
        if answer.status == 200:
            assert gzipped.headers["content-encoding"] == "gzip"
            assert gzip.decompress(gzipped.body) == answer.body, p
        out[p] = (answer.status, answer.body)
    return out


def written(seeded, db, change) -> None:
    """Run `change` as an ingest process would: on the writable connection, then back to the web's."""
    bind(db)
    try:
        change()
    finally:
        bind(seeded.readonly)


def strands_today() -> str:
    import random

    on = NOW.date()
    return MAKERS["strands"](random.Random(1), GAMES["strands"].calendar.puzzle_on(on), on)


ALICE_1986 = message(wordle(1986, 3), at=day(26, 7), **ALICE)  # the cast's own message (same id)
ALICE_1987 = message(wordle(1987, 3), at=day(27, 7), **ALICE)


def _edit(db):
    ingest.edit_message("test", ALICE_1986.message_id, wordle(1986, 6), NOW)


def _delete(db):
    ingest.delete_message("test", ALICE_1987.message_id, NOW)  # her repost of the day counts instead


def _forget(db, ids):
    with write_transaction(db):
        forget_player(db, ids["Bob"])


CHANGES = {
    "a new game": lambda db, ids: ingest.ingest([message(strands_today(), at=NOW, **DANA)], "Europe/London"),
    "a first share of the day by a member": lambda db, ids: ingest.ingest(
        [message(wordle(1987, 2), at=NOW, **DANA)], "Europe/London"
    ),
    "another game of the day": lambda db, ids: ingest.ingest([message(connections(1265, 3), at=NOW, **DANA)], "Europe/London"),
    "a late share of last week by a player with pages": lambda db, ids: ingest.ingest(
        [message(wordle(1979, 2), at=NOW, **ALICE)], "Europe/London"
    ),
    "a share of a game both of a head-to-head play": lambda db, ids: ingest.ingest(
        [message(connections(1265, 2), at=NOW, **BOB)], "Europe/London"
    ),
    "a repost": lambda db, ids: ingest.ingest([message("again " + wordle(1987, 2), at=NOW, **BOB)], "Europe/London"),
    "an edit": lambda db, ids: _edit(db),
    "a delete": lambda db, ids: _delete(db),
    "a late share dated yesterday": lambda db, ids: ingest.ingest([message(wordle(1986, 5), at=NOW, **DANA)], "Europe/London"),
    "a member's rename": lambda db, ids: ingest.ingest([message("hi all", at=NOW, sender="u-alice", name="Alicia")],
                                                       "Europe/London"),  # fmt: skip
    "a forgotten player": _forget,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_pages_from_kept_pieces_after_a_change_equal_pages_rendered_from_scratch(seeded, db, change):
    before = views(seeded.client, seeded.token, seeded.ids)  # the running web keeps its pieces
    written(seeded, db, lambda: CHANGES[change](db, seeded.ids))
    kept = views(seeded.client, seeded.token, seeded.ids)
    forget_kept()
    scratch = views(seeded.at(NOW), seeded.token, seeded.ids)
    assert kept == scratch
    assert kept != before  # the change shows somewhere


def test_kept_pieces_follow_several_changes_in_a_row(seeded, db):
    for change in ("a first share of the day by a member", "an edit", "a late share dated yesterday", "a repost",
                   "a new game", "a member's rename"):  # fmt: skip
        views(seeded.client, seeded.token, seeded.ids)
        written(seeded, db, lambda change=change: CHANGES[change](db, seeded.ids))
    kept = views(seeded.client, seeded.token, seeded.ids)
    forget_kept()
    assert kept == views(seeded.at(NOW), seeded.token, seeded.ids)


def test_kept_pieces_of_yesterday_do_not_make_todays_page(seeded):
    yesterday = views(seeded.at(NOW - dt.timedelta(days=1)), seeded.token, seeded.ids)
    today = views(seeded.client, seeded.token, seeded.ids)
    forget_kept()
    assert today == views(seeded.at(NOW), seeded.token, seeded.ids) != yesterday
