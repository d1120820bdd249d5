"""When each game's puzzle ends: the player's midnight, New York's evening, Los Angeles' midnight,
across the DST changes of Europe, the US and New Zealand, and bad time zones refused."""

from __future__ import annotations

import datetime as dt

import pytest

from puzzlesecretary.games import GAMES
from puzzlesecretary.games.declared import TableError, load
from puzzlesecretary.games.reset import BadTimeZone, Reset, ResetError, parse_reset, window, zone

UTC = dt.timezone.utc


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def test_the_nyt_games_and_linkedin_games_reset_as_their_sources_say():
    assert GAMES["wordle"].reset.zone == GAMES["connections"].reset.zone == "player"
    assert GAMES["mini"].reset.describe() == "22:00 America/New_York (18:00 on Saturdays and Sundays)"
    assert GAMES["queens"].reset.describe() == "00:00 America/Los_Angeles"
    assert GAMES["spellingbee"].reset.describe() == "03:00 America/New_York"
    assert GAMES["wordle"].reset.confirmed and GAMES["mini"].reset.confirmed
    assert GAMES["pips"].reset.confirmed and GAMES["pips"].reset.zone == "player"  # an article: midnight, like Wordle


def test_wordle_in_paris_has_a_23_hour_day_when_europe_springs_forward():
    w = window(GAMES["wordle"].reset, "Europe/Paris", at(2026, 3, 29, 12))
    assert (w.start, w.end, w.day) == (at(2026, 3, 28, 23), at(2026, 3, 29, 22), dt.date(2026, 3, 29))


def test_wordle_in_paris_has_a_25_hour_day_when_europe_falls_back():
    w = window(GAMES["wordle"].reset, "Europe/Paris", at(2026, 10, 25, 12))
    assert (w.start, w.end) == (at(2026, 10, 24, 22), at(2026, 10, 25, 23))
    assert w.end - w.start == dt.timedelta(hours=25)


def test_the_mini_comes_out_at_six_on_weekend_evenings_and_ten_on_weekdays_in_new_york():
    reset = GAMES["mini"].reset
    # Friday 6 March 2026 22:00 EST brings Saturday's puzzle; Saturday 18:00 EST brings Sunday's.
    saturday = window(reset, "America/New_York", at(2026, 3, 7, 12))
    assert (saturday.start, saturday.end, saturday.day) == (at(2026, 3, 7, 3), at(2026, 3, 7, 23), dt.date(2026, 3, 7))


def test_the_mini_follows_new_york_across_the_us_spring_change():
    reset = GAMES["mini"].reset
    # Sunday 8 March 2026 the US springs forward: Saturday's 18:00 is EST, Sunday's 18:00 is EDT.
    sunday = window(reset, "Europe/London", at(2026, 3, 8, 12))
    assert (sunday.start, sunday.end, sunday.day) == (at(2026, 3, 7, 23), at(2026, 3, 8, 22), dt.date(2026, 3, 8))
    monday = window(reset, "Europe/London", at(2026, 3, 9, 12))
    assert (monday.start, monday.end) == (at(2026, 3, 8, 22), at(2026, 3, 10, 2))


def test_the_mini_follows_new_york_across_the_us_autumn_change():
    w = window(GAMES["mini"].reset, "America/New_York", at(2026, 11, 1, 12))
    assert (w.start, w.end) == (at(2026, 10, 31, 22), at(2026, 11, 1, 23))


def test_a_linkedin_game_ends_at_midday_and_a_half_for_a_player_in_kolkata():
    w = window(GAMES["queens"].reset, "Asia/Kolkata", at(2026, 7, 1, 10))
    assert (w.start, w.end, w.day) == (at(2026, 7, 1, 7), at(2026, 7, 2, 7), dt.date(2026, 7, 1))
    assert w.end.astimezone(dt.timezone(dt.timedelta(hours=5, minutes=30))).time() == dt.time(12, 30)
    assert w.left(at(2026, 7, 1, 10)) == dt.timedelta(hours=21)


def test_wordle_in_auckland_has_a_25_hour_day_when_new_zealand_falls_back():
    # New Zealand leaves daylight time on Sunday 5 April 2026 (03:00 NZDT becomes 02:00 NZST).
    w = window(GAMES["wordle"].reset, "Pacific/Auckland", at(2026, 4, 5, 0))
    assert (w.start, w.end, w.day) == (at(2026, 4, 4, 11), at(2026, 4, 5, 12), dt.date(2026, 4, 5))


def test_the_mini_ends_in_the_afternoon_for_a_player_in_auckland():
    w = window(GAMES["mini"].reset, "Pacific/Auckland", at(2026, 1, 14, 0))  # a Wednesday
    assert w.end == at(2026, 1, 14, 3)  # 22:00 EST on the 13th, 16:00 NZDT on the 14th


def test_a_day_whose_midnight_does_not_exist_starts_at_one_in_havana():
    # Cuba moves its clocks from 00:00 to 01:00 on Sunday 8 March 2026.
    w = window(GAMES["wordle"].reset, "America/Havana", at(2026, 3, 8, 12))
    assert (w.start, w.end) == (at(2026, 3, 8, 5), at(2026, 3, 9, 4))


def test_a_weekly_game_lasts_a_week_from_its_weekday():
    reset = Reset(source="constructed", weekday=0)
    w = window(reset, "UTC", at(2026, 12, 3, 12))  # a Thursday
    assert (w.start, w.end) == (at(2026, 11, 30), at(2026, 12, 7))


@pytest.mark.parametrize("bad", ["Mars/Olympus", "", "../../etc/passwd", " Europe/Paris", "europe/nowhere"])
def test_a_bad_time_zone_is_refused_with_a_clear_error(bad):
    with pytest.raises(BadTimeZone, match="unknown time zone .*IANA name such as Europe/Paris"):
        window(GAMES["wordle"].reset, bad, at(2026, 1, 1))


def test_a_naive_instant_is_refused():
    with pytest.raises(ValueError, match="needs a time zone"):
        window(GAMES["wordle"].reset, "UTC", dt.datetime(2026, 1, 1, 12))


@pytest.mark.parametrize(
    "value, message",
    [
        ("weekly-ish", "unknown reset family 'weekly-ish'"),
        ({"zone": "player"}, "needs its 'source'"),
        ({"zone": "Moon/Base", "source": "x"}, "unknown time zone 'Moon/Base'"),
        ({"at": "25:00", "source": "x"}, "not a time such as"),
        ({"weekday": "funday", "source": "x"}, "weekday 'funday'"),
        ({"when": "soon", "source": "x"}, "unknown reset key 'when'"),
        (7, "a family's name or"),
    ],
)
def test_a_wrong_reset_declaration_is_refused_with_its_reason(value, message):
    with pytest.raises(ResetError, match=message):
        parse_reset(value, {})


def test_a_wrong_reset_in_the_table_names_the_game():
    text = '[[game]]\nslug = "wordle"\nreset = "nowhere"\nmodule = "wordle"\n'
    with pytest.raises(TableError, match="game 'wordle': unknown reset family 'nowhere'"):
        load(text)


def test_tradle_counts_utc_days_so_its_puzzle_ends_at_nine_in_the_morning_in_tokyo():
    # alexandersimoes/tradle Game.tsx: the day is DateTime.now().toUTC(); Tokyo is UTC+9 all year.
    w = window(GAMES["tradle"].reset, "Asia/Tokyo", at(2026, 7, 1, 23, 30))
    assert (w.start, w.end, w.day) == (at(2026, 7, 1), at(2026, 7, 2), dt.date(2026, 7, 1))
    assert w.end.astimezone(dt.timezone(dt.timedelta(hours=9))).time() == dt.time(9, 0)


def test_pimantle_changes_at_three_in_the_morning_on_the_player_clock_across_the_us_spring_change():
    # jsettlem/pimantle App.tsx: days since dayjs("2022-02-22T03:00:00"), an epoch in the player's own zone.
    reset = GAMES["pimantle"].reset
    w = window(reset, "America/Chicago", at(2026, 3, 8, 12))  # Chicago springs forward at 02:00 that Sunday
    assert (w.start, w.end, w.day) == (at(2026, 3, 8, 8), at(2026, 3, 9, 8), dt.date(2026, 3, 8))
    saturday = window(reset, "America/Chicago", at(2026, 3, 7, 12))
    assert saturday.end - saturday.start == dt.timedelta(hours=23)


def test_games_found_in_their_own_code_name_the_file_they_were_read_in():
    for slug, where in [("angle", "teuteuf-games/angle"), ("satle", "brendaninnis/satle"), ("juxtastat", "kavigupta/urbanstats")]:
        reset = GAMES[slug].reset
        assert reset.confirmed and reset.zone == "player" and where in reset.source


def test_kinda_hard_golf_changes_at_four_utc_all_year_so_at_midnight_in_new_york_only_in_summer():
    # shawnz/daily-tracker CatalogGame.kt: Kinda Hard Golf rolls over at a fixed UTC-04:00, no daylight saving.
    reset = GAMES["kindahardgolf"].reset
    summer = window(reset, "America/New_York", at(2026, 7, 1, 12))
    assert (summer.start, summer.end, summer.day) == (at(2026, 7, 1, 4), at(2026, 7, 2, 4), dt.date(2026, 7, 1))
    winter = window(reset, "America/New_York", at(2026, 1, 14, 3, 30))  # 22:30 EST on the 13th
    assert (winter.start, winter.end, winter.day) == (at(2026, 1, 13, 4), at(2026, 1, 14, 4), dt.date(2026, 1, 13))
    assert winter.end.astimezone(dt.timezone(dt.timedelta(hours=-5))).time() == dt.time(23, 0)


def test_harmonies_follows_new_york_midnight_across_the_us_spring_change():
    # A public answer scraper reads Harmonies with reset_timezone America/New_York.
    reset = GAMES["harmonies"].reset
    w = window(reset, "Europe/London", at(2026, 3, 8, 12))  # New York springs forward that Sunday
    assert (w.start, w.end, w.day) == (at(2026, 3, 8, 5), at(2026, 3, 9, 4), dt.date(2026, 3, 8))


def test_poeltl_changes_at_midnight_in_puerto_rico_which_keeps_no_summer_time():
    # A Poeltl answers bot: reset_timezone = "America/Puerto_Rico", UTC-4 all year, so 04:00 UTC on both
    # sides of the US spring change: 23:00 for a New York player in winter, midnight in summer time.
    reset = GAMES["poeltl"].reset
    before = window(reset, "America/New_York", at(2026, 3, 7, 12))
    after = window(reset, "America/New_York", at(2026, 3, 9, 12))
    assert (before.start, before.end, before.day) == (at(2026, 3, 7, 4), at(2026, 3, 8, 4), dt.date(2026, 3, 7))
    assert (after.start, after.end) == (at(2026, 3, 9, 4), at(2026, 3, 10, 4))
    assert before.end.astimezone(zone("America/New_York")).hour == 23 and after.end.astimezone(zone("America/New_York")).hour == 0


def test_framed_changes_at_midnight_in_london_so_its_day_is_23_hours_when_the_uk_springs_forward():
    # rollingstone.co.uk: a new Framed image "every day at midnight UK time"; BST starts 2026-03-29 at 01:00 UTC.
    w = window(GAMES["framed"].reset, "America/New_York", at(2026, 3, 29, 12))
    assert (w.start, w.end, w.day) == (at(2026, 3, 29), at(2026, 3, 29, 23), dt.date(2026, 3, 29))
    summer = window(GAMES["framed"].reset, "America/New_York", at(2026, 7, 1, 12))
    assert summer.end.astimezone(dt.timezone(dt.timedelta(hours=-4))).time() == dt.time(19, 0)  # 19:00 EDT


def test_krillion_changes_at_new_york_midnight_so_at_five_in_london_in_winter_and_a_23_hour_day_in_march():
    # shawnz/daily-tracker CatalogGame.kt: Krillion rolls over in America/New_York.
    reset = GAMES["krillion"].reset
    winter = window(reset, "Europe/London", at(2026, 1, 14, 12))
    assert (winter.start, winter.end, winter.day) == (at(2026, 1, 14, 5), at(2026, 1, 15, 5), dt.date(2026, 1, 14))
    spring = window(reset, "Europe/London", at(2026, 3, 8, 12))  # New York springs forward that Sunday at 02:00
    assert (spring.start, spring.end) == (at(2026, 3, 8, 5), at(2026, 3, 9, 4))


def test_wordle_es_changes_at_midnight_new_york_which_is_six_in_the_morning_in_madrid_in_winter():
    # edudobay/wordle-menu games.js: Wordle (ES) wordle.danielfrg.com resets in America/New_York.
    w = window(GAMES["wordlees"].reset, "Europe/Madrid", at(2026, 1, 14, 12))
    assert (w.start, w.end, w.day) == (at(2026, 1, 14, 5), at(2026, 1, 15, 5), dt.date(2026, 1, 14))
    assert w.end.astimezone(dt.timezone(dt.timedelta(hours=1))).time() == dt.time(6, 0)


def test_scrandle_changes_at_midnight_uk_time_so_at_eleven_utc_in_summer_and_midnight_utc_in_winter():
    # An answer scraper's Scrandle header: "The day resets at midnight UK time".
    reset = GAMES["scrandle"].reset
    summer = window(reset, "Australia/Sydney", at(2026, 7, 1, 12))
    assert (summer.start, summer.end, summer.day) == (at(2026, 6, 30, 23), at(2026, 7, 1, 23), dt.date(2026, 7, 1))
    winter = window(reset, "Australia/Sydney", at(2026, 12, 1, 12))
    assert (winter.start, winter.end) == (at(2026, 12, 1), at(2026, 12, 2))


def test_weaver_changes_at_midnight_in_los_angeles_across_the_us_autumn_change():
    # A Weaver answers bot reads the day with tz America/Los_Angeles: 08:00 UTC in winter, 07:00 UTC in summer.
    reset = GAMES["weaver"].reset
    summer = window(reset, "Europe/London", at(2026, 10, 31, 12))
    assert (summer.start, summer.end, summer.day) == (at(2026, 10, 31, 7), at(2026, 11, 1, 7), dt.date(2026, 10, 31))
    fall_back = window(reset, "Europe/London", at(2026, 11, 1, 12))  # Los Angeles leaves summer time that Sunday
    assert (fall_back.start, fall_back.end) == (at(2026, 11, 1, 7), at(2026, 11, 2, 8))
    assert fall_back.end - fall_back.start == dt.timedelta(hours=25)


def test_squareword_counts_utc_days_so_it_changes_in_the_evening_in_new_york():
    # A Squareword answers bot reads the day with tz Etc/UTC: 19:00 EST, 20:00 EDT.
    reset = GAMES["squareword"].reset
    w = window(reset, "America/New_York", at(2026, 1, 15, 23, 30))  # 18:30 EST on the 15th
    assert (w.start, w.end, w.day) == (at(2026, 1, 15), at(2026, 1, 16), dt.date(2026, 1, 15))
    assert w.end.astimezone(zone("America/New_York")).hour == 19


def test_colorfle_rolls_over_at_midnight_in_tokyo_which_is_three_in_the_afternoon_utc_all_year():
    # An answer page's Colorfle code: "Colorfle rolls at 15:00 UTC (midnight JST)"; Japan keeps no summer time.
    reset = GAMES["colorfle"].reset
    w = window(reset, "Europe/London", at(2026, 7, 1, 12))
    assert (w.start, w.end, w.day) == (at(2026, 6, 30, 15), at(2026, 7, 1, 15), dt.date(2026, 7, 1))
    winter = window(reset, "America/New_York", at(2026, 12, 1, 16))
    assert (winter.start, winter.end, winter.day) == (at(2026, 12, 1, 15), at(2026, 12, 2, 15), dt.date(2026, 12, 2))


def test_primel_word_peaks_and_catfishing_change_at_the_player_midnight_as_their_sources_say():
    sources = [("primel", "cojofra/primel"), ("wordpeaks", "vegeta897/word-peaks"), ("catfishing", "shawnz/daily-tracker")]
    for slug, where in sources:
        reset = GAMES[slug].reset
        assert reset.confirmed and reset.zone == "player" and where in reset.source
    w = window(GAMES["primel"].reset, "Asia/Tokyo", at(2026, 6, 30, 16))  # 01:00 on 1 July in Tokyo
    assert (w.start, w.end, w.day) == (at(2026, 6, 30, 15), at(2026, 7, 1, 15), dt.date(2026, 7, 1))


def test_pedantle_changes_at_four_in_the_afternoon_in_buenos_aires_and_that_puzzle_is_the_next_days():
    # An Argentine group's results bot: "Pedantle cambia a las 16" (Argentine time, UTC-3 all year).
    reset = GAMES["pedantle"].reset
    before = window(reset, "America/Argentina/Buenos_Aires", at(2026, 9, 30, 18, 20))  # 15:20 there
    assert (before.start, before.end, before.day) == (at(2026, 9, 29, 19), at(2026, 9, 30, 19), dt.date(2026, 9, 30))
    after = window(reset, "Europe/Paris", at(2026, 9, 30, 23, 20))  # 20:20 in Buenos Aires
    assert (after.start, after.day) == (at(2026, 9, 30, 19), dt.date(2026, 10, 1))


def test_pokedoku_rolls_over_at_four_utc_so_at_midnight_in_new_york_only_in_summer():
    # A PokeDoku helper's POKEDOKU_ROLLOVER_HOUR_UTC = 4: 00:00 EDT in July, 23:00 EST in January.
    reset = GAMES["pokedoku"].reset
    summer = window(reset, "America/New_York", at(2026, 7, 1, 12))
    assert (summer.start, summer.end, summer.day) == (at(2026, 7, 1, 4), at(2026, 7, 2, 4), dt.date(2026, 7, 1))
    winter = window(reset, "America/New_York", at(2026, 1, 14, 3, 59))  # 22:59 EST on the 13th
    assert (winter.start, winter.end, winter.day) == (at(2026, 1, 13, 4), at(2026, 1, 14, 4), dt.date(2026, 1, 13))
    assert winter.end.astimezone(zone("America/New_York")).hour == 23
