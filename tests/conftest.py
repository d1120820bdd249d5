"""Shared test fixtures: a real, migrated database per test (SQLite and PostgreSQL), and helpers to feed it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from puzzlesecretary.store import migrate, open_database

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# Every test that uses a database runs once per backend: the same code must hold on
# SQLite and on a real PostgreSQL server. PUZZLESECRETARY_TEST_BACKENDS=sqlite narrows a quick
# local run; CI runs both. A test about SQLite's own file (WAL, pragmas) is marked sqlite_only.
BACKENDS = tuple(os.environ.get("PUZZLESECRETARY_TEST_BACKENDS", "sqlite,postgresql").split(","))


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: the test is about the SQLite file itself")
    config.addinivalue_line("markers", "postgresql_only: the test is about what only PostgreSQL does (a column's width)")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        marked = {name for name in ("sqlite_only", "postgresql_only") if metafunc.definition.get_closest_marker(name)}
        only = {"sqlite_only": ["sqlite"], "postgresql_only": ["postgresql"]}
        metafunc.parametrize("backend", only[marked.pop()] if marked else list(BACKENDS))


@pytest.fixture(scope="session")
def postgres_server():
    """One private PostgreSQL server for the session (tests/postgres.py), started on first use."""
    from postgres import TempServer

    server = TempServer().start()
    yield server
    server.stop()


@pytest.fixture
def db_url(backend, tmp_path, request) -> str:
    """The URL of a fresh, empty database on this test's backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path}/test.db"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create_database()
    yield url
    server.drop_database(url)


@pytest.fixture
def db(db_url):
    """A fresh, migrated database bound to the models, closed after the test."""
    database = open_database(db_url)
    migrate(database)
    yield database
    database.close()
