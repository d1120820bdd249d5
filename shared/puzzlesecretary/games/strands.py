"""NYT Strands: `Strands #N`, the theme in quotes, then one emoji per word found or hint used.

🔵 is a theme word, 🟡 the spangram, 💡 a hint. The emoji wrap at four a line; the breaks mean
nothing, so the sequence is read in order across lines. The headline score is the number of
hints; there is no way to fail. Sources: StreakSync
fixtures (a curly-quote theme); a public repository's script/parser_test.rb
("Strands #911\\n“With a little elbow grease”\\n💡🔵🔵🔵\\n💡🔵🟡🔵\\n🔵", dated 2026-08-31).
Puzzle #1 was 2024-03-04 (StreakSync anchors #887 to 2026-08-07; the parser_test.rb #911 to
2026-08-31; both agree).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int
from .grids import archive_before

HEADER = re.compile(rf"(?<![A-Za-z#@])Strands[ \t]+#[ \t]*(?P<n>{NUMBER})[ \t]*$", re.MULTILINE)
THEME = re.compile(r"^[ \t]*[\"“”'‘’](?P<theme>.+?)[\"“”'‘’][ \t]*$")
CELLS = "🔵🟡💡"


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        lines = text[m.end():].split("\n")[1:]
        theme = None
        if lines and (t := THEME.match(lines[0])):
            theme = t.group("theme")
            lines = lines[1:]
        sequence = ""
        for line in lines:
            cells = line.replace(" ", "").replace("\t", "")
            if not cells:
                if sequence:
                    break
                continue
            if not all(c in CELLS for c in cells):
                break
            sequence += cells
        if not sequence:
            yield Rejection("strands", "a Strands header with no emoji does not count", puzzle)
            continue
        if sequence.count("🟡") > 1:
            yield Rejection("strands", "a Strands game has one spangram, this share shows more", puzzle)
            continue
        archived = archive_before(text, m.start())
        hints = sequence.count("💡")
        words = [c for c in sequence if c != "💡"]
        yield Found(
            puzzle=puzzle,
            solved=True,
            score=hints,
            archive=archived is not None,
            details={
                "theme": theme,
                "sequence": sequence,
                "words": len(words),
                # Where the spangram fell among the words found (1 = first): the players' boast.
                "spangram_position": words.index("🟡") + 1 if "🟡" in words else None,
            }
            | ({"archive_date": archived.isoformat()} if archived else {}),
        )


GAME = Game(
    slug="strands",
    name="Strands",
    url="https://www.nytimes.com/games/strands",
    unit="hints",
    lower_is_better=True,
    fail_rule="as_printed",
    parse=parse,
    calendar=Calendar(1, dt.date(2024, 3, 4)),
    marker="strands",
)
