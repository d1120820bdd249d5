"""Small readers for the catalogue's share texts that no declared shape covers (docs/games-catalog.md).

A sentence with the score inside it, a date instead of a puzzle number, a time written `3m 15s`
or `01:08.75`, keycap digits, amounts with any thousands mark: each game module matches its
own pattern and builds its result with these. Pure functions.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable, Iterator, Pattern

from ..results import Found, Rejection

Build = Callable[[re.Match[str]], "Found | Rejection | None"]

MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, start=1)}
# `Oct 8 2026`, `February 7, 2025`, `07 Oct 2026`, `Sep 26, 2026`, `May 22nd 2025`, `30 Sept 2026`.
MONTH_DATE = (
    r"(?:[A-Z][a-z]+,?[ \t]+)?(?:(?P<mon>[A-Z][a-z]{2,8})\.?[ \t]+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?|"
    r"(?P<day2>\d{1,2})[ \t]+(?P<mon2>[A-Z][a-z]{2,8})\.?)[ \t]+(?P<year>\d{4})"
)


def each(pattern: Pattern[str], build: Build) -> Callable[[str], Iterator[Found | Rejection]]:
    """A parser: every match of `pattern` in the text, built into a result (None: not a share)."""

    def parse(text: str) -> Iterator[Found | Rejection]:
        for m in pattern.finditer(text):
            out = build(m)
            if out is not None:
                yield out

    return parse


def amount(text: str) -> float:
    """'13.500' and '13,500' and '13 500' -> 13500; '8.5' -> 8.5; '1.82' -> 1.82 (two decimals at most)."""
    text = text.strip()
    if re.fullmatch(r"\d+[.,]\d{1,2}", text):
        return float(text.replace(",", "."))
    return float(re.sub(r"[^\d]", "", text))


def duration(text: str) -> float | None:
    """Seconds in '01:08.75', '1:02:44', '3h 1m 44s', '1m 28.660s', '2m .644s', '65.47s' or '39s'; None if none."""
    text = text.strip()
    clock = re.fullmatch(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d+))?", text)
    if clock:
        h, m, s, frac = clock.groups()
        if int(s) >= 60 or (h and int(m) >= 60):
            return None
        return int(h or 0) * 3600 + int(m) * 60 + int(s) + (float("0." + frac) if frac else 0.0)
    units = re.fullmatch(r"(?:(\d+)[ \t]*h[ \t]*)?(?:(\d+)[ \t]*m[ \t]*)?(?:(\d*(?:[.,]\d+)?)[ \t]*s)?", text)
    if not units or not any(units.groups()):
        return None
    h, m, s = units.groups()
    return int(h or 0) * 3600 + int(m or 0) * 60 + (float(s.replace(",", ".")) if s else 0.0)


def keycap_digits(text: str) -> str:
    """'3⃣2⃣0⃣' (keycaps after text.normalize) -> '320'; other characters are dropped."""
    return "".join(c for i, c in enumerate(text) if c.isdigit() and text[i + 1 : i + 2] == "\u20e3")


def month_date(m: re.Match[str]) -> dt.date | None:
    """The date a MONTH_DATE match names, or None when it is no real date."""
    mon = (m.group("mon") or m.group("mon2") or "")[:3].lower()
    day = m.group("day") or m.group("day2")
    if mon not in MONTHS:
        return None
    try:
        return dt.date(int(m.group("year")), MONTHS[mon], int(day))
    except ValueError:
        return None


def iso_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
