"""A score's date as the store keeps it: a whole number of days since 1970-01-01 (2 to 3 bytes, not 10).

Numbers compare as the dates do, so ranges (`date >= ?`) and MIN/MAX work unchanged on SQLite
and PostgreSQL, and a run of consecutive days is a run of consecutive numbers. Pure functions.
"""

from __future__ import annotations

import datetime as dt

EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date | str | None) -> int | None:
    """The stored number of a date (or of its ISO text); None stays None."""
    if day is None:
        return None
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    elif isinstance(day, dt.datetime):
        day = day.date()
    return (day - EPOCH).days


def day_of(number: int | None) -> dt.date | None:
    """The date a stored number stands for; None stays None."""
    return None if number is None else EPOCH + dt.timedelta(days=int(number))
