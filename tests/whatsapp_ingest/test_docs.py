"""The operator's page names every setting whatsapp-ingest reads, and every import option."""

from __future__ import annotations

from pathlib import Path

from puzzlesecretary.cli import _parser
from puzzlesecretary_whatsapp_ingest.settings import SETTINGS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "whatsapp-ingest.md").read_text(encoding="utf-8")


def test_the_docs_name_every_setting():
    missing = [s.name for s in SETTINGS if f"`{s.name}" not in DOC]
    assert missing == []


def test_the_docs_name_every_import_option():
    sub = next(a for a in _parser()._actions if a.dest == "command").choices["import-whatsapp"]
    options = [o for a in sub._actions for o in a.option_strings if o.startswith("--") and o != "--help"]
    assert options and [o for o in options if f"`{o}" not in DOC] == []
