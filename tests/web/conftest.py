"""The web's fixtures: the cast of web/cast.py seeded through the ingest path, read by the app."""

from __future__ import annotations

import pytest
from web.cast import NOW, Client, Seeded, seed

from puzzlesecretary.clock import to_ms
from puzzlesecretary.store import Group, Player, open_database
from puzzlesecretary_web.app import make_app


@pytest.fixture
def seeded(db, db_url):
    """The cast above, stored through the ingest path; the app reads it over a read-only connection."""
    seed(db)
    token = Group.get(Group.platform_id == "g1").token
    other = Group.get(Group.platform_id == "g2").token
    ids = {p.name: p.id for p in Player.select()}
    readonly = open_database(db_url, readonly=True)
    app = make_app(readonly, clock=lambda: to_ms(NOW))
    yield Seeded(Client(app), app, token, other, ids, db_url, readonly)
    readonly.close()
