"""Each container's settings table and its page of the docs name the same settings (datasette's
test_settings_are_documented): a setting added without a word on it fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from puzzlesecretary.speaker.main import settings_table as speaker_settings
from puzzlesecretary_signal_ingest import settings as signal_settings
from puzzlesecretary_updater_metrics import settings as updater_settings
from puzzlesecretary_web import settings as web_settings
from puzzlesecretary_whatsapp_ingest import settings as whatsapp_settings

DOCS = Path(__file__).resolve().parent.parent / "docs"

# (the container's one settings table, the page that documents it)
TABLES = {
    "web": (web_settings.SETTINGS, "web.md"),
    "signal-ingest": (signal_settings.ALL, "signal-ingest.md"),
    "whatsapp-ingest": (whatsapp_settings.SETTINGS, "whatsapp-ingest.md"),
    "updater-metrics": (updater_settings.SETTINGS, "ops.md"),
    "speaker": (speaker_settings(), "recaps.md"),
}


@pytest.mark.parametrize("container", sorted(TABLES))
def test_the_docs_name_every_setting_of_each_container(container):
    table, page = TABLES[container]
    doc = (DOCS / page).read_text(encoding="utf-8")
    missing = [s.name for s in table if not re.search(rf"`{re.escape(s.name)}\b", doc)]
    assert missing == [], f"docs/{page} does not name {missing}"


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
