"""Time as the store keeps it: integer milliseconds since the epoch, UTC."""

from __future__ import annotations

import datetime as dt
import time


def now_ms() -> int:
    return int(time.time() * 1000)


def to_ms(moment: dt.datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return int(moment.timestamp() * 1000)


def from_ms(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.timezone.utc)
