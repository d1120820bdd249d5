"""IN lists and ORs of keys padded to a few lengths (store.bulk.padded): the same rows, fewer statement shapes."""

from __future__ import annotations

from puzzlesecretary.store import database
from puzzlesecretary.store.bulk import LENGTHS, padded, where_in


def test_a_list_is_lengthened_to_the_next_length_by_repeating_its_last_value():
    assert padded([7]) == [7]
    assert padded([1, 2, 3]) == [1, 2, 3, 3]
    assert padded(list(range(33))) == list(range(33)) + [32] * 31
    assert padded([5, 6], (1, 3)) == [5, 6, 6]
    assert padded([]) == []
    assert {len(padded(list(range(n)))) for n in range(1, LENGTHS[-1] + 1)} == set(LENGTHS)


def test_where_in_finds_each_row_once_whatever_length_its_list_is_padded_to(db):
    db.execute_sql("CREATE TABLE padding_probe (id INTEGER PRIMARY KEY, label TEXT NOT NULL)")
    for n in range(1, 41):
        db.execute_sql(f"INSERT INTO padding_probe (id, label) VALUES ({n}, 'row {n}')")
    for count in (1, 3, 5, 17, 33, 40):
        wanted = list(range(1, count + 1))
        rows = where_in("SELECT id, label FROM padding_probe WHERE id IN ({}) ORDER BY id", wanted)
        assert rows == [(n, f"row {n}") for n in wanted]
    where_in(f"UPDATE padding_probe SET label = {database().param} WHERE id IN ({{}})", [2, 3, 4], "changed")
    changed = db.execute_sql("SELECT id FROM padding_probe WHERE label = 'changed' ORDER BY id").fetchall()
    assert changed == [(2,), (3,), (4,)]
