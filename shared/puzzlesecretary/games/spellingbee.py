"""NYT Spelling Bee. The game has no numbered share of its own; two forms are passed around:

- the app's sentence `Spelling Bee - I found 42 words, including the pangram!`;
- a block `Spelling Bee` / `Score: 150` / `Words: 25` / `Rank: Genius` (optionally a date after
  the name, `Words found:` and `Pangrams:` lines).

Both print the number of words found, so that is the headline (higher is better); points, rank
and pangrams go in details when printed. No puzzle number and usually no date: the share is
dated the day it was sent. Sources: StreakSync
fixtures (their provenance is weak); ranks from spellingbeetimes.com
"How does NYT Spelling Bee work?" (Beginner ... Genius, and the hidden Queen Bee).
"""

from __future__ import annotations

import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Game, to_int
from .solvedsentence import DATE, read_date

RANKS = ("Beginner", "Good Start", "Moving Up", "Good", "Solid", "Nice", "Great", "Amazing", "Genius", "Queen Bee")
SENTENCE = re.compile(
    rf"(?<![A-Za-z])Spelling\s+Bee\s*[-–—:]\s*I\s+found\s+(?P<words>{NUMBER})\s+words?"
    r"(?P<pangram>,?\s+including\s+(?:the|a|\d+)\s+pangrams?)?",
    re.IGNORECASE,
)
BLOCK = re.compile(rf"(?<![A-Za-z])(?:NYT\s+)?Spelling\s+Bee[ \t]*(?P<date>{DATE})?[ \t]*$", re.IGNORECASE | re.MULTILINE)
FIELD = re.compile(
    r"^[ \t]*(?P<key>Score|Points|Words(?: found)?|Rank|Pangrams?)[ \t]*:[ \t]*(?P<value>[^\n]+?)[ \t]*$", re.IGNORECASE
)


def _fields(lines: list[str]) -> dict[str, str]:
    """The `Key: value` lines right under the block's heading, by their singular key."""
    fields: dict[str, str] = {}
    for line in lines:
        f = FIELD.match(line)
        if not f:
            break
        key = f.group("key").lower().split()[0].rstrip("s")
        fields[{"point": "score"}.get(key, key)] = f.group("value")
    return fields


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in SENTENCE.finditer(text):
        words = to_int(m.group("words"))
        yield Found(puzzle=None, solved=True, score=words, details={"words": words, "pangram": bool(m.group("pangram"))})
    for m in BLOCK.finditer(text):
        fields = _fields(text[m.end():].split("\n")[1:7])
        if not fields:
            continue  # the name alone is chatter, not a share
        if "word" not in fields or not re.fullmatch(NUMBER, fields["word"]):
            yield Rejection("spellingbee", "a Spelling Bee share needs its number of words found to count")
            continue
        words = to_int(fields["word"])
        details: dict = {"words": words}
        if "score" in fields and re.fullmatch(NUMBER, fields["score"]):
            details["points"] = to_int(fields["score"])
        if "rank" in fields:
            rank = next((r for r in RANKS if r.lower() == fields["rank"].lower()), None)
            if rank is None:
                yield Rejection("spellingbee", f"{fields['rank']!r} is not a Spelling Bee rank")
                continue
            details["rank"] = rank
        if "pangram" in fields and fields["pangram"].isdigit():
            details["pangrams"] = int(fields["pangram"])
        day = read_date(m.group("date")) if m.group("date") else None
        yield Found(puzzle=None, solved=True, score=words, date=day, details=details)


GAME = Game(
    slug="spellingbee",
    name="Spelling Bee",
    url="https://www.nytimes.com/puzzles/spelling-bee",
    unit="words",
    lower_is_better=False,
    fail_rule="as_printed",
    parse=parse,
    marker="spelling bee",
)
