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
