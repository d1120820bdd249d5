"""Which recap of a group is due at an instant: pure, the clock passed in.

A group with a recap time gets, at that time in its zone:
- every day, the daily recap of yesterday;
- on its first day of the week, the weekly recap of the seven days before;
- on the 1st of the month, the monthly recap of the month before.

A recap stays due from its time for a while (LATEST: a day for a daily recap, two for a
weekly, three for a monthly), so a missed time (the machine was off) is posted late, once, and
says so; one missed for longer than that is skipped (its news is stale; the next one covers
it). The outbox key, `recap:<group id>:<kind>:<period>`, makes it once across restarts.
Only recaps due at or after the time the group turned recaps on are posted: turning them on
at 10:00 with a time of 09:00 does not post a late one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..games.reset import zone
from .clock import instant

GRACE = dt.timedelta(minutes=15)  # posted later than this after its time: the recap says it is late
LATEST = {"day": dt.timedelta(days=1), "week": dt.timedelta(days=2), "month": dt.timedelta(days=3)}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Plan:
    """A group's recap settings, as the speaker needs them."""

    group_id: int
    timezone: str
    at: dt.time | None  # None: recaps off
    since: dt.datetime  # when they were turned on (UTC); nothing due before is posted
    week_start: int = 0  # 0 = Monday


@dataclass(frozen=True)
class Due:
    group_id: int
    kind: str  # day | week | month
    day: dt.date  # a day of the period, as `puzzlesecretary recap --day` takes it
    start: dt.date
    end: dt.date
    at: dt.datetime  # when it was due (UTC)
    late: bool

    @property
    def key(self) -> str:
        period = self.start.isoformat() if self.kind != "month" else f"{self.start:%Y-%m}"
        return f"recap:{self.group_id}:{self.kind}:{period}"


def _last_day_on(local_today: dt.date, matches, back: int) -> list[dt.date]:
    return [d for d in (local_today - dt.timedelta(days=n) for n in range(back + 1)) if matches(d)]


def due(plan: Plan, now: dt.datetime) -> list[Due]:
    """The recaps of the group due at `now` (daily, weekly, monthly order); [] when recaps are off.

    BadTimeZone when the group's zone is not a real one.
    """
    if plan.at is None:
        return []
    tz = zone(plan.timezone)
    today = now.astimezone(tz).date()
    out = []
    rules = (
        ("day", lambda d: True, 2),
        ("week", lambda d: d.weekday() == plan.week_start, 8),
        ("month", lambda d: d.day == 1, 32),
    )
    for kind, matches, back in rules:
        for day in _last_day_on(today + dt.timedelta(days=1), matches, back + 1):
            at = instant(day, plan.at, tz)
            if at > now:
                continue
            if at >= plan.since and now - at < LATEST[kind]:
                out.append(_covering(plan.group_id, kind, day, at, now - at > GRACE))
            break  # only the latest recap of a kind whose time has passed is due
    return out


def _covering(group_id: int, kind: str, day: dt.date, at: dt.datetime, late: bool) -> Due:
    """The recap posted on `day`: of the day, the week or the month before it."""
    end = day - dt.timedelta(days=1)
    if kind == "day":
        start = end
    elif kind == "week":
        start = day - dt.timedelta(days=7)
    else:
        start = end.replace(day=1)
    return Due(group_id, kind, end, start, end, at.astimezone(dt.timezone.utc), late)


def mark_late(text: str, item: Due, timezone: str) -> str:
    """A recap posted late says so at the end of its first line (so it stays as short): when it was due."""
    at = item.at.astimezone(zone(timezone))
    first, _, rest = text.partition("\n")
    return f"{first} (posted late: it was due at {at:%H:%M} on {at:%A %-d %B}; PuzzleSecretary was not running)\n{rest}"


def parse_weekday(text: str) -> int:
    """ "monday" / "Mon" -> 0 ... ; ValueError naming the choices."""
    word = str(text).strip().lower()
    for index, name in enumerate(WEEKDAYS):
        if len(word) >= 2 and name.startswith(word):
            return index
    raise ValueError(f"{text!r} is not a day of the week: give one of {', '.join(WEEKDAYS)}")
