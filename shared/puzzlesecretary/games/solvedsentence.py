"""The sentence NYT crosswords share: `I solved the 7/31/2025 New York Times Mini Crossword in 1:23!`.

One reader for the Mini, the Midi and the Daily: they differ only in the crossword's name.
The app writes the date as M/D/YYYY, the web as `Aug 20, 2024`; the Daily adds the weekday
(`I solved the Monday 3/23/2026 ...`). The mobile app may break the sentence across lines, so
any run of whitespace separates the words. There is no puzzle number: the printed date is the
puzzle. Sources: a public repository's Java
test fixtures (index file 52532667670) for the Midi and Daily sentences.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .clocktime import CLOCK, is_clock, seconds

WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
DATE = r"\d{1,2}/\d{1,2}/\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}"
MONTH_FORMATS = ("%b %d %Y", "%B %d %Y")


def sentence(kind: str) -> re.Pattern[str]:
    return re.compile(
        rf"I\s+solved\s+the\s+(?:(?:{WEEKDAYS})\s+)?(?P<date>{DATE})\s+New\s+York\s+Times\s+{kind}\s+"
        rf"Crossword\s+in\s+(?P<time>{CLOCK})\b"
    )


def read_date(text: str) -> dt.date | None:
    text = re.sub(r"\s+", " ", text.replace(".", "").replace(",", ""))
    if "/" in text:
        try:
            month, day, year = (int(p) for p in text.split("/"))
            return dt.date(year, month, day)
        except ValueError:
            return None
    for fmt in MONTH_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_sentences(text: str, slug: str, kind: str, pattern: re.Pattern[str]) -> Iterator[Found | Rejection]:
    for m in pattern.finditer(text):
        day = read_date(m.group("date"))
        if day is None:
            yield Rejection(slug, f"the {kind} share's date {m.group('date')!r} is not a real date")
            continue
        clock = m.group("time")
        if not is_clock(clock):
            yield Rejection(slug, f"the {kind} share's time {clock} is not a real time")
            continue
        yield Found(puzzle=None, solved=True, score=seconds(clock), date=day, details={"time": clock})
