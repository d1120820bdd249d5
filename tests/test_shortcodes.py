"""Shortcodes (`:large_green_square:`, `:six:`) read the same as the emoji, for every game.

Slack, Discourse and some bridges send emoji as gemoji shortcodes. Each positive fixture of
every game is rewritten with shortcodes in place of its emoji and must give the same results.
Sources of real shortcode shares: a Slack bot's Wordle pattern over `:large_green_square:`,
`:black_large_square:`, `:white_large_square:`, `:large_yellow_square:` (public repository,
index search "large_green_square"); Slack's keycap names `:one:` ... `:nine:`, `:keycap_ten:`
(a Slack emoji table in a public repository, index file 61477489461).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from puzzlesecretary.parse import parse
from puzzlesecretary.text import SHORTCODES, normalize

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# One name per emoji, preferring the long Slack names ("large_green_square" over "green_square").
AS_SHORTCODE = {}
for name, emoji in sorted(SHORTCODES.items(), key=lambda kv: -len(kv[0])):
    AS_SHORTCODE.setdefault(emoji, f":{name}:")


def with_shortcodes(text: str) -> str:
    out = normalize(text)
    # Keycaps first: "6\u20e3" is two characters, and the digit alone must stay a digit.
    for emoji in sorted(AS_SHORTCODE, key=len, reverse=True):
        out = out.replace(emoji, AS_SHORTCODE[emoji])
    return out


def emoji_fixtures():
    for case in sorted(FIXTURES.glob("*/*.txt")):
        expected = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
        text = normalize(case.read_text(encoding="utf-8"))
        if expected["results"] and any(e in text for e in AS_SHORTCODE):
            yield case


CASES = list(emoji_fixtures())


def test_every_emoji_grid_game_has_a_fixture_checked_with_shortcodes():
    games = {c.parent.name for c in CASES}
    for slug in ("wordle", "connections", "strands", "quordle", "octordle", "framed", "heardle", "tradle", "waffle", "queens"):
        assert slug in games


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_share_written_with_shortcodes_reads_as_its_emoji(case: Path):
    expected = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
    sent_at = dt.datetime.fromisoformat(expected.get("sent_at", "2026-11-27T12:00:00+00:00"))
    text = case.read_text(encoding="utf-8")
    coded = with_shortcodes(text)
    assert coded != normalize(text)

    def key(t):
        return [(r.game, r.puzzle, r.solved, r.score, r.hard_mode) for r in parse(t, sent_at).results]

    assert key(coded) == key(text)


def test_keycap_and_large_square_shortcodes_read_as_emoji():
    assert normalize(":six::large_red_square:\n:keycap_ten::clock11:") == "6\u20e3🟥\n🔟🕚"
