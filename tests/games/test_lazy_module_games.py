"""Module games read from module_games.json: their modules are imported at their first parse, and say what the file says."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from puzzlesecretary.games import GAMES, declared, lazy
from puzzlesecretary.games.write_catalog import table_modules

WORDLE = "Wordle 1,234 3/6\n\n⬛⬛⬛⬛⬛\n⬛🟨⬛⬛⬛\n🟩🟩🟩🟩🟩"


def test_module_games_json_says_what_every_module_game_says():
    # When this fails, write the file again: .venv/bin/python -m puzzlesecretary.games.write_catalog
    assert lazy.CATALOG.read_text(encoding="utf-8") == lazy.catalog_text(table_modules())


def test_every_module_game_in_the_table_has_its_modules_fields_and_the_tables_reset():
    for module in table_modules():
        own = importlib.import_module(f"puzzlesecretary.games.{module}").GAME
        game = GAMES[own.slug]
        assert lazy.described(game) == lazy.described(own), module
        assert isinstance(game.parse, lazy.ModuleParse) and game.reset is not None


def test_reading_the_table_imports_no_game_module():
    code = (
        "import sys, puzzlesecretary.games as g\n"
        "from puzzlesecretary.games.write_catalog import table_modules\n"
        "print(len(g.GAMES), sorted(m for m in table_modules() if 'puzzlesecretary.games.' + m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split(" ", 1)
    assert int(out[0]) == len(GAMES) and out[1].strip() == "[]"


def test_a_module_games_first_parse_imports_its_module_and_reads_what_the_module_reads():
    from puzzlesecretary.games.wordle import GAME as WORDLE_GAME

    parse = lazy.cataloged_game("wordle", lazy.read_catalog()).parse
    assert "imported at its first call" in repr(parse)
    assert list(parse(WORDLE)) == list(WORDLE_GAME.parse(WORDLE))
    assert list(parse(WORDLE))[0].score == 3 and "imported>" in repr(parse)


def test_a_module_game_that_says_otherwise_than_the_file_stops_its_first_parse_naming_the_command():
    catalog = lazy.read_catalog()
    stale = {"wordle": catalog["wordle"] | {"url": "https://old.example"}}
    with pytest.raises(lazy.StaleCatalog, match=r"'wordle'.*write_catalog"):
        lazy.cataloged_game("wordle", stale).parse(WORDLE)


def test_a_module_the_file_does_not_know_is_imported_when_the_table_is_read(monkeypatch):
    monkeypatch.setattr(declared, "cataloged_game", lambda module, catalog: None)
    game = declared.module_game({"slug": "wordle", "module": "wordle"})
    assert game.parse is importlib.import_module("puzzlesecretary.games.wordle").parse


def test_a_module_entry_under_another_games_slug_is_still_refused():
    with pytest.raises(declared.TableError, match="defines the game 'wordle'"):
        declared.module_game({"slug": "quordle", "module": "wordle"})


def test_a_module_game_copies_and_turns_into_a_dict_as_a_game_with_a_function_does():
    import copy
    import dataclasses

    game = GAMES["wordle"]
    assert copy.deepcopy(game) == game and copy.deepcopy(game).parse is game.parse
    assert dataclasses.asdict(game)["parse"] is game.parse
