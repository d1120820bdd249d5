"""Normalising chat text before any parser reads it: one place for every chat client's quirks."""

from __future__ import annotations

import re

# Chat clients that render emoji as shortcodes (Slack, Discourse, some bridges) send these.
SHORTCODES = {
    "green_square": "🟩",
    "yellow_square": "🟨",
    "black_large_square": "⬛",
    "black_square": "⬛",
    "white_large_square": "⬜",
    "white_square": "⬜",
    "blue_square": "🟦",
    "purple_square": "🟪",
    "orange_square": "🟧",
    "red_square": "🟥",
    "brown_square": "🟫",
    "large_blue_circle": "🔵",
    "blue_circle": "🔵",
    "yellow_circle": "🟡",
    "red_circle": "🔴",
    "green_circle": "🟢",
    "white_circle": "⚪",
    "black_circle": "⚫",
    "bulb": "💡",
    "tada": "🎉",
    "star": "⭐",
    "x": "❌",
    "white_check_mark": "✅",
    "heavy_check_mark": "✔",
    "red_heart": "❤",
    "heart": "❤",
    "crown": "👑",
    "stopwatch": "⏱",
    "zap": "⚡",
    "fire": "🔥",
    "trophy": "🏆",
}
_SHORTCODE = re.compile(r":([a-z0-9_]+):")

# Invisible marks that chat apps and exports sprinkle into text; none of them carries meaning here.
_INVISIBLE = dict.fromkeys(map(ord, "\ufe0f\ufe0e\u200e\u200f\u2066\u2067\u2068\u2069\ufeff"), None)


def _shortcode(match: re.Match[str]) -> str:
    return SHORTCODES.get(match.group(1), match.group(0))


def normalize(text: str) -> str:
    """Plain newlines, no variation selectors or direction marks, shortcodes as emoji,
    quoted reply lines (starting with '>') removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    if ":" in text:
        text = _SHORTCODE.sub(_shortcode, text)
    if ">" in text:
        text = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith(">"))
    return text
