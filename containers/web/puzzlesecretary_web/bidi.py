"""Keeping a name's text direction to itself, so that no name can reorder the page around it.

A display name is whatever a chat member typed. An unclosed U+202E RIGHT-TO-LEFT OVERRIDE in it,
or a name in Arabic or Hebrew next to a number, would otherwise reorder the text that follows
("Eve 0.00 points" shown as "Eve stniop 00.0"). In markup a name goes in <bdi>, or in a link
with dir="auto": both are isolated (unicode-bidi: isolate) and take the direction of the name's
first strong letter (HTML's rendering rules, repeated in style.css). Where no markup can go (the <title>, an
attribute, an SVG <title>) the isolate characters do the same job: U+2068 FIRST STRONG ISOLATE
opens and U+2069 POP DIRECTIONAL ISOLATE closes every override opened since (Unicode UAX #9).
"""

from __future__ import annotations

from typing import Iterable

from .templates import escape

FSI, PDI = "\u2068", "\u2069"


def isolate(text: str) -> str:
    """`text` isolated for plain-text places: a <title>, an attribute value, an SVG <title> or <desc>."""
    return f"{FSI}{text}{PDI}"


def name_list(names: Iterable[str]) -> str:
    """Names as markup, each escaped in its own <bdi>, comma-separated (print it with {{!...}})."""
    return ", ".join(f"<bdi>{escape(name)}</bdi>" for name in names)
