"""parse.py's prefilter: one pass over the table's gate words skips only games whose own gate would refuse the text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puzzlesecretary.games import GAMES, Game
from puzzlesecretary.parse import _gates, _opened, _trie, parse, surely_nothing
from puzzlesecretary.sample import CHATTER
from puzzlesecretary.text import normalize

ROOT = Path(__file__).resolve().parent.parent
WORDS = sorted({w for g in GAMES.values() for w in (*g.names, g.name, g.marker, *g.needles) if w})
PHRASES = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=5)), max_size=20).map(" ".join)
TEXTS = st.one_of(st.text(max_size=200), PHRASES)


def every_gate_passed(lowered: str) -> list[str]:
    """The games the per-game tests let through: a marker, or any of a declared game's needles (or no gate)."""
    out = []
    for game in GAMES.values():
        if game.marker:
            if game.marker in lowered:
                out.append(game.slug)
        elif not game.needles or any("_" in n for n in game.needles) or any(n in lowered for n in game.needles):
            out.append(game.slug)
    return out


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_the_prefilter_opens_exactly_the_games_whose_own_gate_passes(text):
    lowered = normalize(text).lower()
    assert [g.slug for g in _opened(GAMES, lowered)] == every_gate_passed(lowered)


def test_each_gate_word_alone_opens_its_games():
    gates = _gates(GAMES)
    for word, places in gates.opens.items():
        opened = {gates.games.index(g) for g in _opened(GAMES, f"so {word} today")}
        assert places <= opened, word


def test_the_trie_finds_a_word_wherever_it_starts_and_nothing_else():
    import re

    pattern = re.compile(_trie(("cross", "crossclimb", "word", "wordle", "par🇮🇹le")))
    for hit in ("crossword", "a cross", "xxwordl", "par🇮🇹le!", "crossclim"):
        assert pattern.search(hit), hit
    for miss in ("cros", "wor d", "parle", ""):
        assert pattern.search(miss) is None, miss
    assert re.compile(_trie(())).search("anything") is None


def test_a_game_without_a_gate_reads_every_text():
    seen = []

    def reader(text):
        seen.append(text)
        return iter(())

    table = {"open": Game("open", "Open", "https://example.org", "points", False, "as_printed", reader)}
    parse("morning all", games=table)
    assert seen == ["morning all"]


def test_chatter_and_every_stored_share_parse_as_they_did_without_the_prefilter():
    texts = list(CHATTER)
    for name in ("heldout_shares.jsonl", "sweep_shares.jsonl"):
        texts += [json.loads(line)["text"] for line in (ROOT / "bench" / name).read_text(encoding="utf-8").splitlines() if line]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures").glob("*/*.txt"))]
    at = dt.datetime(2025, 6, 1, 12, tzinfo=dt.timezone.utc)
    unfiltered = _Unfiltered(GAMES)
    for text in texts:
        assert parse(text, at) == parse(text, at, unfiltered), text


class _Unfiltered(dict):
    """The same games under another table (so another cache entry), the declared ones without needles: each runs its own gate."""

    def __init__(self, games):
        import dataclasses

        super().__init__({slug: dataclasses.replace(g, needles=()) for slug, g in games.items()})


def test_a_declared_game_opens_on_a_word_of_each_of_its_names_and_chatter_with_the_opens_none():
    for game in GAMES.values():
        if game.needles and not game.marker:
            assert all(any(n in name.lower() for n in game.needles) for name in game.names), game.slug
    assert GAMES["dailydozen"].needles == ("dozen",)  # not "the", the first word of "The Dozen: Daily Trivia"
    for text in ("anyone seen the match last night", "how is everyone so fast at these", "did you try the new one?"):
        assert _opened(GAMES, text) == [], text
    assert GAMES["dailydozen"] in _opened(GAMES, "the dozen: daily trivia\ngame 930")


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXTS, st.text(alphabet="0123456789#/🟩⬛ \n", max_size=40).map("Puzzle 12 ".__add__)))
def test_a_text_said_to_hold_nothing_surely_parses_to_nothing(text):
    if surely_nothing(text):
        outcome = parse(text, dt.datetime(2025, 6, 1, 12, tzinfo=dt.timezone.utc))
        assert not outcome.results and not outcome.rejections


def test_most_chatter_is_told_to_hold_nothing_without_parsing_and_no_text_that_parses_to_something_is():
    lines = (ROOT / "bench" / "heldout_shares.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures").glob("*/*.txt"))]
    at = dt.datetime(2025, 6, 1, 12, tzinfo=dt.timezone.utc)
    shares = [text for text in texts if parse(text, at).results or parse(text, at).rejections]
    assert len(shares) > 100 and not any(surely_nothing(text) for text in shares)
    quiet = [text for text in CHATTER if surely_nothing(text)]
    assert len(quiet) > len(CHATTER) / 2 and surely_nothing("morning all")
    assert not surely_nothing("Wordle 1,234 3/6") and not surely_nothing("Nerdle 12 ✅") and not surely_nothing("anything 7")
    table = {"open": Game("open", "Open", "https://example.org", "points", False, "as_printed", lambda text: iter(()))}
    assert not surely_nothing("morning all", table)  # a game without a gate reads every text
