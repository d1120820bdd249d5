"""When each game's new puzzle comes out, and so when a player's current puzzle ends.

A game declares its reset in the table (table.toml): `reset = "nyt-local"` names a family
declared once at the top of the table, or `reset = { zone = ..., at = ..., source = ... }`
declares it in place. `zone = "player"` is the player's own midnight (Wordle counts days on
the player's clock); an IANA name is a fixed release time there (LinkedIn: midnight in Los
Angeles). `weekend_at` is the release time on Saturday and Sunday evenings (the NYT
crossword), `weekday` makes a weekly game. Everything here is pure: the instant comes in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PLAYER = "player"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RESET_KEYS = {"zone", "at", "weekend_at", "weekday", "source"}


class BadTimeZone(ValueError):
    """A time zone name that is not in the IANA database."""


class ResetError(ValueError):
    """A wrong reset declaration in the table."""


def zone(name: str) -> ZoneInfo:
    """The named IANA time zone, or BadTimeZone saying what a good name looks like."""
    try:
        if not isinstance(name, str) or not name or name != name.strip():
            raise ValueError
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise BadTimeZone(f"unknown time zone {name!r}: give an IANA name such as Europe/Paris or America/New_York") from None


@dataclass(frozen=True)
class Reset:
    """When a game's new puzzle comes out, with where that fact comes from."""

    source: str
    zone: str = PLAYER
    at: dt.time = dt.time(0, 0)
    weekend_at: dt.time | None = None  # Saturday and Sunday's release time, when it differs
    weekday: int | None = None  # 0 = Monday: a weekly game's new puzzle comes out that day

    @property
    def confirmed(self) -> bool:
        return not self.source.lower().startswith("unconfirmed")

    def release_time(self, day: dt.date) -> dt.time:
        if self.weekend_at is not None and day.weekday() >= 5:
            return self.weekend_at
        return self.at

    def describe(self) -> str:
        """The reset in words: "midnight, player's time", "22:00 America/New_York (18:00 Sat-Sun)"."""
        where = "the player's time" if self.zone == PLAYER else self.zone
        text = f"{self.at:%H:%M} {where}"
        if self.weekend_at is not None:
            text += f" ({self.weekend_at:%H:%M} on Saturdays and Sundays)"
        if self.weekday is not None:
            text = f"{WEEKDAYS[self.weekday].capitalize()}s at {text}"
        return text


@dataclass(frozen=True)
class Window:
    """The puzzle that is current at an instant: when it came out and when the next one does (UTC)."""

    start: dt.datetime
    end: dt.datetime
    day: dt.date  # the puzzle's own date (an evening release is the next day's puzzle, out early)

    def left(self, instant: dt.datetime) -> dt.timedelta:
        return self.end - instant


def window(reset: Reset, player_zone: str, instant: dt.datetime) -> Window:
    """The current puzzle of a game for a player in `player_zone` at `instant` (an aware datetime).

    BadTimeZone when the player's zone is not a real one; ValueError for a naive instant.
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("the instant needs a time zone (a naive datetime is ambiguous)")
    here = zone(player_zone)
    tz = here if reset.zone == PLAYER else zone(reset.zone)
    local = instant.astimezone(tz).date()
    # A week either side holds the last release before the instant and the next one after.
    releases = [_release(reset, tz, local + dt.timedelta(days=n)) for n in range(-8, 9)]
    releases = sorted(r for r in releases if r is not None)
    start = max(r for r in releases if r[0] <= instant)
    end = min(r for r in releases if r[0] > instant)
    return Window(start[0].astimezone(dt.timezone.utc), end[0].astimezone(dt.timezone.utc), start[1])


def _release(reset: Reset, tz: ZoneInfo, day: dt.date) -> tuple[dt.datetime, dt.date] | None:
    """The instant `day`'s release happens in `tz`, and the date of the puzzle it brings."""
    if reset.weekday is not None and day.weekday() != reset.weekday:
        return None
    at = reset.release_time(day)
    wall = dt.datetime.combine(day, at, tzinfo=tz)
    # A wall time in a spring-forward gap (some zones move their clocks at midnight) does not
    # exist: the round trip through UTC lands on the first real instant after it.
    moment = wall.astimezone(dt.timezone.utc).astimezone(tz)
    puzzle_day = day + dt.timedelta(days=1) if at.hour >= 12 else day
    return moment, puzzle_day


def _time(value: Any, key: str) -> dt.time:
    if isinstance(value, dt.time):
        return value
    try:
        return dt.time.fromisoformat(value)
    except (TypeError, ValueError):
        raise ResetError(f'reset {key} {value!r} is not a time such as "22:00"') from None


def parse_reset(value: Any, families: dict[str, Reset]) -> Reset:
    """A table entry's `reset`: a family's name or an inline declaration (ResetError if wrong)."""
    if isinstance(value, str):
        if value not in families:
            raise ResetError(f"unknown reset family {value!r} (the table declares: {', '.join(sorted(families))})")
        return families[value]
    if not isinstance(value, dict):
        raise ResetError("reset is a family's name or { zone = ..., at = ..., source = ... }")
    unknown = set(value) - RESET_KEYS
    if unknown:
        raise ResetError(f"unknown reset key {min(unknown)!r} (a reset may have {', '.join(sorted(RESET_KEYS))})")
    if not str(value.get("source", "")).strip():
        raise ResetError("a reset needs its 'source': where the release time comes from, or 'unconfirmed: ...'")
    where = value.get("zone", PLAYER)
    if where != PLAYER:
        try:
            zone(where)
        except BadTimeZone as err:
            raise ResetError(str(err)) from None
    weekday = value.get("weekday")
    if weekday is not None and weekday not in WEEKDAYS:
        raise ResetError(f"reset weekday {weekday!r} is one of {', '.join(WEEKDAYS)}")
    return Reset(
        source=value["source"].strip(),
        zone=where,
        at=_time(value.get("at", "00:00"), "at"),
        weekend_at=_time(value["weekend_at"], "weekend_at") if "weekend_at" in value else None,
        weekday=WEEKDAYS.index(weekday) if weekday is not None else None,
    )


def parse_families(table: dict[str, Any]) -> dict[str, Reset]:
    """The table's `[reset.NAME]` families, each a full declaration with its source."""
    families: dict[str, Reset] = {}
    for name, value in table.items():
        if not isinstance(value, dict):
            raise ResetError(f"reset family {name!r} is a table: [reset.{name}] with zone, at and source")
        families[name] = parse_reset(value, families)
    return families
