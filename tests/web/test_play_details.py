"""Plays read with their details decode each stored text once while it is kept: the same details as decoding every
row, whatever the memo holds, and the memo stays bounded."""

from __future__ import annotations

from puzzlesecretary.stats.queries import boards
from puzzlesecretary.store import Group, Score
from puzzlesecretary.store.compact import unpack


def stored_details(db, group_id: int) -> list[dict]:
    rows = db.execute_sql(f"SELECT details FROM score WHERE group_id = {db.param} AND counted", (group_id,)).fetchall()
    return [unpack(stored) for (stored,) in rows]


def test_plays_with_details_give_every_plays_own_details_from_the_memo_or_not(seeded, monkeypatch):
    db = seeded.readonly
    group = Group.get(Group.token == seeded.token)
    slugs = {s.game for s in Score.select(Score.game).where(Score.group == group.id)}
    expected = sorted(map(repr, stored_details(db, group.id)))

    def read() -> list[str]:
        return sorted(repr(p.details) for slug in slugs for p in boards.plays(db, group.id, game=slug, with_details=True))

    assert read() == expected
    assert read() == expected  # now from the memo
    assert any(d for d in stored_details(db, group.id))  # the cast has grids
    monkeypatch.setattr(boards, "DETAILS_KEPT", 2)
    boards._DETAILS.clear()
    assert read() == expected
    assert len(boards._DETAILS) <= 2
