"""Each container's settings table and its page of the docs name the same settings (datasette's
test_settings_are_documented): a setting added without a word on it fails here, and so does a
documented setting that no table declares."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from puzzlesecretary import cli
from puzzlesecretary.speaker.main import settings_table as speaker_settings
from puzzlesecretary_signal_ingest import settings as signal_settings
from puzzlesecretary_updater_metrics import settings as updater_settings
from puzzlesecretary_web import settings as web_settings
from puzzlesecretary_whatsapp_ingest import settings as whatsapp_settings

ROOT = Path(__file__).resolve().parent.parent

# (the container's one settings table, the page that documents it); migrations runs the command.
TABLES = {
    "web": (web_settings.SETTINGS, "docs/web.md"),
    "signal-ingest": (signal_settings.SETTINGS, "docs/signal-ingest.md"),
    "whatsapp-ingest": (whatsapp_settings.SETTINGS, "docs/whatsapp-ingest.md"),
    "updater-metrics": (updater_settings.SETTINGS, "docs/ops.md"),
    "migrations (the puzzlesecretary command)": (cli.SETTINGS, "README.md"),
    "speaker": (speaker_settings(), "docs/recaps.md"),
}

# A row of a settings table in the docs: `NAME` (or `NAME` / `OTHER`) in its first cell.
ROW = re.compile(r"^\| (`[A-Z][A-Z0-9_]+`(?: / `[A-Z][A-Z0-9_]+`)*) \|", re.MULTILINE)


def documented(page: str) -> set[str]:
    """Every setting the page's tables list."""
    text = (ROOT / page).read_text(encoding="utf-8")
    return {name for cell in ROW.findall(text) for name in re.findall(r"`([A-Z0-9_]+)`", cell)}


def declared(table) -> set[str]:
    """The table's names, and NAME_FILE for each secret (read from a file instead)."""
    return {s.name for s in table} | {f"{s.name}_FILE" for s in table if s.secret}


@pytest.mark.parametrize("container", sorted(TABLES))
def test_the_docs_name_every_setting_of_each_container(container):
    table, page = TABLES[container]
    doc = (ROOT / page).read_text(encoding="utf-8")
    missing = [s.name for s in table if not re.search(rf"`{re.escape(s.name)}\b", doc)]
    assert missing == [], f"{page} does not name {missing}"


@pytest.mark.parametrize("container", sorted(TABLES))
def test_every_setting_a_page_lists_is_in_its_containers_table(container):
    table, page = TABLES[container]
    assert documented(page) - declared(table) == set()


def test_every_container_of_the_images_has_a_settings_table_here():
    images = re.findall(r"^([a-z-]+)\|\d+\|/", (ROOT / "containers" / "build-images.sh").read_text(), re.MULTILINE)
    assert set(images) <= set(TABLES) and images


@pytest.mark.parametrize("container", sorted(TABLES))
def test_each_container_declares_a_setting_once(container):
    names = [s.name for s in TABLES[container][0]]
    assert len(names) == len(set(names))


def test_a_setting_two_containers_read_is_declared_once():
    by_name: dict[str, set[int]] = {}
    for table, _ in TABLES.values():
        for setting in table:
            by_name.setdefault(setting.name, set()).add(id(setting))
    assert {name for name, rows in by_name.items() if len(rows) > 1} == set()
