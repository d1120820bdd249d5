"""The speaker against a real SQLite store and the real outbox table, with a fake clock: each recap
once, at the group's local time, across the spring DST change and a restart; a missed time posted
late once; a day nobody played, a bad zone and a failing enqueue skipped with a log line."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from zoneinfo import ZoneInfo

import pytest

from puzzlesecretary import outbox
from puzzlesecretary.groups import DISABLED, ENABLED, set_state
from puzzlesecretary.importer import import_events
from puzzlesecretary.sample import STRANDS_THEMES, sample_lines
from puzzlesecretary.speaker.loop import Speaker
from puzzlesecretary.speaker.plans import set_recap, set_week_start
from puzzlesecretary.store import Group
from puzzlesecretary.store.models import Outbox

UTC = dt.timezone.utc
PARIS = ZoneInfo("Europe/Paris")
# As tests/recap/test_recap_command.py: grid squares and pictographs, and the sample's Strands theme words.
PICTURES = re.compile("[\u2b1b\u2b1c\u25a0-\u25ff\u2600-\u27bf\U0001f300-\U0001faff]")
THEME_WORDS = {w.lower() for theme in STRANDS_THEMES for w in re.findall(r"[A-Za-z']{4,}", theme)} - {"puzzle", "game"}


def spoiler_free(text: str) -> None:
    assert not PICTURES.search(text), f"a grid square or pictograph in {text!r}"
    assert "“" not in text and "”" not in text
    words = {w.lower() for w in re.findall(r"[A-Za-z']{4,}", text)}
    assert not words & THEME_WORDS, f"puzzle words {words & THEME_WORDS}"


class FakeClock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def paris(db):
    """The sample chat of three weeks ending Tuesday 31 March 2026, in a group on Paris time (DST from 29 March)."""
    import_events((json.dumps(line) for line in sample_lines(dt.date(2026, 3, 31))), "Europe/Paris")
    group = Group.get()
    assert group.timezone == "Europe/Paris"
    set_state(group, ENABLED)  # as `!ps join CODE` would
    set_recap(db, group, "09:00", dt.datetime(2026, 3, 26, 20, 0, tzinfo=UTC))  # turned on the evening of the 26th
    return group


def run_clock(speaker_for, start: dt.datetime, end: dt.datetime, step: dt.timedelta, restart_at: dt.datetime | None = None):
    """Tick from start to end; a new Speaker (nothing in memory) at `restart_at`. Returns {key: [tick times it was taken]}."""
    clock = FakeClock(start)
    speaker = speaker_for(clock)
    taken: dict[str, list[dt.datetime]] = {}
    before = {row.key for row in Outbox.select(Outbox.key)}
    while clock.now <= end:
        if restart_at is not None and clock.now >= restart_at:
            speaker, restart_at = speaker_for(clock), None
        speaker.tick()
        for row in Outbox.select(Outbox.key):
            if row.key not in before:
                taken.setdefault(row.key, []).append(clock.now)
                before.add(row.key)
        clock.now += step
    return taken


def test_each_recap_is_posted_once_at_the_local_time_across_the_dst_change_and_a_restart(db, paris):
    def speaker_for(clock):
        return Speaker(db, "http://board", clock=clock)

    taken = run_clock(
        speaker_for,
        dt.datetime(2026, 3, 26, 23, 0, tzinfo=UTC),
        dt.datetime(2026, 4, 2, 0, 0, tzinfo=UTC),
        dt.timedelta(minutes=10),
        restart_at=dt.datetime(2026, 3, 29, 7, 30, tzinfo=UTC),  # just after the first recap on summer time
    )
    g = paris.id
    expected = {
        f"recap:{g}:day:2026-03-26": dt.datetime(2026, 3, 27, 8, 0, tzinfo=UTC),  # 09:00 CET
        f"recap:{g}:day:2026-03-27": dt.datetime(2026, 3, 28, 8, 0, tzinfo=UTC),
        f"recap:{g}:day:2026-03-28": dt.datetime(2026, 3, 29, 7, 0, tzinfo=UTC),  # 09:00 CEST: the clocks went forward
        f"recap:{g}:day:2026-03-29": dt.datetime(2026, 3, 30, 7, 0, tzinfo=UTC),
        f"recap:{g}:week:2026-03-23": dt.datetime(2026, 3, 30, 7, 0, tzinfo=UTC),  # Monday: the week before
        f"recap:{g}:day:2026-03-30": dt.datetime(2026, 3, 31, 7, 0, tzinfo=UTC),
        f"recap:{g}:day:2026-03-31": dt.datetime(2026, 4, 1, 7, 0, tzinfo=UTC),
        f"recap:{g}:month:2026-03": dt.datetime(2026, 4, 1, 7, 0, tzinfo=UTC),  # the 1st: March
    }
    assert {key: times for key, times in taken.items()} == {key: [at] for key, at in expected.items()}
    rows = {row.key: row for row in Outbox.select()}
    for key in expected:
        row = rows[key]
        assert row.platform == paris.platform and row.chat_id == paris.platform_id and row.is_group and row.group_id == g
        assert dt.datetime.fromtimestamp(row.created_at / 1000, UTC).astimezone(PARIS).time() == dt.time(9, 0)
        text = row.body["text"]
        assert "posted late" not in text
        assert len(text.splitlines()) <= 12
        assert text.splitlines()[-1] == f"Board: http://board/g/{paris.token}"
        spoiler_free(text)
    assert rows[f"recap:{g}:day:2026-03-28"].body["text"].startswith("Puzzle recap for Saturday 28 March 2026, ")
    assert rows[f"recap:{g}:week:2026-03-23"].body["text"].startswith("Weekly recap for 23 March to 29 March 2026, ")
    assert rows[f"recap:{g}:month:2026-03"].body["text"].startswith("Monthly recap for March 2026, ")
    # 1 April had no plays (the sample ends on the 31st): nothing posted for it on the 2nd.
    assert f"recap:{g}:day:2026-04-01" not in rows


def test_a_missed_time_is_posted_late_once_and_says_so(db, paris):
    clock = FakeClock(dt.datetime(2026, 3, 27, 7, 55, tzinfo=UTC))
    assert Speaker(db, "http://board", clock=clock).tick() == 0  # 08:55 in Paris: not yet
    clock.now = dt.datetime(2026, 3, 27, 11, 40, tzinfo=UTC)  # the machine was off from 08:56 to 12:40
    speaker = Speaker(db, "http://board", clock=clock)
    assert speaker.tick() == 1
    row = Outbox.get(Outbox.key == f"recap:{paris.id}:day:2026-03-26")
    first = row.body["text"].splitlines()[0]
    assert first.startswith("Puzzle recap for Thursday 26 March 2026, ")
    assert first.endswith("(posted late: it was due at 09:00 on Friday 27 March; PuzzleSecretary was not running)")
    assert len(row.body["text"].splitlines()) <= 12
    for minutes in (1, 60, 600):
        clock.now += dt.timedelta(minutes=minutes)
        assert speaker.tick() == 0
    assert Speaker(db, "http://board", clock=clock).tick() == 0  # and after a restart
    assert Outbox.select().where(Outbox.key.startswith("recap:")).count() == 1


def test_a_weekly_recap_missed_for_more_than_two_days_is_skipped_not_posted_days_late(db, paris):
    clock = FakeClock(dt.datetime(2026, 4, 1, 7, 30, tzinfo=UTC))  # Wednesday: Monday's weekly recap is stale
    Speaker(db, "http://board", clock=clock).tick()
    assert sorted(r.key for r in Outbox.select()) == [f"recap:{paris.id}:day:2026-03-31", f"recap:{paris.id}:month:2026-03"]


def test_turning_recaps_on_after_the_time_posts_nothing_until_the_next_time(db, paris):
    set_recap(db, paris, "09:00", dt.datetime(2026, 3, 27, 10, 0, tzinfo=UTC))  # 11:00 in Paris
    clock = FakeClock(dt.datetime(2026, 3, 27, 10, 5, tzinfo=UTC))
    assert Speaker(db, "http://board", clock=clock).tick() == 0
    clock.now = dt.datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    assert Speaker(db, "http://board", clock=clock).tick() == 1


def test_recaps_are_off_by_default_and_the_operator_default_turns_them_on(db):
    import_events((json.dumps(line) for line in sample_lines(dt.date(2026, 3, 31))), "Europe/Paris")
    Group.update(created_at=int(dt.datetime(2026, 3, 1, tzinfo=UTC).timestamp() * 1000), state=ENABLED).execute()
    clock = FakeClock(dt.datetime(2026, 3, 31, 7, 0, tzinfo=UTC))
    assert Speaker(db, "http://board", clock=clock).tick() == 0
    assert Speaker(db, "http://board", default_at=dt.time(9, 0), clock=clock).tick() == 2  # the 30th's, and Monday's weekly, late
    set_recap(db, Group.get(), "off", clock.now)  # an admin's off wins over the operator's default
    clock.now += dt.timedelta(days=1)
    assert Speaker(db, "http://board", default_at=dt.time(9, 0), clock=clock).tick() == 0


def test_a_group_whose_first_day_is_sunday_gets_its_weekly_recap_on_sunday(db, paris):
    set_week_start(db, paris, "sunday", dt.datetime(2026, 3, 1, tzinfo=UTC))
    clock = FakeClock(dt.datetime(2026, 3, 29, 7, 0, tzinfo=UTC))  # Sunday 09:00 CEST
    Speaker(db, "http://board", clock=clock).tick()
    row = Outbox.get(Outbox.key == f"recap:{paris.id}:week:2026-03-22")
    assert row.body["text"].startswith("Weekly recap for 22 March to 28 March 2026, ")


def test_a_day_nobody_played_is_skipped_with_one_log_line(db, paris, caplog):
    clock = FakeClock(dt.datetime(2026, 4, 2, 7, 0, tzinfo=UTC))  # the recap of 1 April: no plays that day
    speaker = Speaker(db, "http://board", clock=clock)
    with caplog.at_level(logging.INFO, logger="puzzlesecretary.speaker"):
        for _ in range(3):
            speaker.tick()
            clock.now += dt.timedelta(minutes=1)
    assert [r.key for r in Outbox.select()] == [f"recap:{paris.id}:month:2026-03"]  # March's, a day late; no daily
    lines = [r.getMessage() for r in caplog.records if "day:2026-04-01" in r.getMessage()]
    assert len(lines) == 1 and "nobody in" in lines[0] and "played on 2026-04-01" in lines[0]


def test_a_group_with_a_bad_zone_is_logged_and_the_others_still_get_theirs(db, paris, caplog):
    other = Group.create(
        platform="test", platform_id="broken", name="Broken", token="tok", timezone="Mars/Olympus", created_at=0, state=ENABLED
    )
    set_recap(db, other, "09:00", dt.datetime(2026, 3, 1, tzinfo=UTC))
    clock = FakeClock(dt.datetime(2026, 3, 28, 8, 0, tzinfo=UTC))
    with caplog.at_level(logging.WARNING, logger="puzzlesecretary.speaker"):
        assert Speaker(db, "http://board", clock=clock).tick() == 1
    assert any("unknown time zone 'Mars/Olympus'" in r.getMessage() for r in caplog.records)


def test_an_enqueue_that_fails_is_tried_again_next_tick_and_stores_the_recap_once(db, paris, caplog):
    failures = [RuntimeError("database is locked")]

    def flaky(db_, items, at=None):
        if failures:
            raise failures.pop()
        return outbox.enqueue(db_, items, at=at)

    clock = FakeClock(dt.datetime(2026, 3, 28, 8, 0, tzinfo=UTC))
    speaker = Speaker(db, "http://board", enqueue=flaky, clock=clock)
    with caplog.at_level(logging.ERROR, logger="puzzlesecretary.speaker"):
        assert speaker.tick() == 0
    assert any("failed; trying again next tick" in r.getMessage() for r in caplog.records)
    clock.now += dt.timedelta(minutes=1)
    assert speaker.tick() == 1
    assert speaker.tick() == 0
    assert Outbox.select().where(Outbox.key == f"recap:{paris.id}:day:2026-03-27").count() == 1


def test_a_group_not_enabled_or_disabled_gets_no_recap(db, paris):
    clock = FakeClock(dt.datetime(2026, 3, 28, 8, 0, tzinfo=UTC))
    set_state(paris, DISABLED)  # `!ps leave`
    assert Speaker(db, "http://board", clock=clock).tick() == 0
    set_state(paris, "seen")  # stored, never joined
    assert Speaker(db, "http://board", clock=clock).tick() == 0
    # The sender's gate (an operator's allowlist naming it) opens it.
    assert Speaker(db, "http://board", clock=clock, gate=lambda platform, chat: chat == paris.platform_id).tick() == 1
