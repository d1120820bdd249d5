"""Shared test fixtures: a real, migrated SQLite database per test, and helpers to feed it."""

from __future__ import annotations

from pathlib import Path

import pytest

from puzzlesecretary.store import migrate, open_database

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path}/test.db"


@pytest.fixture
def db(db_url):
    """A fresh, migrated database bound to the models, closed after the test."""
    database = open_database(db_url)
    migrate(database)
    yield database
    database.close()
