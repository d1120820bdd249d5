"""The few shapes most shares have, read from a declared header: one reader per shape.

A game of a known shape is declared as data in table.toml (see declared.py and
docs/adding-a-game.md); its reader here is one of:

  fraction  `Name #N S/M` (S may be X, a failure), optionally followed by an emoji grid
  time      `Name #N`, and a clock (`1:23`) on the header line or just below it
  score     `Name #N`, and a number read by a declared pattern (`Score: {s}`, `{s} points`)
  strip     `Name #N`, then a strip of squares whose first 🟩 is the score (Framed, Heardle)

Every reader takes a `Spec` (what the entry declared, already compiled) and a normalized
text, and yields Found or Rejection; pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from ..results import Found, Rejection
from .base import to_int
from .clocktime import CLOCK, is_clock, seconds
from .grids import archive_before, grid_after
from .strips import first_green, strip_after


@dataclass(frozen=True)
class Grid:
    """The emoji grid a fraction share may print under its header."""

    squares: str
    width: int | None = None
    # A share without its grid is rejected (a header alone is too easy to type).
    required: bool = False
    # Each row is one guess, so a solved share has as many rows as its score.
    one_row_per_guess: bool = True
    # A solved grid ends on a row of one colour (the word found), so any other grid was altered.
    solved_row: bool = False


@dataclass(frozen=True)
class Spec:
    """A declared game, compiled: what every shape reader needs."""

    slug: str
    label: str  # the name used in reasons ("Airportle")
    names: re.Pattern[str]  # any of the game's names, for the gate
    header: re.Pattern[str]
    # The first word of each name, lowercased: a plain substring test before any regex runs.
    needles: tuple[str, ...] = ()
    max: int | None = None
    lower_is_better: bool = True
    # fraction: "unless_x" (X is a failure), "always" (every share is a play), "full_marks" (S == M)
    solved: str = "unless_x"
    grid: Grid | None = None
    # score: the pattern that reads the score (group s, optional group of), near the header
    score: re.Pattern[str] | None = None
    # time and score: how many lines under the header may hold the clock or the score
    lines: int = 3
    # strip: its squares, the icon that may lead it, and how many cells it has
    squares: str = "🟩🟥⬛⬜"
    icons: str = ""
    length: int | None = None


def _below(text: str, start: int, end: int, lines: int) -> str:
    """The header line from `start` and the `lines` lines under it: where a share's body is."""
    line_end = text.find("\n", end)
    rest = text[line_end + 1 :].split("\n")[:lines] if line_end >= 0 else []
    return "\n".join([text[start : line_end if line_end >= 0 else len(text)], *rest])


def _archive(text: str, pos: int) -> dict:
    day = archive_before(text, pos)
    return {"archive_date": day.isoformat()} if day else {}


def read_fraction(spec: Spec, text: str) -> Iterator[Found | Rejection]:
    for m in spec.header.finditer(text):
        if _question(text, m):
            continue
        puzzle = to_int(m.group("n"))
        raw = m.group("s")
        failed = raw in "Xx"
        printed_max = to_int(m.group("of")) if m.groupdict().get("of") else spec.max
        score = None if failed else to_int(raw)
        problem = _fraction_problem(spec, raw, score, printed_max)
        rows = None
        if not problem:
            rows, problem = _grid(spec, text, m.end(), score, printed_max, failed)
        if problem:
            yield Rejection(spec.slug, problem, puzzle)
            continue
        details: dict = {} if rows is None else {"grid": rows}
        solved = score == printed_max if spec.solved == "full_marks" else not failed
        yield Found(
            puzzle=puzzle,
            solved=solved,
            score=score,
            max=printed_max,
            hard_mode=bool(m.groupdict().get("hard")),
            archive=bool(_archive(text, m.start())),
            details=details | _archive(text, m.start()),
        )


def _fraction_problem(spec: Spec, raw: str, score: int | None, out_of: int | None) -> str:
    """What is wrong with a fraction header's score ("" when nothing is)."""
    if spec.max is not None and out_of != spec.max:
        return f"{spec.label} scores out of {spec.max}, not {raw}/{out_of}"
    if score is not None and out_of is not None and score > out_of:
        return f"{raw}/{out_of} is more than the {spec.label} maximum"
    if score is None and spec.solved != "unless_x":
        return f"{spec.label} prints a number as its score, not X"
    if score == 0 and spec.lower_is_better:
        return f"{spec.label} takes at least one guess, not 0"
    return ""


def _grid(spec: Spec, text: str, end: int, score: int | None, out_of: int | None, failed: bool) -> tuple[list[str] | None, str]:
    """The grid under a fraction header, and what is wrong with it ("" when nothing is)."""
    if spec.grid is None:
        return None, ""
    rows = grid_after(text, end, spec.grid.squares, width=spec.grid.width, limit=out_of or 50, skip_urls=True)
    if not rows and spec.grid.required:
        return rows, f"the {spec.label} header has no grid under it, and a header alone does not count"
    if rows and spec.grid.one_row_per_guess and score is not None and len(rows) != score:
        return rows, f"the grid has {len(rows)} rows but the header says {score}/{out_of}"
    if rows and spec.grid.solved_row and not failed and len(set(rows[-1])) != 1:
        return rows, f"a solved {spec.label} grid ends on a row of one colour; this one does not"
    return rows, ""


def _question(text: str, m: re.Match[str]) -> bool:
    """Whether the header stands in a question ("did you do Wend #300 yet? took me 1:12"): talk, no share."""
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    return "?" in text[start : end if end >= 0 else len(text)]


_CLOCK = re.compile(rf"(?<![\d:])(?P<time>{CLOCK})(?![\d:])")
# On the header's line the time follows the header, after at most a separator or an icon ("| 1:23", "in 0:45").
_CLOCK_AFTER = re.compile(rf"[ \t]*(?:[|·•:–—-]|in\b)?[ \t]*(?:[^\w\s]{{1,3}}[ \t]*)?(?P<time>{CLOCK})(?![\d:])")


def _clock_near(spec: Spec, text: str, m: re.Match[str]) -> str | None:
    """The time a game prints with its header: on the header's line right after it, or on a line
    of its own below (an icon or one word beside it: "⏱ 1:23", "0:45 🏁"). A time inside a
    sentence ("took me 1:12") is talk."""
    line_end = text.find("\n", m.end())
    after = _CLOCK_AFTER.match(text[m.end() : line_end if line_end >= 0 else len(text)])
    if after:
        return after.group("time")
    for line in text[line_end + 1 :].split("\n")[: spec.lines] if line_end >= 0 else []:
        found = _CLOCK.search(line)
        if found and "?" not in line and len(re.findall(r"[^\W\d_]{2,}", line)) <= 1:
            return found.group("time")
    return None


def read_time(spec: Spec, text: str) -> Iterator[Found | Rejection]:
    for m in spec.header.finditer(text):
        if _question(text, m):
            continue
        puzzle = to_int(m.group("n"))
        printed = m.groupdict().get("time") or _clock_near(spec, text, m)
        if printed is None:
            yield Rejection(spec.slug, f"the {spec.label} share has no time, and it needs its time to count", puzzle)
            continue
        if not is_clock(printed):
            yield Rejection(spec.slug, f"the {spec.label} time {printed} is not a real time", puzzle)
            continue
        yield Found(
            puzzle=puzzle,
            solved=True,
            score=seconds(printed),
            archive=bool(_archive(text, m.start())),
            details={"time": printed} | _archive(text, m.start()),
        )


def read_score(spec: Spec, text: str) -> Iterator[Found | Rejection]:
    for m in spec.header.finditer(text):
        if _question(text, m):
            continue
        puzzle = to_int(m.group("n"))
        # The table checks that a score game has {s} in its header or a score pattern (or both).
        if m.groupdict().get("s"):
            found = m
        elif spec.score is not None:
            found = spec.score.search(_below(text, m.end(), m.end(), spec.lines))
        else:
            found = None
        if found is None:
            yield Rejection(spec.slug, f"the {spec.label} share has no score, and it needs its score to count", puzzle)
            continue
        value = _number(found.group("s"))
        out_of = _number(found.group("of")) if found.groupdict().get("of") else spec.max
        if spec.max is not None and out_of != spec.max:
            yield Rejection(spec.slug, f"{spec.label} scores out of {spec.max}, not {found.group('s')}/{out_of:g}", puzzle)
            continue
        if out_of is not None and value > out_of:
            yield Rejection(spec.slug, f"{found.group('s')} is more than the {spec.label} maximum of {out_of:g}", puzzle)
            continue
        solved = value == out_of if spec.solved == "full_marks" else True
        yield Found(
            puzzle=puzzle,
            solved=solved,
            score=value,
            max=int(out_of) if out_of is not None else None,
            archive=bool(_archive(text, m.start())),
            details=_archive(text, m.start()),
        )


def read_strip(spec: Spec, text: str) -> Iterator[Found | Rejection]:
    for m in spec.header.finditer(text):
        if _question(text, m):
            continue
        puzzle = to_int(m.group("n"))
        strip = strip_after(text, m.end(), spec.squares, spec.icons)
        if strip is None or (spec.length is not None and len(strip) != spec.length):
            cells = f" of {spec.length}" if spec.length else ""
            reason = f"the {spec.label} header has no strip{cells} squares under it, and a header alone does not count"
            yield Rejection(spec.slug, reason, puzzle)
            continue
        guesses = first_green(strip)
        yield Found(
            puzzle=puzzle,
            solved=guesses is not None,
            score=guesses,
            max=spec.length or len(strip),
            archive=bool(_archive(text, m.start())),
            details={"strip": "".join(strip)} | _archive(text, m.start()),
        )


def _number(text: str) -> float:
    """'41,561' -> 41561; '123.7' -> 123.7; '1.234' -> 1234 (three digits after a mark are thousands)."""
    if re.fullmatch(r"\d+[.,]\d{1,2}", text):
        return float(text.replace(",", "."))
    return float(to_int(text))


Reader = Callable[[Spec, str], Iterator[Found | Rejection]]

READERS: dict[str, Reader] = {"fraction": read_fraction, "time": read_time, "score": read_score, "strip": read_strip}
