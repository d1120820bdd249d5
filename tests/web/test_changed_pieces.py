"""A piece made from what it was and the one score added since (stats.queries.added): a board's section, a month's
sums. After every kind of change each page equals the page a freshly started web renders; where the change is one
added score the piece is made without reading its day or its month again, and anything else reads them whole."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import message
from web.cast import DANA, NOW, connections, wordle
from web.test_kept_pieces import CHANGES, views, written

from puzzlesecretary import ingest, stats
from puzzlesecretary.games import GAMES
from puzzlesecretary.stats.queries import added
from puzzlesecretary.store import Group, Score
from puzzlesecretary_web import month_sums
from puzzlesecretary_web.kept import forget_kept

TODAY = NOW.date()
MONTH = (TODAY.replace(day=1), TODAY)


def player(n: int) -> dict:
    return dict(sender=f"u-new{n}", name=f"Newcomer {n}")


def share(n: int, text: str, **who) -> list:
    return [message(text, at=NOW + dt.timedelta(minutes=n), message_id=f"changed-{n}", **(who or player(n)))]


def reads(monkeypatch) -> dict[str, int]:
    """How often the board's day and the leaderboard's month are read whole, from now on."""
    calls = {"day": 0, "month": 0}
    day, month = stats.day_sections, stats.leaderboard_sums

    def day_read(*args, **kwargs):
        calls["day"] += 1
        return day(*args, **kwargs)

    def month_read(*args, **kwargs):
        calls["month"] += 1
        return month(*args, **kwargs)

    monkeypatch.setattr(stats, "day_sections", day_read)
    monkeypatch.setattr(stats, "leaderboard_sums", month_read)
    return calls


def cold(seeded) -> dict:
    forget_kept()
    return views(seeded.at(NOW), seeded.token, seeded.ids)


def test_shares_one_by_one_make_the_section_and_the_month_from_what_they_were_and_equal_a_cold_render(seeded, db,
                                                                                                      monkeypatch):  # fmt: skip
    views(seeded.client, seeded.token, seeded.ids)
    calls = reads(monkeypatch)
    for n, text in enumerate([wordle(1987, 5), wordle(1987, 2), wordle(1987, None), connections(1265, 2), wordle(1987, 4)]):
        seeded.add(db, share(n, text))
        for path in ("", "/leaderboard/wordle", "/leaderboard/connections"):
            assert seeded.page(path).status == 200
    assert calls == {"day": 0, "month": 0}
    kept = views(seeded.client, seeded.token, seeded.ids)
    assert b"Newcomer 4" in kept[""][1] and kept == cold(seeded)


@pytest.mark.parametrize("change", ["an edit", "a delete", "a late share dated yesterday", "a repost", "a forgotten player",
                                    "a member's rename", "a new game"])  # fmt: skip
def test_after_shares_made_from_what_they_were_each_other_change_still_equals_a_cold_render(seeded, db, change):
    for n in range(3):
        views(seeded.client, seeded.token, seeded.ids)
        seeded.add(db, share(n, wordle(1987, 3 + n)))
    views(seeded.client, seeded.token, seeded.ids)
    written(seeded, db, lambda: CHANGES[change](db, seeded.ids))
    kept = views(seeded.client, seeded.token, seeded.ids)
    assert kept == cold(seeded)


def test_two_shares_between_views_read_the_section_and_the_month_whole(seeded, db, monkeypatch):
    views(seeded.client, seeded.token, seeded.ids)
    calls = reads(monkeypatch)
    seeded.add(db, share(1, wordle(1987, 5)) + share(2, wordle(1987, 2)))
    kept = views(seeded.client, seeded.token, seeded.ids)
    assert calls["day"] >= 1 and calls["month"] >= 1
    assert kept == cold(seeded)


def group_id(seeded) -> int:
    return Group.get(Group.token == seeded.token).id


def test_one_added_score_is_told_with_its_columns_and_a_repost_as_nothing_shown(seeded, db):
    gid = group_id(seeded)
    before = added.made(db, gid, "wordle", TODAY, TODAY)
    seeded.add(db, share(1, wordle(1987, 5)))
    one = added.added_since(db, gid, "wordle", TODAY, TODAY, before)
    assert one is not None and one.made == added.made(db, gid, "wordle", TODAY, TODAY)
    assert one.row[0] == Score.get(Score.id == one.made.top).player_id and one.row[4:6] == (True, 5.0)
    seeded.add(db, share(2, "again " + wordle(1987, 2), **player(1)))  # a repost: not counted
    again = added.added_since(db, gid, "wordle", TODAY, TODAY, one.made)
    assert again is not None and again.row is None


@pytest.mark.parametrize("change", ["an edit", "a delete", "a forgotten player", "two shares"])
def test_anything_but_one_added_score_is_not_told_as_one(seeded, db, change):
    gid = group_id(seeded)
    start, end = MONTH
    before = added.made(db, gid, "wordle", start, end)
    if change == "two shares":
        seeded.add(db, share(1, wordle(1987, 5)) + share(2, wordle(1987, 2)))
    else:
        written(seeded, db, lambda: CHANGES[change](db, seeded.ids))
    assert added.made(db, gid, "wordle", start, end) != before
    assert added.added_since(db, gid, "wordle", start, end, before) is None


def test_a_share_that_takes_the_newest_deleted_scores_id_is_not_told_as_one_added(seeded, db):
    gid = group_id(seeded)
    seeded.add(db, share(1, wordle(1987, 5)))
    newest = Score.select().order_by(Score.id.desc()).first()
    before = added.made(db, gid, "wordle", TODAY, TODAY)
    written(seeded, db, lambda: ingest.delete_message("test", "changed-1", NOW))
    seeded.add(db, share(2, wordle(1987, 2)) + share(3, wordle(1987, 3)))
    ids = sorted(s.id for s in Score.select().where(Score.id >= newest.id))
    if db_is_sqlite(db):
        assert ids[0] == newest.id  # SQLite gave the deleted score's id again
    assert added.added_since(db, gid, "wordle", TODAY, TODAY, before) is None


def db_is_sqlite(db) -> bool:
    from puzzlesecretary.store.database import is_sqlite

    return is_sqlite(db)


def test_a_months_sums_with_one_more_play_are_the_sums_the_database_adds_up(seeded, db):
    gid, (start, end) = group_id(seeded), MONTH
    # A new player, a member's first (failed) play, the new player's day before (their run grows by one).
    for n, (text, who) in enumerate([(wordle(1987, 5), player(0)), (wordle(1986, None), DANA), (wordle(1986, 1), player(0))]):
        sums, before = stats.leaderboard_sums(db, gid, "wordle", start, end), added.made(db, gid, "wordle", start, end)
        seeded.add(db, share(n, text, **who))
        one = added.added_since(db, gid, "wordle", start, end, before)
        assert one is not None and one.row is not None, n
        more, summed = stats.sums_with(GAMES["wordle"], sums, one.row), stats.leaderboard_sums(db, gid, "wordle", start, end)
        assert more.tallies == summed.tallies
        assert sorted(more.runs) == sorted(summed.runs) and sorted(more.counts, key=repr) == sorted(summed.counts, key=repr)


def test_sums_whose_values_are_not_whole_numbers_are_summed_again_by_the_database():
    game = next(g for g in GAMES.values() if g.fail_rule == "as_printed")
    sums = stats.Sums((stats.Tally(1, 1, 1, 2.5, 1),), (), ((2.5, True, 1),))
    row = (2, None, "k", TODAY, True, 3.0, False, False, False, {})
    assert stats.sums_with(game, sums, row) is None
    whole = stats.Sums((stats.Tally(1, 1, 1, 2.0, 1),), ((1, 10, 10, 1),), ((2.0, True, 1),))
    assert stats.sums_with(game, whole, row).tallies == (stats.Tally(1, 1, 1, 2.0, 1), stats.Tally(2, 1, 1, 3.0, 1))


def test_a_day_solved_between_two_runs_joins_them_into_one():
    game = GAMES["wordle"]
    day = dt.date(1970, 1, 1) + dt.timedelta(days=12)
    sums = stats.Sums((stats.Tally(1, 4, 4, 12.0, 4),), ((1, 10, 11, 2), (1, 13, 14, 2), (2, 12, 12, 1)), ((3.0, True, 4),))
    more = stats.sums_with(game, sums, (1, None, "k", day, True, 3.0, False, False, False, {}))
    assert sorted(more.runs) == [(1, 10, 14, 5), (2, 12, 12, 1)]
    assert more.counts == ((3.0, True, 5),)


def sums_kept() -> list[tuple]:
    return [key for key in month_sums.MONTHS._values if key[0] == "leaderboard"]


def test_a_games_month_kept_before_a_share_is_dropped_once_the_month_is_made_again(seeded, db):
    views(seeded.client, seeded.token, seeded.ids)
    kept = sums_kept()
    seeded.add(db, share(1, wordle(1987, 5)))
    views(seeded.client, seeded.token, seeded.ids)
    assert len(sums_kept()) == len(kept) and sums_kept() != kept


def test_a_puzzles_long_run_kept_as_means_merges_the_days_puzzles_as_summing_them_all_would():
    from puzzlesecretary.stats.queries import means_of, means_with

    earlier = (("1980", 20_000, 1980, 3, 3, 10.0, 3), ("1982", 20_002, 1982, 2, 1, 9.0, 2), ("1990", 20_010, 1990, 1, 1, 4.0, 1))
    day = (("1985", 20_005, 1985, 4, 4, 13.0, 4),)
    assert means_with(means_of(earlier), day) == means_of(earlier, day)
    assert means_with(means_of(earlier), ()) == means_of(earlier)
    assert means_with(means_of(earlier), (("1982", 20_002, 1982, 1, 1, 2.0, 1),)) is None  # summed with its earlier days


@pytest.mark.parametrize("period", ["week", "month", "year", "all"])
def test_a_leaderboard_summed_from_its_periods_start_is_the_one_the_database_sums_from_the_first_day(seeded, db, period):
    from puzzlesecretary_web import pages

    group = pages.GroupRow(group_id(seeded), seeded.token, "g", "UTC", 0)
    start, end = stats.period_range(period, TODAY)
    for slug in ("wordle", "connections"):
        forget_kept()
        first = stats.first_day(db, group.id)
        assert pages.leaderboard_table(db, group, slug, start, end) == stats.leaderboard_data(
            db, group.id, slug, max(start, first) if start else first, end)  # fmt: skip
    empty = pages.GroupRow(Group.get(Group.platform_id == "g2").id + 1000, "none", "g", "UTC", 0)  # a group with no scores
    assert pages.leaderboard_table(db, empty, "wordle", start, end) == ([], [])
