"""The game table (games/table.toml): declared games read like module games, and a wrong entry
stops the import with a message naming the game and what is wrong."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

from puzzlesecretary.games import GAMES
from puzzlesecretary.games.declared import TABLE, TableError, declared_game, load
from puzzlesecretary.parse import parse

SENT = dt.datetime(2026, 11, 27, 12, tzinfo=dt.timezone.utc)
CATALOGUE = Path(__file__).resolve().parent.parent / "docs" / "games-catalog.md"


def entry(**changes):
    base = {"slug": "demo", "name": "Demo", "url": "https://demo.example", "shape": "fraction", "max": 6, "source": "constructed"}
    return {k: v for k, v in (base | changes).items() if v is not None}


def games_with(*entries):
    return dict(GAMES) | {e["slug"]: declared_game(e) for e in entries}


def test_the_table_registers_module_games_and_declared_games_in_one_order():
    slugs = list(GAMES)
    assert slugs[0] == "wordle"
    assert {"actorle", "primel", "woordle", "tradle"} <= set(slugs)
    assert GAMES["primel"].parse.func.__name__ == "_gate"  # declared, not a module


@pytest.mark.parametrize(
    "bad, message",
    [
        (entry(colour="red"), "unknown key 'colour'"),
        (entry(source=None), "'source' is required"),
        (entry(shape="spiral"), "unknown shape 'spiral'"),
        (entry(header="{name} #{n}"), "needs {n} and {s}"),
        (entry(header="{name} #{number} {s}/{max}"), "uses {number}"),
        (entry(header="{name} #({n} {s}/{max}"), "missing )"),
        (entry(unit="furlongs"), "unknown unit 'furlongs'"),
        (entry(fail_rule="sometimes"), "unknown fail rule"),
        (entry(solved="maybe"), "'solved' is one of"),
        (entry(grid={"width": 5}), "squares required"),
        (entry(shape="strip"), "needs its 'length'"),
        (entry(shape="score"), "needs a 'score' pattern"),
        (entry(shape="score", score="Total: {n}"), "needs {s}"),
        (entry(calendar={"number": 1, "day": "yesterday"}), "a calendar is"),
        (entry(slug="Demo Game"), "lowercase letters and digits"),
    ],
)
def test_a_wrong_declared_entry_is_refused_with_its_reason(bad, message):
    with pytest.raises(TableError, match=r"game '[^']*'") as err:
        declared_game(bad)
    assert message in str(err.value)


def test_a_slug_used_twice_and_a_module_entry_with_extra_keys_are_refused():
    twice = '[[game]]\nslug = "wordle"\nmodule = "wordle"\n[[game]]\nslug = "wordle"\nmodule = "wordle"\n'
    with pytest.raises(TableError, match="used twice"):
        load(twice)
    with pytest.raises(TableError, match="names only its slug and module"):
        load('[[game]]\nslug = "wordle"\nmodule = "wordle"\nmax = 6\n')
    with pytest.raises(TableError, match="not valid TOML"):
        load("[[game]\n")


def test_a_declared_fraction_game_reads_its_header_grid_hard_mode_and_failure():
    games = games_with(entry(grid={"squares": "🟩🟨⬛", "width": 3}))
    one = parse("Demo #1,204 2/6*\n\n🟩🟨⬛\n🟩🟩🟩\nso close", SENT, games).results
    assert [(r.game, r.puzzle, r.score, r.solved, r.hard_mode, r.details["grid"]) for r in one] == [
        ("demo", 1204, 2, True, True, ["🟩🟨⬛", "🟩🟩🟩"])
    ]
    failed = parse("demo 17 X/6", SENT, games).results
    assert [(r.score, r.solved, r.max) for r in failed] == [(None, False, 6)]
    wrong_rows = parse("Demo #5 3/6\n🟩🟨⬛\n🟩🟩🟩", SENT, games)
    assert not wrong_rows.results and "2 rows" in wrong_rows.rejections[0].reason


def test_a_declared_name_is_not_read_inside_a_longer_word_a_mention_or_a_url():
    games = games_with(entry())
    for text in ("Superdemo #3 2/6", "Demos #3 2/6", "@Demo #3 2/6", "https://x.example/Demo #3 2/6"):
        assert not [r for r in parse(text, SENT, games).results if r.game == "demo"], text


def test_a_declared_time_game_reads_its_clock_on_the_header_line_or_under_it():
    games = games_with(entry(shape="time", max=None))
    assert [r.score for r in parse("Demo #12 | 1:23", SENT, games).results] == [83]
    assert [r.score for r in parse("Demo #12\n🟢 0:45 🏁", SENT, games).results] == [45]
    none = parse("Demo #12\nno time here", SENT, games)
    assert not none.results and "no time" in none.rejections[0].reason
    assert "not a real time" in parse("Demo #12 9:99", SENT, games).rejections[0].reason


def test_a_declared_score_game_reads_its_pattern_with_thousands_and_decimals():
    games = games_with(entry(shape="score", max=50_000, score="Total: {s}/{max}"))
    assert [r.score for r in parse("Demo #3\nTotal: 41,561/50,000", SENT, games).results] == [41561]
    assert "out of 50000" in parse("Demo #3\nTotal: 5/10", SENT, games).rejections[0].reason
    decimals = games_with(entry(shape="score", max=None, score="Score: {s}", lower_is_better=True))
    assert [r.score for r in parse("Demo #3\nScore: 123.7", SENT, decimals).results] == [123.7]


def test_a_declared_score_game_with_its_score_in_the_header_alone_reads_it():
    games = games_with(entry(shape="score", max=None, header="{name} #{n} {s} points"))
    assert [(r.puzzle, r.score) for r in parse("Demo #3 41 points", SENT, games).results] == [(3, 41)]
    assert parse("I played Demo today", SENT, games).results == ()


def test_a_declared_strip_game_scores_the_first_green_square():
    games = games_with(entry(shape="strip", length=6, icons="🎥", max=None))
    assert [(r.score, r.solved) for r in parse("Demo #9\n🎥 🟥 🟥 🟩 ⬛ ⬛ ⬛", SENT, games).results] == [(3, True)]
    assert [(r.score, r.solved) for r in parse("Demo #9\n🎥 🟥 🟥 🟥 🟥 🟥 🟥", SENT, games).results] == [(None, False)]
    assert "strip of 6" in parse("Demo #9\n🎥 🟥 🟩", SENT, games).rejections[0].reason


def test_an_archive_line_marks_a_declared_share_as_an_archive_play():
    games = games_with(entry())
    (r,) = parse("Archive October 2, 2026\nDemo #5 3/6", SENT, games).results
    assert r.archive and r.details["archive_date"] == "2026-10-02"


def test_a_game_whose_name_contains_another_game_name_is_its_own_game():
    # A share of "Classic Wordle" also holds the text "Wordle 1,234 3/6": it is that game's only.
    games = games_with(entry(slug="classicwordle", name="Classic Wordle", header="{name} {n} {s}/{max}"))
    text = "Classic Wordle 1,234 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"
    assert [r.game for r in parse(text, SENT, games).results] == ["classicwordle"]
    assert [r.game for r in parse(text.replace("Classic ", ""), SENT, games).results] == ["wordle"]


def test_every_game_in_the_table_declares_its_reset_with_a_source():
    # When its new puzzle comes out (games/reset.py): a family's name or its own declaration, with a source.
    missing = [slug for slug, g in GAMES.items() if g.reset is None or not g.reset.source.strip()]
    assert missing == [], f"games without a reset (add reset = ... to their table entry, see docs/adding-a-game.md): {missing}"


def test_no_game_is_left_with_the_old_unchecked_reset():
    # Each game was looked up: a sourced reset, or the `unsourced` family that says what was tried.
    table = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    assert "unchecked" not in table["reset"]
    assert [g["slug"] for g in table["game"] if g.get("reset") == "unchecked"] == []
    assert all("reset" in g for g in table["game"]), "every entry names its reset in the table itself"


def test_the_catalogue_lists_exactly_the_games_whose_reset_has_no_source():
    text = CATALOGUE.read_text(encoding="utf-8")
    section = text.split("### Games whose reset has no source yet", 1)[1].split("\n#", 1)[0]
    listed = {slug for para in section.split("\n\n") if para.startswith("`") for slug in re.findall(r"`([a-z0-9]+)`", para)}
    unsourced = {slug for slug, g in GAMES.items() if not g.reset.confirmed}
    extra, missing = sorted(listed - unsourced), sorted(unsourced - listed)
    assert listed == unsourced, f"docs/games-catalog.md lists {extra} too many, {missing} missing"
    assert len(GAMES) - len(unsourced) >= 38  # the confirmed resets, docs/games-catalog.md
