"""Normalising chat text before any parser reads it: one place for every chat client's quirks."""

from __future__ import annotations

import json
import re
from typing import Any

_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

# Chat clients that render emoji as shortcodes (Slack, Discourse, some bridges) send these; the
# names are gemoji's, which Slack uses (`:large_green_square:`, `:one:`, `:keycap_ten:`, `:clock11:`).
SHORTCODES = {
    "large_green_square": "🟩",
    "large_yellow_square": "🟨",
    "large_blue_square": "🟦",
    "large_purple_square": "🟪",
    "large_orange_square": "🟧",
    "large_red_square": "🟥",
    "large_brown_square": "🟫",
    "large_green_circle": "🟢",
    "large_yellow_circle": "🟡",
    "large_orange_circle": "🟠",
    "large_purple_circle": "🟣",
    "large_red_circle": "🔴",
    "orange_circle": "🟠",
    "purple_circle": "🟣",
    # Keycaps as text.normalize leaves them: the digit and U+20E3 (keycaps.py reads these).
    **{name: f"{digit}\u20e3" for digit, name in enumerate(_DIGITS)},
    "keycap_ten": "🔟",
    "clock11": "🕚",
    "clock12": "🕛",
    "clock1": "🕐",
    "movie_camera": "🎥",
    "mute": "🔇",
    "speaker": "🔈",
    "sound": "🔉",
    "loud_sound": "🔊",
    "pushpin": "📌",
    "round_pushpin": "📍",
    "thinking_face": "🤔",
    "thinking": "🤔",
    "arrow_up": "⬆",
    "arrow_down": "⬇",
    "arrow_left": "⬅",
    "arrow_right": "➡",
    "arrow_upper_right": "↗",
    "arrow_upper_left": "↖",
    "arrow_lower_right": "↘",
    "arrow_lower_left": "↙",
    "earth_americas": "🌎",
    "earth_africa": "🌍",
    "earth_asia": "🌏",
    "date": "📅",
    "calendar": "📆",
    "video_game": "🎮",
    "octagonal_sign": "🛑",
    "checkered_flag": "🏁",
    "gem": "💎",
    "unicorn_face": "🦄",
    "unicorn": "🦄",
    "rainbow": "🌈",
    "large_blue_diamond": "🔷",
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
# One character class, removed by re.sub: several times faster than str.translate on a share's wide text.
_INVISIBLE = re.compile("[\ufe0f\ufe0e\u200e\u200f\u2066\u2067\u2068\u2069\ufeff]")


def _shortcode(match: re.Match[str]) -> str:
    return SHORTCODES.get(match.group(1), match.group(0))


def normalize(text: str) -> str:
    """Plain newlines, no variation selectors or direction marks, shortcodes as emoji,
    quoted reply lines (starting with '>') removed."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if ":" in text:
        text = _SHORTCODE.sub(_shortcode, text)
    if ">" in text:
        text = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith(">"))
    return text


# What a database cannot hold: a lone UTF-16 surrogate has no UTF-8 encoding (SQLite's driver
# and psycopg2 both refuse it), and PostgreSQL's text type refuses NUL. JSON can carry both as
# escapes (`\ud800`, `\u0000`), and Python's argv and file names carry undecodable bytes as
# surrogates, so every text that reaches the store from outside passes through `storable`.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# A JSON text can only decode to an unstorable character through one of these escapes.
_UNSTORABLE_ESCAPE = re.compile(r"\\u(?:[dD][89a-fA-F][0-9a-fA-F]{2}|0000)")


def storable(text: str) -> str:
    """`text` with each character a database cannot store replaced by U+FFFD."""
    return _UNSTORABLE.sub("\ufffd", text) if _UNSTORABLE.search(text) else text


def storable_json(value: Any) -> Any:
    """A decoded JSON value with `storable` applied to every string in it, keys included.

    Iterative, so a value nested as deep as the JSON decoder allows cannot overflow the stack.
    """
    if isinstance(value, str):
        return storable(value)
    if not isinstance(value, (dict, list)):
        return value
    root = [value]
    stack: list[tuple[dict | list, Any]] = [(root, 0)]
    while stack:
        parent, key = stack.pop()
        item = parent[key]
        if isinstance(item, str):
            parent[key] = storable(item)
        elif isinstance(item, list):
            stack.extend((item, i) for i in range(len(item)))
        elif isinstance(item, dict):
            fixed = {storable(k) if isinstance(k, str) else k: v for k, v in item.items()}
            parent[key] = fixed
            stack.extend((fixed, k) for k in fixed)
    return root[0]


def loads_storable(text: str, **options: Any) -> Any:
    """`json.loads(text, **options)`, with every string storable; the walk only runs when an escape could need it."""
    value = json.loads(text, **options)
    return storable_json(value) if _UNSTORABLE_ESCAPE.search(text) or _UNSTORABLE.search(text) else value
