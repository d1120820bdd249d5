"""The pure half of the speaker: parsing times, the DST gap and fold rule, and which recap is due when."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from puzzlesecretary.games.reset import BadTimeZone
from puzzlesecretary.speaker.clock import BadClock, dst_note, in_span, instant, parse_clock, parse_span
from puzzlesecretary.speaker.recaps import Plan, due, parse_weekday

UTC = dt.timezone.utc
PARIS = ZoneInfo("Europe/Paris")
SINCE = dt.datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, clock", [("09:00", dt.time(9)), ("9:05", dt.time(9, 5)), ("2130", dt.time(21, 30)), ("21h30", dt.time(21, 30))]
)
def test_it_reads_a_time_of_day(text, clock):
    assert parse_clock(text) == clock


@pytest.mark.parametrize("text", ["24:00", "9", "09:60", "nine", "", "09:00:00", "-1:00"])
def test_it_refuses_a_time_that_does_not_parse_and_says_what_does(text):
    with pytest.raises(BadClock, match="give it as HH:MM on a 24-hour clock"):
        parse_clock(text)


def test_a_span_runs_past_midnight():
    span = parse_span("22:00-08:00")
    assert in_span(dt.time(23), span) and in_span(dt.time(7, 59), span) and not in_span(dt.time(8), span)
    assert not in_span(dt.time(3), parse_span("00:00-00:00"))


def test_a_time_the_clocks_skip_comes_at_the_first_real_minute_after():
    at = instant(dt.date(2026, 3, 29), dt.time(2, 30), PARIS)
    assert at == dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 CEST, the moment the clocks jump
    havana = ZoneInfo("America/Havana")
    assert instant(dt.date(2026, 3, 8), dt.time(0, 0), havana).astimezone(havana).hour == 1


def test_a_time_that_happens_twice_means_the_first():
    at = instant(dt.date(2026, 10, 25), dt.time(2, 30), PARIS)
    assert at == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST, not 02:30 CET an hour later


def test_the_answer_to_a_recap_time_in_a_gap_says_what_happens():
    note = dst_note(dt.time(2, 30), PARIS, dt.date(2026, 1, 1))
    assert "02:30 does not exist on 29 March 2026 in Europe/Paris (the clocks skip it): at 03:00" in note
    assert "02:30 happens twice on 25 October 2026 in Europe/Paris: it comes at the first" in note
    assert dst_note(dt.time(9, 0), PARIS, dt.date(2026, 1, 1)) is None


def plan(at="09:00", tz="Europe/Paris", week_start=0, since=SINCE):
    return Plan(1, tz, parse_clock(at) if at else None, since, week_start)


def keys(items):
    return [i.key for i in items]


def test_the_daily_recap_of_yesterday_is_due_at_the_groups_time_and_not_before():
    assert keys(due(plan(), dt.datetime(2026, 3, 27, 7, 59, tzinfo=UTC))) == ["recap:1:day:2026-03-25"]  # yesterday's, still
    items = due(plan(), dt.datetime(2026, 3, 27, 8, 0, tzinfo=UTC))
    assert keys(items) == ["recap:1:day:2026-03-26"] and not items[0].late and items[0].day == dt.date(2026, 3, 26)


def test_monday_brings_the_week_and_the_first_brings_the_month():
    items = due(plan(), dt.datetime(2026, 6, 1, 7, 0, tzinfo=UTC))  # Monday 1 June, 09:00 CEST
    assert keys(items) == ["recap:1:day:2026-05-31", "recap:1:week:2026-05-25", "recap:1:month:2026-05"]
    assert [(i.start, i.end) for i in items][1:] == [
        (dt.date(2026, 5, 25), dt.date(2026, 5, 31)),
        (dt.date(2026, 5, 1), dt.date(2026, 5, 31)),
    ]


def test_a_sunday_first_group_gets_its_week_on_sunday():
    items = due(plan(week_start=6), dt.datetime(2026, 5, 31, 7, 0, tzinfo=UTC))
    assert "recap:1:week:2026-05-24" in keys(items)


def test_a_recap_posted_past_the_grace_is_late_and_one_past_its_latest_is_dropped():
    items = due(plan(), dt.datetime(2026, 6, 2, 7, 20, tzinfo=UTC))  # Tuesday, 20 min after 09:00
    assert [(i.key, i.late) for i in items] == [
        ("recap:1:day:2026-06-01", True),
        ("recap:1:week:2026-05-25", True),
        ("recap:1:month:2026-05", True),
    ]
    thursday = dt.datetime(2026, 6, 4, 7, 0, tzinfo=UTC)
    assert keys(due(plan(), thursday)) == ["recap:1:day:2026-06-03"]  # the week's and the month's are stale


def test_nothing_is_due_when_recaps_are_off_or_before_they_were_turned_on():
    assert due(plan(at=None), dt.datetime(2026, 6, 1, 7, 0, tzinfo=UTC)) == []
    assert due(plan(since=dt.datetime(2026, 6, 1, 8, tzinfo=UTC)), dt.datetime(2026, 6, 1, 9, 0, tzinfo=UTC)) == []


def test_a_recap_time_in_the_gap_is_due_once_after_the_jump():
    gap = plan(at="02:30")
    assert keys(due(gap, dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC))) == ["recap:1:day:2026-03-27"]
    assert keys(due(gap, dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC))) == ["recap:1:day:2026-03-28"]


def test_a_recap_time_in_the_fold_is_due_at_its_first_occurrence_and_keeps_its_key():
    fold = plan(at="02:30")
    first = due(fold, dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
    second = due(fold, dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC))  # 02:30 again, in CET
    assert keys(first) == keys(second) == ["recap:1:day:2026-10-24"]
    assert first[0].at == second[0].at == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_a_group_with_a_zone_that_does_not_exist_is_refused():
    with pytest.raises(BadTimeZone, match="unknown time zone 'Mars/Olympus'"):
        due(plan(tz="Mars/Olympus"), dt.datetime(2026, 6, 1, tzinfo=UTC))


@pytest.mark.parametrize("text, index", [("monday", 0), ("Sun", 6), ("SATURDAY", 5)])
def test_it_reads_a_day_of_the_week(text, index):
    assert parse_weekday(text) == index


def test_it_refuses_a_day_that_is_not_one():
    with pytest.raises(ValueError, match="'funday' is not a day of the week"):
        parse_weekday("funday")
