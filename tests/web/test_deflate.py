"""A page's gzip made of its kept pieces' deflate streams (deflate.py) decodes to the page, whatever the page and its
pieces: pieces it shows, pieces it does not, the same piece twice, out of order, empty ones, any text."""

from __future__ import annotations

import gzip
import sys
import zlib

from hypothesis import given
from hypothesis import strategies as st

from puzzlesecretary_web.cache import cost
from puzzlesecretary_web.deflate import Kept, gzip_page, kept_in

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


def decoded(data: bytes) -> bytes:
    """What a strict decoder reads: one gzip member, nothing after it."""
    reader = zlib.decompressobj(wbits=31)
    out = reader.decompress(data) + reader.flush()
    assert reader.eof and not reader.unused_data
    return out


@given(st.lists(TEXT, max_size=6), st.lists(TEXT, max_size=6), st.randoms())
def test_a_page_of_kept_pieces_and_text_between_them_decodes_to_the_page(pieces, between, random):
    kept = [Kept(p) for p in pieces]
    body = "".join(b + p for b, p in zip(between, kept, strict=False)) + "".join(between[len(kept):])
    listed = kept + [Kept("a piece the page does not show \u2067")]
    random.shuffle(listed)  # the order given need not be the page's
    plain, gzipped = gzip_page(body, listed + listed[:1])
    assert plain == body.encode("utf-8")
    assert gzip.decompress(gzipped) == plain == decoded(gzipped)


def test_an_empty_page_and_a_page_of_one_piece_decode():
    assert decoded(gzip_page("", [])[1]) == b""
    piece = Kept("<section>é 🟩</section>\n" * 200)
    plain, gzipped = gzip_page(piece, [piece])
    assert decoded(gzipped) == plain and len(gzipped) < len(plain) / 10


def test_the_pieces_of_a_context_are_its_kept_values_and_its_lists_kept_items_in_order():
    a, b, c, t = Kept("a"), Kept("b"), Kept("c"), Kept("t")
    assert kept_in({"title": "plain", "sections": [a, "plain", b], "n": 3, "links": t, "blocks": [c]}) == [a, b, t, c]
    assert cost(a) == sys.getsizeof(a) + len(a.deflate) and cost("plain") == sys.getsizeof("plain")


def test_what_a_piece_costs_counts_four_bytes_a_character_once_it_holds_an_emoji():
    ascii_only, with_square = "<td>x</td>" * 100, "<td>x</td>" * 99 + "<td>🟩</td>"
    assert len(ascii_only) == len(with_square) and cost(with_square) > 3.5 * cost(ascii_only)


def test_text_between_pieces_seen_before_is_taken_as_it_was_deflated_and_the_page_still_decodes():
    from puzzlesecretary_web import deflate

    head, piece = "<head>" + "layout " * 100 + "</head>\n", Kept("<section>" + "row " * 200 + "</section>")
    first = gzip_page(head + piece + "\n<p>one</p>", [piece])[1]
    assert deflate._DEFLATED.find(head) in first  # kept by its text
    second = gzip_page(head + piece + "\n<p>two</p>", [piece])[1]
    assert decoded(second) == (head + piece + "\n<p>two</p>").encode() and deflate._DEFLATED.find(head) in second
