"""Cutting receive responses into elements: bad ones are kept and never hide the ones behind."""

import json

from signal_ingest.conftest import ACCOUNT, ALICE, BOB, GROUP, T0, body, wordle
from signal_ingest.fake_signal_api import compact, group_post

from puzzlesecretary.json_elements import split, values

FIRST = compact(group_post(ALICE, T0, wordle(3), GROUP, ACCOUNT))
LAST = compact(group_post(BOB, T0 + 1, wordle(4), GROUP, ACCOUNT))


def test_an_empty_response_has_no_elements():
    assert split(b"[]") == []
    assert split(b"") == []


def test_each_element_keeps_its_exact_bytes():
    pieces = split(body(FIRST, LAST))
    assert [p.payload for p in pieces] == [FIRST, LAST]
    assert all(p.ok and not p.invalid_utf8 for p in pieces)
    assert pieces[1].value["envelope"]["sourceUuid"] == BOB.uuid


def test_a_malformed_element_is_kept_and_the_next_one_still_reads():
    broken = b'{"envelope":{"sourceUuid":"x","dataMessage":{"message":"Wordle 1,987 3/6' + b"\x00" + b"}"
    pieces = split(body(FIRST, broken, LAST))
    assert [p.ok for p in pieces] == [True, False, True]
    assert pieces[1].payload == broken
    assert "malformed JSON" in pieces[1].error
    assert pieces[2].payload == LAST


def test_a_response_cut_short_keeps_what_came():
    data = body(FIRST, LAST)[:-40]
    pieces = split(data)
    assert pieces[0].payload == FIRST
    assert not pieces[1].ok
    assert LAST.startswith(pieces[1].payload)


def test_invalid_utf8_is_read_with_replacement_and_kept_as_sent():
    bad = FIRST.replace("Wordle".encode(), b"W\xffrdle")
    pieces = split(body(bad, LAST))
    assert pieces[0].payload == bad
    assert pieces[0].invalid_utf8 and pieces[0].ok
    assert pieces[0].value["envelope"]["dataMessage"]["message"].startswith("W\ufffdrdle")
    assert pieces[1].ok and not pieces[1].invalid_utf8


def test_an_error_object_instead_of_an_array_is_one_bad_piece():
    pieces = split(b'{"error":"Error while receiving"}')
    assert len(pieces) == 1 and pieces[0].error == "not a JSON array"
    assert pieces[0].payload == b'{"error":"Error while receiving"}'


def test_text_between_elements_is_kept_apart():
    pieces = split(b"[" + FIRST + b" junk ," + LAST + b"]")
    assert [p.payload for p in pieces] == [FIRST, b"junk", LAST]
    assert [p.ok for p in pieces] == [True, False, True]


def test_a_ten_megabyte_element_is_one_piece():
    huge = compact(group_post(ALICE, T0, "x" * 10_000_000, GROUP, ACCOUNT))
    pieces = split(body(huge, LAST))
    assert len(pieces[0].payload) > 10_000_000
    assert pieces[1].payload == LAST
    assert json.loads(pieces[0].payload)["envelope"]["sourceUuid"] == ALICE.uuid


def test_a_number_over_4300_digits_makes_one_bad_piece_between_good_ones():
    huge = b'{"envelope":{"sourceUuid":"x","timestamp":' + b"9" * 4301 + b"}}"
    pieces = split(body(FIRST, huge, LAST))
    assert [p.payload for p in pieces] == [FIRST, huge, LAST]
    assert [p.ok for p in pieces] == [True, False, True]
    assert "4300 digits" in pieces[1].error


def test_nesting_1000_deep_makes_one_bad_piece_between_good_ones():
    deep = b'{"envelope":{"x":' + b"[" * 1000 + b"]" * 1000 + b"}}"
    pieces = split(body(FIRST, deep, LAST))
    assert [p.payload for p in pieces] == [FIRST, deep, LAST]
    assert pieces[1].error == "unreadable JSON: nested too deep to read"


def test_nesting_past_the_depth_limit_is_a_bad_piece_even_where_python_could_read_it():
    deep = b'{"envelope":{"x":' + b"[" * 100 + b"]" * 100 + b"}}"
    pieces = split(body(FIRST, deep, LAST))
    assert [p.ok for p in pieces] == [True, False, True]
    assert pieces[1].error == "unreadable JSON: nested more than 64 deep"


def test_an_answer_nested_100000_deep_is_one_bad_piece():
    pieces = split(b"[" * 100_000 + b"]" * 100_000)
    assert len(pieces) == 1 and not pieces[0].ok


def test_values_are_the_pieces_values_when_every_piece_reads_and_none_otherwise():
    for data in (body(FIRST, LAST), b" [ " + FIRST + b" ,\n" + LAST + b" ]\n", body(FIRST)):
        assert values(data) == [p.value for p in split(data)]
    assert values(b"[]") == []
    bad = [
        b"", body(FIRST, LAST)[:-40], body(FIRST.replace(b"Wordle", b"W\xffrdle"), LAST), b'{"error":"Error while receiving"}',
        b"[" + FIRST + b" junk ," + LAST + b"]", body(FIRST) + b" trailing", b"[" * 100_000 + b"]" * 100_000,
        body(FIRST, b'{"envelope":{"x":' + b"[" * 100 + b"]" * 100 + b"}}"), body(FIRST, b'{"n":' + b"9" * 4301 + b"}"),
    ]  # fmt: skip
    for data in bad:
        assert values(data) is None, data[:60]
