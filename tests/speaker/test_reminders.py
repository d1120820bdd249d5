"""Reminders against a real SQLite store and the outbox: an opted-in player who has not posted today's
puzzle of a game they usually play gets one message, a set time before it resets, never in quiet
hours; one who has posted gets none; bad times, zones and a player in no group get a clear answer."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest

from puzzlesecretary import outbox
from puzzlesecretary.groups import ENABLED, set_state
from puzzlesecretary.importer import import_events
from puzzlesecretary.speaker import reminders
from puzzlesecretary.speaker.loop import Speaker
from puzzlesecretary.speaker.plans import SettingError, player_today, player_zone, remind, set_player_timezone, set_quiet
from puzzlesecretary.stats.rows import Play
from puzzlesecretary.store import Group, Player
from puzzlesecretary.store.models import Outbox, PlayerPrefs

UTC = dt.timezone.utc
WORDLE_ZERO = dt.date(2021, 6, 19)
PLAYERS = ("Ann", "Bo", "Cy", "Di", "Ed")


def share(day: dt.date) -> str:
    return f"Wordle {(day - WORDLE_ZERO).days:,} 4/6\n\n⬛🟨⬛⬛⬛\n⬛⬛🟩🟨⬛\n🟩🟩🟩⬛⬛\n🟩🟩🟩🟩🟩"


def lines(last: dt.date, skip_last: set[str]):
    n = 0
    for back in range(10, -1, -1):
        day = last - dt.timedelta(days=back)
        for who in PLAYERS:
            if day == last and who in skip_last:
                continue
            n += 1
            at = dt.datetime.combine(day, dt.time(9, 0), tzinfo=UTC) + dt.timedelta(minutes=n)
            event = {"platform": "test", "group": "club", "group_name": "Evening Club", "message_id": str(n),
                     "sender": who.lower(), "sender_name": who, "sent_at": at.isoformat(), "text": share(day)}  # fmt: skip
            yield json.dumps(event)


@pytest.fixture
def club(db):
    """Five Wordle regulars in London; on 1 December Bo, Cy and Di have posted, Ann and Ed not yet."""
    import_events(lines(dt.date(2026, 12, 1), {"Ann", "Ed"}), "Europe/London")
    group = Group.get()
    set_state(group, ENABLED)  # as `!ps join CODE` would
    players = {p.name: p for p in Player.select()}
    return group, players


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def tick_through(db, start, end, step=dt.timedelta(minutes=5), restart_every=None):
    clock = Clock(start)
    speaker = Speaker(db, "http://board", clock=clock)
    seen: dict[str, dt.datetime] = {}
    ticks = 0
    while clock.now <= end:
        if restart_every and ticks % restart_every == 0:
            speaker = Speaker(db, "http://board", clock=clock)
        speaker.tick()
        ticks += 1
        for row in Outbox.select():
            seen.setdefault(row.key, clock.now)
        clock.now += step
    return seen


def test_a_reminder_reaches_the_player_who_has_not_played_and_none_the_one_who_has(db, club):
    group, players = club
    now = dt.datetime(2026, 12, 1, 12, tzinfo=UTC)
    answer = remind(db, players["Ann"].id, [group], ["on"], now)
    assert answer.startswith("Reminders on: 2 h before a game you usually play resets")
    remind(db, players["Bo"].id, [group], ["on"], now)
    seen = tick_through(db, dt.datetime(2026, 12, 1, 12, tzinfo=UTC), dt.datetime(2026, 12, 2, 11, tzinfo=UTC), restart_every=7)
    ann, bo = players["Ann"].id, players["Bo"].id
    # Midnight less 2 h is 22:00, the start of quiet hours: the reminder comes an hour before them.
    assert seen == {f"remind:{ann}:2026-12-01": dt.datetime(2026, 12, 1, 21, 0, tzinfo=UTC)}
    row = Outbox.get()
    assert row.body["text"] == "Wordle resets in 3 h: 3 of 5 have played. (Evening Club)"
    assert row.chat_id == "ann" and not row.is_group and row.platform == "test"
    assert f"remind:{bo}:2026-12-01" not in seen


def test_a_player_can_choose_a_time_and_the_group(db, club):
    group, players = club
    answer = remind(db, players["Ann"].id, [group], ["20:30", "group"], dt.datetime(2026, 12, 1, 12, tzinfo=UTC))
    assert answer.startswith("Reminders on: at 20:30, in the group")
    seen = tick_through(db, dt.datetime(2026, 12, 1, 20, tzinfo=UTC), dt.datetime(2026, 12, 1, 23, tzinfo=UTC))
    assert list(seen.values()) == [dt.datetime(2026, 12, 1, 20, 30, tzinfo=UTC)]
    row = Outbox.get()
    assert row.is_group and row.chat_id == "club" and row.body["text"] == "Ann: Wordle resets in 4 h: 3 of 5 have played."


def test_a_players_own_time_zone_moves_their_day_and_their_reminder(db, club):
    group, players = club
    ann = players["Ann"].id
    assert set_player_timezone(db, ann, "America/Chicago").startswith("Your time zone is America/Chicago")
    assert player_zone(db, ann, group) == "America/Chicago"
    remind(db, ann, [group], ["on"], dt.datetime(2026, 12, 1, 12, tzinfo=UTC))
    start, end = dt.datetime(2026, 12, 1, 12, tzinfo=UTC), dt.datetime(2026, 12, 2, 12, tzinfo=UTC)
    seen = tick_through(db, start, end, step=dt.timedelta(minutes=10))
    # Chicago's midnight is 06:00 UTC; an hour before its quiet hours is 21:00 there, 03:00 UTC.
    assert seen == {f"remind:{ann}:2026-12-01": dt.datetime(2026, 12, 2, 3, 0, tzinfo=UTC)}


def test_a_players_today_follows_their_own_zone(db, club):
    group, players = club
    ann, bo = players["Ann"].id, players["Bo"].id
    set_player_timezone(db, ann, "America/Chicago")
    late = dt.datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 21:00 on the 1st in Chicago
    assert player_today(db, ann, group, late) == dt.date(2026, 12, 1)
    assert player_today(db, bo, group, late) == dt.date(2026, 12, 2)
    assert set_player_timezone(db, ann, "group") == "Your time zone is your group's again."
    assert player_today(db, ann, group, late) == dt.date(2026, 12, 2)


def test_quiet_hours_the_player_sets_move_the_reminder_earlier(db, club):
    group, players = club
    ann = players["Ann"].id
    assert set_quiet(db, ann, "20:00-07:30") == "Quiet hours 20:00 to 07:30: no reminder comes then."
    remind(db, ann, [group], ["on"], dt.datetime(2026, 12, 1, 12, tzinfo=UTC))
    seen = tick_through(db, dt.datetime(2026, 12, 1, 12, tzinfo=UTC), dt.datetime(2026, 12, 2, 9, tzinfo=UTC))
    assert list(seen.values()) == [dt.datetime(2026, 12, 1, 19, 0, tzinfo=UTC)]


def test_remind_off_stops_them(db, club):
    group, players = club
    remind(db, players["Ann"].id, [group], ["on"], dt.datetime(2026, 12, 1, 12, tzinfo=UTC))
    assert remind(db, players["Ann"].id, [group], ["off"], dt.datetime(2026, 12, 1, 12, tzinfo=UTC)) == "Reminders off."
    assert tick_through(db, dt.datetime(2026, 12, 1, 20, tzinfo=UTC), dt.datetime(2026, 12, 1, 22, tzinfo=UTC)) == {}


def test_a_reminder_whose_enqueue_fails_is_sent_once_when_it_works_again(db, club):
    group, players = club
    remind(db, players["Ann"].id, [group], ["on"], dt.datetime(2026, 12, 1, 12, tzinfo=UTC))
    failures = [OSError("disk full"), OSError("disk full")]

    def flaky(db_, items, at=None):
        if failures:
            raise failures.pop()
        return outbox.enqueue(db_, items, at=at)

    clock = Clock(dt.datetime(2026, 12, 1, 21, 0, tzinfo=UTC))
    speaker = Speaker(db, "http://board", enqueue=flaky, clock=clock)
    assert [speaker.tick() for _ in range(4)] == [0, 0, 1, 0]
    assert Outbox.select().count() == 1


@pytest.mark.parametrize(
    "words, message",
    [
        (["25:00"], "'25:00' is not a time of day: give it as HH:MM on a 24-hour clock"),
        (["soon"], "'soon' is not a time of day"),
        (["23:30"], "23:30 is in your quiet hours (22:00 to 08:00)"),
    ],
)
def test_a_bad_reminder_time_gets_a_clear_answer_and_stores_nothing(db, club, words, message):
    group, players = club
    with pytest.raises(SettingError, match=message.replace("(", r"\(").replace(")", r"\)")):
        remind(db, players["Ann"].id, [group], words, dt.datetime(2026, 12, 1, 12, tzinfo=UTC))
    assert tick_through(db, dt.datetime(2026, 12, 1, 20, tzinfo=UTC), dt.datetime(2026, 12, 1, 22, tzinfo=UTC)) == {}


def test_a_stored_zone_that_is_not_real_is_logged_once_and_the_others_still_get_theirs(db, club, caplog):
    group, players = club
    for name in ("Ann", "Ed"):
        remind(db, players[name].id, [group], ["on"], dt.datetime(2026, 12, 1, 12, tzinfo=UTC))
    PlayerPrefs.insert(player=players["Ann"].id, timezone="Mars/Olympus").execute()  # as an old release might have left it
    with caplog.at_level(logging.WARNING, logger="puzzlesecretary.speaker"):
        seen = tick_through(db, dt.datetime(2026, 12, 1, 20, 50, tzinfo=UTC), dt.datetime(2026, 12, 1, 21, 30, tzinfo=UTC))
    assert list(seen) == [f"remind:{players['Ed'].id}:2026-12-01"]
    warned = [r.getMessage() for r in caplog.records if "Mars/Olympus" in r.getMessage()]
    assert len(warned) == 1 and f"player {players['Ann'].id} gets no reminders" in warned[0]


def test_a_player_in_no_group_is_told_so(db, club):
    with pytest.raises(SettingError, match="You are in no group yet"):
        remind(db, 999, [], ["on"], dt.datetime(2026, 12, 1, 12, tzinfo=UTC))


@pytest.mark.parametrize("value, message", [("Mars/Olympus", "unknown time zone 'Mars/Olympus'"), ("", "unknown time zone ''")])
def test_a_time_zone_that_does_not_exist_is_refused(db, club, value, message):
    with pytest.raises(SettingError, match=message):
        set_player_timezone(db, club[1]["Ann"].id, value)


def test_bad_quiet_hours_are_refused():
    with pytest.raises(SettingError, match="'late' is not a span of the day: give it as HH:MM-HH:MM"):
        set_quiet(None, 1, "late")


def _plays(player_ids, days, game="wordle"):
    return [Play(pid, game, None, str(d), d, True, 3.0) for pid in player_ids for d in days]


def test_only_a_game_played_on_three_of_the_last_fourteen_days_is_usual():
    today = dt.date(2026, 12, 1)
    days = [today - dt.timedelta(days=n) for n in (1, 5)]
    assert reminders.usual_games(_plays([1], days), 1, today) == set()
    assert reminders.usual_games(_plays([1], days + [today - dt.timedelta(days=9)]), 1, today) == {"wordle"}
    assert reminders.usual_games(_plays([1], [today - dt.timedelta(days=n) for n in (15, 16, 17)]), 1, today) == set()


def test_a_linkedin_game_ends_at_pacific_midnight_and_its_reminder_avoids_paris_quiet_hours():
    # Queens ends at 09:00 in Paris; 2 h before is 07:00, in quiet hours; an hour before they began is 21:00 the evening before.
    days = [dt.date(2026, 11, 20) + dt.timedelta(days=n) for n in range(10)]  # to the 29th: the 30th's not posted
    plays = _plays([1, 2], days, "queens")
    opt = reminders.Opt(1, 1, "Europe/Paris")
    assert reminders.due(opt, plays, dt.datetime(2026, 11, 30, 19, 55, tzinfo=UTC)) is None
    found = reminders.due(opt, plays, dt.datetime(2026, 11, 30, 20, 0, tzinfo=UTC))
    assert found is not None and found.text == "Queens resets in 12 h: 0 of 2 have played."


def test_no_reminder_comes_in_quiet_hours_even_when_one_was_missed():
    days = [dt.date(2026, 11, 20) + dt.timedelta(days=n) for n in range(11)]
    opt = reminders.Opt(1, 1, "Europe/London")
    assert reminders.due(opt, _plays([1, 2], days), dt.datetime(2026, 12, 1, 22, 30, tzinfo=UTC)) is None
