"""Normalising chat text before parsing."""

from puzzlesecretary.text import normalize


def test_it_turns_crlf_into_plain_newlines():
    assert normalize("a\r\nb\rc") == "a\nb\nc"


def test_it_drops_variation_selectors_and_direction_marks():
    assert normalize("⬛\ufe0f\u200e🟩") == "⬛🟩"


def test_it_turns_shortcodes_into_emoji_and_keeps_unknown_ones():
    assert normalize(":green_square::yellow_square: :not_an_emoji:") == "🟩🟨 :not_an_emoji:"


def test_it_drops_quoted_reply_lines():
    assert normalize("> Wordle 1,234 3/6\nnice!") == "nice!"


def test_storable_replaces_lone_surrogates_and_nul_and_keeps_everything_else():
    from puzzlesecretary.text import storable

    assert storable("S\ud800 \udfff\x00 ok 😀 é") == "S\ufffd \ufffd\ufffd ok 😀 é"
    assert storable("plain").encode("utf-8") == b"plain"


def test_loads_storable_fixes_every_string_keys_included_and_keeps_escaped_pairs():
    from puzzlesecretary.text import loads_storable

    got = loads_storable(r'{"k\ud800": ["a\udc00", {"b": "\u0000"}], "e": "\ud83d\ude00", "n": 1}')
    assert got == {"k\ufffd": ["a\ufffd", {"b": "\ufffd"}], "e": "😀", "n": 1}


def test_loads_storable_walks_a_value_as_deep_as_json_reads_without_overflowing():
    from puzzlesecretary.text import loads_storable

    depth = 900
    got = loads_storable("[" * depth + r'"\ud800"' + "]" * depth)
    for _ in range(depth):
        [got] = got
    assert got == "\ufffd"
