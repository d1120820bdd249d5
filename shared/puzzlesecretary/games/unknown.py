"""Spotting shares of games the table does not know, so that they are kept, not lost.

A line looks like a share's header when it starts with a name (one to four words, or a
hashtag) followed by a puzzle number (`Wend #12`, `Patches No. 40`) or a score (`Dordle 4/7`),
and nothing chatty after it (no question, no sentence). It counts only with evidence under it
or on it that a game printed it: an emoji grid, a time on its own line or after `|`, or a link.
Such a share becomes a Rejection whose game is `unknown:<name as written>`: stored, shown on
the Not-counted page, listed by `puzzlesecretary games --unknown`, and read by `reparse` once a
parser for it lands. Pure functions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from ..results import Rejection
from .base import NUMBER

PREFIX = "unknown:"

# Words that open chatter, lists and other games' body lines, never a game's name.
STOPWORDS = frozenset(
    {
        "puzzle", "puzzles", "game", "games", "day", "days", "round", "level", "score", "scores", "total", "board", "rank",
        "attempt", "attempts", "try", "tries", "guess", "guesses", "question", "no", "number", "week", "month", "year",
        "page", "part", "chapter", "episode", "season", "issue", "pr", "ticket", "room", "table", "flight", "gate", "bus",
        "train", "seat", "track", "step", "move", "hole", "archive", "streak", "found", "time", "lives", "hints", "hint",
        "mistakes", "points", "today", "yesterday", "tomorrow", "top", "best", "my", "your", "our", "his", "her", "their",
        "i", "i'm", "im", "it", "it's", "this", "that", "these", "those", "what", "who", "how", "why", "when", "where", "he",
        "she", "we", "they", "you", "happy", "good", "nice", "great", "lol", "ok", "okay", "yes", "yeah", "yay", "congrats",
        "also", "and", "but", "or", "so", "then", "just", "still", "only", "all", "me", "mine", "first", "last", "next",
        "final", "bonus", "world", "current", "win", "won", "lost", "fail", "failed", "solved", "played", "done", "finished",
        "got", "did", "is", "was", "are", "were", "be", "been", "have", "had", "has", "do", "does", "can", "could", "would",
        "should", "will", "not", "too", "very", "more", "less", "most", "least", "version", "vol", "volume", "unit", "lesson",
        "task", "item", "id", "ref", "order", "invoice", "case", "grade", "class", "age", "size", "floor", "apt", "suite",
        "line", "row", "col", "column", "slot", "zone", "pin", "easy", "medium", "hard", "expert", "normal", "mode",
        "daily", "weekly", "monthly", "answer", "answers", "clue", "clues", "hello", "hi", "hey", "thanks", "thank", "sorry",
        "wow", "omg", "nope", "same", "again", "here", "there", "now", "soon", "later", "well", "oh", "ah", "ugh", "jan",
        "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january", "february", "march",
        "april", "june", "july", "august", "september", "october", "november", "december", "mon", "tue", "tues", "wed", "thu",
        "thurs", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
    }
)
# A name ending in one of these is a labelled line of a share's body ("Overall Score 439").
LABELS = frozenset(
    {"score", "scores", "total", "points", "time", "streak", "rank", "round", "level", "guesses", "tries", "attempts", "hints"}
    | {"mistakes", "found", "lives"}
)
# Words a name may hold after its first one, besides capitalized words and numbers ("Movie to Movie").
CONNECTORS = "to|of|the|and|de|du|la|le|del|di|och|und"
WORD = r"[A-Za-z][A-Za-z0-9'’.+&_-]*"
NAME = rf"{WORD}(?:[ ](?:[A-Z][A-Za-z0-9'’.+&_-]*|{CONNECTORS})(?=[ \t]|$)){{0,3}}"
# A WhatsApp export line's prefix ("23/01/2022, 13:59 - Ann: ") may stand before the header.
EXPORT = r"(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?[ \t]+\d{1,2}:\d{2}(?:[ \t]?[AaPp][Mm])?[ \t]+[-–][ \t]+[^:\n]{1,40}:[ \t]+)?"
# `Framed - Title Shot Challenge #54`, `Queens Ultimate - Daily Mini #152`: a mode after a dash is part of the name.
SUBTITLE = r"[A-Z][A-Za-z0-9'’]*(?:[ ][A-Z][A-Za-z0-9'’]*){0,3}"
HEADER = re.compile(
    rf"^[ \t]*{EXPORT}(?P<lead>[^\w\s#]{{0,3}})[ \t]*(?P<name>#?{NAME})(?:[ \t]+[-–—][ \t]+(?P<sub>{SUBTITLE}))?"
    rf"[^\w\s#:|/-]{{0,3}}[ \t]*(?:(?P<sep>[-–—:|])[ \t]*)?"
    rf"(?:(?P<mark>#|(?i:No\.?|Nr\.?|n\.|Day|Puzzle))[ \t]*)?(?P<n>{NUMBER})?(?![\d:/.,])"
    r"(?:[ \t]+(?P<s>\d{1,5}|[Xx])[ \t]*/[ \t]*(?P<of>\d{1,6}))?(?P<tail>[^\n]*)$"
)
SCORE_ONLY = re.compile(r"^(?P<s>\d{1,5}|[Xx])[ \t]*/[ \t]*(?P<of>\d{1,6})")
CLOCK = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])")
TLDS = "com|org|net|io|app|game|games|fun|club|wtf|co|fr|de|nl|uk|me|gg|xyz|dev|world|online|in|it|es|quest|earth|day|horse"
URL = re.compile(rf"https?://\S+|(?<![\w@.])[\w-]+(?:\.[\w-]+)*\.(?:{TLDS})(?:/\S*)?", re.IGNORECASE)
LINES_BELOW = 8
DIGIT = re.compile(r"\d")  # as NUMBER and the scores read one: any Unicode decimal digit
# As parse.MAX_PUZZLE: no daily game is near it, and the store's puzzle column is a 32-bit integer.
LARGEST_PUZZLE = 100_000


def normalized(name: str) -> str:
    """'#Wend' / 'WEND' / 'Wend ' -> 'wend': how two spellings of one name are compared."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


def known_names(games: Iterable) -> frozenset[str]:
    """Every normalized name, slug and marker of the registered games."""
    out = set()
    for g in games:
        out.update(normalized(w) for w in (g.slug, g.name, g.marker, *g.names) if w)
    return frozenset(out - {""})


def spot(text: str, known: frozenset[str], producers: Iterable[str] = ()) -> Iterator[Rejection]:
    """Rejections for the shares in `text` of games not in `known`.

    `producers` are the normalized names of the registered games that read something in this
    text: a header that holds one of them ("nerdlegame" holds "nerdle") is theirs.
    """
    if DIGIT.search(text) is None:
        return  # every header HEADER and _header_counts accept holds a digit: a puzzle number or a score
    lines = text.split("\n")[:200]
    producers = [p for p in producers if len(p) >= 3]
    seen: set[str] = set()
    for i, m in _unread_headers(lines, producers):
        name = m.group("name").lstrip("#").rstrip(".-_")
        glued = re.fullmatch(r"(.*?[^\W\d_])(\d+)", name)
        number = m.group("n")
        if glued and number is None and m.group("name").startswith("#"):
            # "#waffle807 1/5": the hashtag holds the puzzle number.
            name, number = glued.group(1), glued.group(2)
        if m.group("sub"):
            name = f"{name} - {m.group('sub')}"
        # A bare "Name 24" (no #, no score, no hashtag) is common in talk: only a grid makes it a share.
        bare = not (m.group("mark") or m.group("s") or m.group("name").startswith("#") or glued)
        below = lines[i + 1 : i + 1 + LINES_BELOW]
        if not _header_counts(m, name) or not _evidence(name, m.group("tail"), below, grid_only=bare):
            continue
        key = normalized(name)
        full = normalized(f"{name} {number or ''}")
        if _is_known(key, full, known, producers) or key in seen:
            continue
        seen.add(key)
        marked = m.group("mark") or (glued and m.group("n") is None)
        puzzle = int(re.sub(r"\D", "", number)) if number and marked else None
        if puzzle is not None and puzzle > LARGEST_PUZZLE:
            puzzle = None  # kept in the reason only: the store's integer column may not hold it
        label = f"{name} #{number}" if number and marked else name
        yield Rejection(PREFIX + name, f"{label} looks like a share of {name}, a game PuzzleSecretary does not read yet", puzzle)


def _unread_headers(lines: list[str], producers: list[str]) -> Iterator[tuple[int, re.Match[str]]]:
    """Each header line (its place and HEADER's match) outside a block that names a producer.

    A block is lines without a blank between; one that names a registered game which read the text
    is that game's share. Whether it does is asked only of a block that has a header, each line once.
    """
    block_read = False
    checked = 0  # the lines before this place were asked whether they name a producer
    for i, line in enumerate(lines):
        if not line.strip():
            block_read, checked = False, i + 1
            continue
        if block_read:
            continue
        m = _header(line)
        if not m:
            continue
        while not block_read and checked <= i:  # the block's lines up to this header
            block_read, checked = _holds_producer(lines[checked], producers), checked + 1
        if not block_read:
            yield i, m


def _holds_producer(line: str, producers: list[str]) -> bool:
    """Whether a line names a registered game that read something in the text (its block is that game's)."""
    if not producers:
        return False
    plain = normalized(line)
    return any(p in plain for p in producers)


def _header(line: str) -> re.Match[str] | None:
    """HEADER's match of a line; a line without a digit is none (every header holds a number or a score)."""
    return None if DIGIT.search(line) is None else HEADER.match(line)


def _header_counts(m: re.Match[str], name: str) -> bool:
    """A name, a number or a score, and no chatter around them."""
    words = name.split()
    if len(normalized(name)) < 3 or words[0].lower().strip("'’") in STOPWORDS or "?" in m.group(0):
        return False
    if len(words) > 1 and words[-1].lower() in LABELS:
        return False
    if not m.group("name").startswith("#") and not (name[0].isupper() or any(c.isdigit() or c == "." for c in name)):
        # A lowercase first word is a sentence ("did you do Tango #300"), unless it is a hashtag or a domain.
        return False
    tail = m.group("tail")
    if tail.rstrip().endswith(":") or m.group("sep") == ":":
        # "Peeks: 3", "Found: 407/409", "First 5 placements:": a labelled line inside a share, not a header.
        return False
    if m.group("n") is None and m.group("s") is None:
        score = SCORE_ONLY.match(tail.strip())
        if not score:
            return False
        tail = tail.strip()[score.end():]
    # After the header only a few words may follow ("| 1:23 and flawless", "(Perfect)").
    return len(re.findall(r"[^\W\d_]{2,}", URL.sub("", tail))) <= 3


def _evidence(name: str, tail: str, below: list[str], grid_only: bool = False) -> bool:
    """A grid, a time on its own line or after `|`, or the game's own link: what a game prints."""
    if _is_grid(tail):
        return True
    if not grid_only and (_own_link(name, tail) or re.search(r"(?:\||⏱|⏲|🕐|\bin)[ \t]*" + CLOCK.pattern, tail)):
        return True
    for line in below:
        stripped = line.strip()
        if not stripped:
            continue
        if _is_grid(stripped) or (not grid_only and (_own_link(name, stripped) or _is_clock_line(stripped))):
            return True
    return False


# The cells game grids are made of: squares, circles, ticks and crosses (keycaps are read apart).
GRID_CELLS = frozenset("🟥🟧🟨🟩🟦🟪🟫⬛⬜🔴🟠🟡🟢🔵🟣🟤⚫⚪✅❌🔲🔳◻◼▪▫")


def _is_grid(line: str) -> bool:
    """A line of emoji only, two or more of them grid cells or keycaps (a birthday's 🎉🎂 is no grid)."""
    cells = [c for c in line if not c.isspace() and c != "\u200d"]
    if len(cells) < 2 or not all(unicodedata.category(c) == "So" or c.isdigit() or c in "\u20e3|·-=()%+/" for c in cells):
        return False
    return sum(1 for c in cells if c in GRID_CELLS or c == "\u20e3") >= 2


def _own_link(name: str, line: str) -> bool:
    """A link whose address holds the game's name (`lnkd.in/wend`, `https://angle.wtf`), not any link."""
    words = [normalized(name)] + [normalized(w) for w in re.split(r"[ \t._-]+", name) if len(normalized(w)) >= 4]
    return any(any(w and w in normalized(url) for w in words) for url in URL.findall(line))


def _is_clock_line(line: str) -> bool:
    """A line that is a time, with at most an icon or a word around it (`⏱ 1:23`, `0:45 🏁`)."""
    m = CLOCK.search(line)
    return bool(m) and len(re.findall(r"[^\W\d_]{2,}", line)) <= 1


def _is_known(key: str, full: str, known: frozenset[str], producers: list[str]) -> bool:
    bare = re.sub(r"^(?:daily|nyt|the|linkedin|my)", "", key)
    if key in known or full in known or bare in known:
        return True
    return any(p in key or key in p for p in producers)
