"""The speaker's chat commands through the real applier and store: `set recap`, `set week` (admins),
`remind`, `set my timezone`, `set my quiet`; bad input gets a short answer and changes nothing; and
a recap or reminder leaves out a player who opted out."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from chatcommands.chat import Chat

from puzzlesecretary.recap.read import recap
from puzzlesecretary.speaker import reminders
from puzzlesecretary.speaker.loop import Speaker
from puzzlesecretary.store import Group, Player, database
from puzzlesecretary.store.models import Outbox, PlayerPrefs, RecapSetting, Reminder


def wordle(day: dt.date, guesses: int) -> str:
    return f"Wordle {(day - dt.date(2021, 6, 19)).days:,} {guesses}/6\n\n" + "⬛🟨⬛⬛⬛\n" * (guesses - 1) + "🟩🟩🟩🟩🟩"


@pytest.fixture
def chat(db):
    c = Chat()
    c.open_group("g1", "Puzzlers")
    c.applier.admins["g1"] = frozenset({"u-alice"})
    return c


def test_an_admin_turns_recaps_on_and_off_and_settings_show_it(chat):
    answer = chat.say("!ps set recap 09:00")
    assert answer.startswith("Recaps at 09:00 (UTC): yesterday's every day, the week's on Mondays, the month's on the 1st.")
    group = Group.get(Group.platform_id == "g1")
    assert RecapSetting.get(RecapSetting.group == group.id).at == "09:00"
    assert "recap: 09:00" in chat.say("!ps settings")
    assert chat.say("!ps set week sunday") == "The week starts on Sunday: the weekly recap comes that day."
    assert "week: sunday" in chat.say("!ps settings")
    assert chat.say("!ps set recap off") == "Recaps are off for this group."
    assert RecapSetting.get(RecapSetting.group == group.id).at == "off"


def test_a_recap_time_in_a_dst_gap_is_taken_with_a_note_of_what_happens(chat):
    chat.say("!ps set timezone Europe/Paris")
    answer = chat.say("!ps set recap 02:30")
    assert "does not exist on" in answer and "(the clocks skip it): at 03:00" in answer and "happens twice on" in answer


@pytest.mark.parametrize(
    "text, answer",
    [
        ("!ps set recap 9am", "'9am' is not a time of day: give it as HH:MM on a 24-hour clock, such as 09:00 or 20:30; or 'off"),
        ("!ps set recap 25:00", "'25:00' is not a time of day"),
        ("!ps set week someday", "'someday' is not a day of the week"),
    ],
)
def test_a_bad_recap_setting_gets_a_short_answer_and_changes_nothing(chat, text, answer):
    assert answer in chat.say(text)
    assert RecapSetting.select().count() == 0


def test_a_member_who_is_not_an_admin_cannot_set_the_recap(chat):
    assert chat.say("!ps set recap 09:00", sender="u-bob", name="Bob") == "Only the group's admins can use `set`."
    assert RecapSetting.select().count() == 0


def test_a_player_turns_reminders_on_with_a_time_and_a_place_and_off(chat):
    chat.post(wordle(dt.date.today(), 3), sender="u-bob", name="Bob")
    answer = chat.say("!ps remind 20:30 group", sender="u-bob", name="Bob")
    assert answer.startswith("Reminders on: at 20:30, in the group")
    bob = Player.get(Player.name == "Bob")
    row = Reminder.get(Reminder.player == bob.id)
    assert (row.at, row.via) == ("20:30", "group")
    assert chat.say("!ps remind off", sender="u-bob", name="Bob") == "Reminders off."
    assert Reminder.select().count() == 0


@pytest.mark.parametrize(
    "text, answer",
    [
        ("!ps remind 25:00", "'25:00' is not a time of day"),
        ("!ps remind 23:00", "23:00 is in your quiet hours (22:00 to 08:00)"),
        ("!ps set my timezone Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
        ("!ps set my quiet late", "'late' is not a span of the day"),
    ],
)
def test_bad_reminder_settings_get_a_short_answer_and_change_nothing(chat, text, answer):
    chat.post(wordle(dt.date.today(), 3), sender="u-bob", name="Bob")
    assert answer in chat.say(text, sender="u-bob", name="Bob")
    assert Reminder.select().count() == 0 and PlayerPrefs.select().count() == 0


def test_a_player_sets_their_own_zone_and_quiet_hours(chat):
    chat.post(wordle(dt.date.today(), 3), sender="u-bob", name="Bob")
    tz = chat.say("!ps set my timezone America/Chicago", sender="u-bob", name="Bob")
    assert tz == "Your time zone is America/Chicago: your day and your reminders follow it."
    quiet = chat.say("!ps set my quiet 23:00-07:00", sender="u-bob", name="Bob")
    assert quiet == "Quiet hours 23:00 to 07:00: no reminder comes then."
    prefs = PlayerPrefs.get(PlayerPrefs.player == Player.get(Player.name == "Bob").id)
    assert (prefs.timezone, prefs.quiet) == ("America/Chicago", "23:00-07:00")


def test_today_follows_the_askers_own_zone(chat):
    chat.post(wordle(dt.date.today(), 3), sender="u-bob", name="Bob")
    now = dt.datetime.now(dt.timezone.utc)
    far = ZoneInfo("Pacific/Kiritimati" if now.hour >= 10 else "Pacific/Pago_Pago")  # UTC+14 / UTC-11: another date
    theirs = (now + dt.timedelta(minutes=1)).astimezone(far).date()
    assert theirs != now.date()
    chat.say(f"!ps set my timezone {far.key}", sender="u-bob", name="Bob")
    assert chat.say("!ps today", sender="u-bob", name="Bob").startswith(f"Today ({theirs:%-d %b}) in Puzzlers:")
    assert chat.say("!ps today").startswith(f"Today ({now.date():%-d %b}) in Puzzlers:")  # Alice: the group's day


def test_remind_in_a_direct_message_from_someone_unknown_says_so(chat):
    answer = chat.say("remind on", sender="u-zed", name="Zed", group=None)
    assert "nothing stored about you" in answer or "no group" in answer


def test_a_player_who_opted_out_is_in_no_recap_and_gets_no_reminder(chat):
    yesterday = dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=1)
    noon = dt.datetime.combine(yesterday, dt.time(12), tzinfo=dt.timezone.utc)
    for n, who in enumerate(("Alice", "Bob", "Carol")):
        for back in range(6):
            chat.post(wordle(yesterday - dt.timedelta(days=back), 3 + n), sender=f"u-{who.lower()}", name=who,
                      at=noon - dt.timedelta(days=back, minutes=-n))  # fmt: skip
    chat.say("!ps remind on", sender="u-carol", name="Carol")
    assert chat.say("!ps optout", sender="u-carol", name="Carol").startswith("You are not counted")
    group = Group.get(Group.platform_id == "g1")
    now = dt.datetime.now(dt.timezone.utc)
    text = recap(database(), group, "day", yesterday, now, "http://board")
    assert "Carol" not in text and "Alice" in text
    assert "?" not in text.splitlines()[1]  # nobody unnamed stands in for her
    # Carol has not posted today: she would be reminded, were she not opted out.
    moment = dt.datetime.combine(now.date(), dt.time(21, 30), tzinfo=dt.timezone.utc)
    before = Outbox.select().count()
    Speaker(database(), "http://board", clock=lambda: moment).tick()
    assert not Outbox.select().where(Outbox.key.startswith("remind:")).exists(), Outbox.select().count() - before
    assert reminders.WINDOW_DAYS == 14
