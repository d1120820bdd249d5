"""docs/commands.md names every command and every chat setting the tables declare, and the examples it gives parse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from puzzlesecretary.chatsettings import GROUP_SETTINGS, PLAYER_CHOICES
from puzzlesecretary.commands import COMMANDS, command_words

DOC = (Path(__file__).resolve().parents[2] / "docs" / "commands.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_commands_page_names_every_command_of_the_table(name):
    assert re.search(rf"^\| [^|\n]*`{name}\b", DOC, re.MULTILINE), f"docs/commands.md has no row for {name}"


@pytest.mark.parametrize("name", sorted(n for n, s in {**GROUP_SETTINGS, **PLAYER_CHOICES}.items() if s.shown))
def test_the_commands_page_names_every_chat_setting(name):
    assert re.search(rf"^\| `{name}` \|", DOC, re.MULTILINE), f"docs/commands.md has no row for the setting {name}"


def test_every_ps_example_on_the_page_is_a_command_of_the_table():
    examples = set(re.findall(r"`(!ps [^`]+)`", DOC, re.IGNORECASE))
    assert len(examples) > 10
    unknown = sorted(e for e in examples if command_words(e, False, COMMANDS)[0] not in COMMANDS)
    assert unknown == []
