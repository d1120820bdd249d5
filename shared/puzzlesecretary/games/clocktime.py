"""Reading the solve times shares print: `0:45`, `12:03`, `1:02:44`, `05:26`."""

from __future__ import annotations

import re

# Hours are optional; minutes and seconds always print with a colon between them.
CLOCK = r"\d{1,2}(?::\d{2}){1,2}"


def seconds(clock: str) -> int:
    """'1:23' -> 83, '1:02:44' -> 3764."""
    total = 0
    for part in clock.split(":"):
        total = total * 60 + int(part)
    return total


def is_clock(text: str) -> bool:
    """True for a well-formed clock whose minutes and seconds are below 60."""
    if not re.fullmatch(CLOCK, text):
        return False
    return all(int(part) < 60 for part in text.split(":")[1:])
