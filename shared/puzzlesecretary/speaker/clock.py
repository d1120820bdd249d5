"""Local wall times as instants: parsing "09:00", and the one rule for DST gaps and folds. Pure.

The rule: a wall time that happens twice (the autumn fold) means its first occurrence; a wall
time the clocks skip (the spring gap) means the first real minute after the gap, the instant
the clocks jump (02:30 on the night Paris springs forward is 03:00 CEST).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

UTC = dt.timezone.utc
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.h]?([0-5]\d)$")


class BadClock(ValueError):
    """A time of day that does not parse: the message shows the form that does."""


def parse_clock(text: str) -> dt.time:
    """ "09:00", "9:00", "0930", "21.30", "21h30" -> a time; BadClock otherwise."""
    match = _CLOCK.match(str(text).strip().lower())
    if not match:
        raise BadClock(f"{text!r} is not a time of day: give it as HH:MM on a 24-hour clock, such as 09:00 or 20:30")
    return dt.time(int(match.group(1)), int(match.group(2)))


def parse_span(text: str) -> tuple[dt.time, dt.time]:
    """ "22:00-08:00" -> (22:00, 08:00): a stretch of the day that may run past midnight."""
    parts = re.split(r"\s*(?:-|–|to)\s*", str(text).strip())
    if len(parts) != 2:
        raise BadClock(f"{text!r} is not a span of the day: give it as HH:MM-HH:MM, such as 22:00-08:00")
    return parse_clock(parts[0]), parse_clock(parts[1])


def instant(day: dt.date, clock: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The UTC instant of wall time `clock` on `day` in `tz`, by the module's gap and fold rule."""
    wall = dt.datetime.combine(day, clock, tzinfo=tz)  # fold=0: the first of a repeated time
    first = wall.astimezone(UTC)
    if _wall(first, tz) == wall.replace(tzinfo=None):
        return first
    # In a gap: fold=1 gives an instant before the jump; walk to the first minute at or past the wall time.
    moment = wall.replace(fold=1).astimezone(UTC).replace(second=0, microsecond=0)
    for _ in range(24 * 60):
        if _wall(moment, tz) >= wall.replace(tzinfo=None):
            return moment
        moment += dt.timedelta(minutes=1)
    return first  # no zone has a gap of a day; unreachable, but never loop for ever


def _wall(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


def oddity(day: dt.date, clock: dt.time, tz: ZoneInfo) -> str | None:
    """'skipped' when the clocks jump over `clock` on `day`, 'repeated' when they pass it twice, else None."""
    wall = dt.datetime.combine(day, clock, tzinfo=tz)
    if _wall(wall.astimezone(UTC), tz) != wall.replace(tzinfo=None):
        return "skipped"
    if wall.utcoffset() != wall.replace(fold=1).utcoffset():
        return "repeated"
    return None


def dst_note(clock: dt.time, tz: ZoneInfo, today: dt.date, days: int = 366) -> str | None:
    """What the rule does to `clock` in the coming year, in words, or None if DST never touches it."""
    notes = []
    for n in range(days):
        day = today + dt.timedelta(days=n)
        kind = oddity(day, clock, tz)
        if kind == "skipped":
            at = instant(day, clock, tz).astimezone(tz)
            notes.append(f"{clock:%H:%M} does not exist on {day:%-d %B %Y} in {tz.key} (the clocks skip it): at {at:%H:%M}")
        elif kind == "repeated":
            notes.append(f"{clock:%H:%M} happens twice on {day:%-d %B %Y} in {tz.key}: it comes at the first")
    return "; ".join(notes) if notes else None


def in_span(clock: dt.time, span: tuple[dt.time, dt.time]) -> bool:
    """Whether `clock` falls in [start, end), a span that may run past midnight; start == end is empty."""
    start, end = span
    if start == end:
        return False
    if start < end:
        return start <= clock < end
    return clock >= start or clock < end
