"""The player's page and the head-to-head read less than every play (stats.queries.records) and
answer as reading every play did: on the sample chat of five months, each player's bests per
game, the plays the charts show, every pair's head-to-head and the rolling means."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import defaultdict

import pytest

from puzzlesecretary import stats
from puzzlesecretary.games import GAMES
from puzzlesecretary.importer import import_events
from puzzlesecretary.sample import sample_lines
from puzzlesecretary.stats import record
from puzzlesecretary.stats.queries.records import ROW_ID
from puzzlesecretary.store import Group
from puzzlesecretary.store.days import day_number

END = dt.date(2026, 11, 30)


@pytest.fixture
def sample(db):
    import_events((json.dumps(line) for line in sample_lines(END, days=150)), "Europe/London")
    group = Group.get()
    return group.id, list(stats.member_names(db, group.id))


def _key(p: stats.Play) -> tuple:
    return (p.game, p.puzzle_key, p.player_id)


def test_a_players_bests_from_plain_rows_are_those_of_every_play(db, sample):
    group_id, players = sample
    told = []
    for pid, today in itertools.product(players, (END, END + dt.timedelta(days=1), END + dt.timedelta(days=3))):
        every = stats.plays(db, group_id, player_id=pid)
        history, _ = stats.player_history(db, group_id, pid, END)
        assert set(history) == {p.game for p in every}
        for slug, rows in history.items():
            old = stats.personal_bests(GAMES[slug], [p for p in every if p.game == slug], today)
            assert stats.bests_of(GAMES[slug], rows, today) == old, (pid, slug, today)
            told.append(old)
    assert any(b.current_streak >= 2 for b in told) and any(b.best_streak > b.current_streak for b in told)
    assert any(b.mean is not None and b.best_count > 1 for b in told)


def test_the_plays_a_player_page_draws_are_every_play_from_its_first_day(db, sample):
    group_id, players = sample
    since = END - dt.timedelta(days=118)
    for pid in players:
        _, recent = stats.player_history(db, group_id, pid, since)
        every = [p for p in stats.plays(db, group_id, player_id=pid) if p.date is not None and p.date >= since]
        assert sorted(recent, key=_key) == sorted(every, key=_key) and recent


def test_a_head_to_head_from_the_joined_puzzles_is_that_of_both_players_every_play(db, sample):
    group_id, players = sample
    for a, b in itertools.permutations(players, 2):
        joined = stats.duels(stats.shared_puzzles(db, group_id, a, b))
        assert joined == stats.head_to_head(stats.plays(db, group_id, player_id=a), stats.plays(db, group_id, player_id=b))
        assert joined and all(d.played > 0 for d in joined)


def _rolling_means_as_before(game, rows, window, start, end):
    """stats.rolling_means as it was before it read only the days its windows need."""
    values = defaultdict(list)
    for p in rows:
        value = game.play_value(p.solved, p.score)
        if p.date is not None and value is not None:
            values[p.date].append(value)
    out, total, count = [], 0.0, 0
    day = start - dt.timedelta(days=window - 1)
    while day < start:
        total += sum(values.get(day, ()))
        count += len(values.get(day, ()))
        day += dt.timedelta(days=1)
    day = start
    while day <= end:
        total += sum(values.get(day, ()))
        count += len(values.get(day, ()))
        leaving = day - dt.timedelta(days=window)
        if leaving >= start - dt.timedelta(days=window - 1):
            total -= sum(values.get(leaving, ()))
            count -= len(values.get(leaving, ()))
        out.append((day, total / count if count else None))
        day += dt.timedelta(days=1)
    return out


def test_rolling_means_are_those_of_the_day_by_day_walk(db, sample):
    group_id, players = sample
    for pid in players:
        every = stats.plays(db, group_id, player_id=pid)
        for slug in {p.game for p in every}:
            rows = [p for p in every if p.game == slug]
            for window, begin, end in ((7, END - dt.timedelta(days=89), END), (30, END - dt.timedelta(days=13), END),
                                       (30, END - dt.timedelta(days=200), END - dt.timedelta(days=100)), (7, END, END),
                                       (7, END + dt.timedelta(days=1), END)):  # fmt: skip
                assert stats.rolling_means(GAMES[slug], rows, window, begin, end) == _rolling_means_as_before(
                    GAMES[slug], rows, window, begin, end
                )


def test_a_players_record_from_the_rows_as_read_is_that_of_every_play(db, sample):
    group_id, players = sample
    for pid, today in itertools.product(players, (END, END + dt.timedelta(days=1), END + dt.timedelta(days=3))):
        every = stats.plays(db, group_id, player_id=pid)
        rows = stats.queries.player_game_rows(db, group_id, pid)
        assert set(rows) == {p.game for p in every}
        for slug, game_rows in rows.items():
            old = stats.personal_bests(GAMES[slug], [p for p in every if p.game == slug], today)
            assert record.record_of(GAMES[slug], game_rows, day_number(today)) == old, (pid, slug, today)


def test_rolling_means_from_the_rows_as_read_are_those_of_rolling_means(db, sample):
    group_id, players = sample
    spans = ((END - dt.timedelta(days=89), END), (END - dt.timedelta(days=13), END), (END, END),
             (END - dt.timedelta(days=200), END - dt.timedelta(days=100)), (END + dt.timedelta(days=1), END))  # fmt: skip
    for pid in players:
        every = stats.plays(db, group_id, player_id=pid)
        for slug, game_rows in stats.queries.player_game_rows(db, group_id, pid).items():
            plays = [p for p in every if p.game == slug]
            for begin, end in spans:
                means = record.day_means(GAMES[slug], game_rows, (7, 30), day_number(begin), day_number(end))
                for window, got in zip((7, 30), means, strict=True):
                    assert got == [v for _, v in stats.rolling_means(GAMES[slug], plays, window, begin, end)]


def test_a_play_made_of_a_row_as_read_is_the_play_every_play_holds(db, sample):
    group_id, players = sample
    for pid in players:
        every = {_key(p): p for p in stats.plays(db, group_id, player_id=pid)}
        rows = stats.queries.player_game_rows(db, group_id, pid)
        details = stats.queries.play_details(db, [r[ROW_ID] for game_rows in rows.values() for r in game_rows])
        made = [stats.queries.play_of(pid, slug, r, details[r[ROW_ID]]) for slug, game_rows in rows.items() for r in game_rows]
        assert {_key(p): p for p in made} == every


def test_runs_of_day_numbers_count_a_step_and_end_today_or_the_step_before():
    assert record.run_lengths([5, 6, 7, 9, 10], 10) == (3, 2)
    assert record.run_lengths([5, 6, 7, 9, 10], 12) == (3, 0)
    assert record.run_lengths([0, 7, 14], 15, step=7) == (3, 3)
    assert record.run_lengths([], 3) == (0, 0)
