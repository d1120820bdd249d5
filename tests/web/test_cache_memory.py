"""The page cache's memory: gzipped pages only, a digest for a fingerprint, and a bound that counts what it holds."""

from __future__ import annotations

import gzip
import sys

from puzzlesecretary_web import cached
from puzzlesecretary_web.app import CACHE_BYTES
from puzzlesecretary_web.cache import ENTRY_BYTES, PageCache, Rendered, digest


def deep_size(value, seen: set[int]) -> int:
    """The bytes Python holds for `value` and what it refers to (tuples, text, bytes, numbers, dates), each object once."""
    if id(value) in seen:
        return 0
    seen.add(id(value))
    size = sys.getsizeof(value)
    if isinstance(value, tuple):
        size += sum(deep_size(item, seen) for item in value)
    return size


def group_paths(seeded) -> list[str]:
    from puzzlesecretary.store import Group, Membership

    group = Group.get(Group.token == seeded.token)
    ids = [m.player_id for m in Membership.select().where(Membership.group == group.id).order_by(Membership.player)]
    return ["", "/champion/year", "/not-counted"] + [f"/p/{i}" for i in ids] + [f"/vs/{ids[0]}/{i}" for i in ids[1:]]


def test_the_page_cache_keeps_a_page_gzipped_only_and_a_plain_client_still_gets_it_whole(seeded):
    first = seeded.page()
    kept = list(seeded.app.cache._pages.values())
    assert kept and all(page.body == b"" and page.gzipped for page in kept)
    again = seeded.page()  # from the cache, inflated again for a client that does not ask for gzip
    zipped = seeded.client.get(f"/g/{seeded.token}", headers={"Accept-Encoding": "gzip"})
    assert again.status == 200 and again.body == first.body == gzip.decompress(zipped.body)
    assert again.headers["content-length"] == str(len(first.body))


def test_a_cached_page_keeps_a_16_byte_digest_of_its_fingerprint_not_the_fingerprint(seeded):
    seeded.page(f"/p/{seeded.ids['Alice']}")
    (page,) = seeded.app.cache._pages.values()
    assert isinstance(page.pieces, bytes) and len(page.pieces) == 16
    names = (("Alice", 1), ("Bob", 2))
    assert digest((3, names)) == digest((3, names)) != digest((4, names)) and digest(None) is None


def test_the_plain_form_of_a_page_is_inflated_once_and_the_plain_copies_stay_within_their_bytes():
    plain = cached.PlainBodies(limit=3 * (1000 + ENTRY_BYTES))
    pages = [Rendered(1, 1, None, b"", cached.compress(bytes([n]) * 1000)) for n in range(5)]
    assert [plain.of(page) for page in pages] == [bytes([n]) * 1000 for n in range(5)]
    assert plain._kept.bytes <= plain._kept.limit and len(plain._kept) == 3
    assert plain.of(pages[4]) is plain.of(pages[4])  # kept: the same bytes, not inflated again
    unzipped = Rendered(1, 1, None, b"as rendered")
    assert plain.of(unzipped) == b"as rendered" and cached.kept_form(unzipped) is unzipped


def test_what_the_page_cache_counts_covers_what_it_holds_and_stays_within_its_limit(seeded):
    paths = group_paths(seeded)
    for path in paths:
        for encoding in ("", "gzip"):
            assert seeded.client.get(f"/g/{seeded.token}{path}", headers={"Accept-Encoding": encoding}).status == 200
    cache = seeded.app.cache
    assert len(cache) == len(paths)
    seen: set[int] = set()
    held = sum(deep_size(key, seen) + deep_size(page, seen) for key, page in cache._pages.items())
    node = 100  # the OrderedDict's entry and link for each key, which getsizeof does not see
    assert held + node * len(cache) <= cache.bytes <= cache.limit
    # A cache too small for them all keeps within its bytes, whatever comes.
    small = PageCache(cache.bytes // 3)
    for key, page in cache._pages.items():
        small.put(key, page)
        assert small.bytes <= small.limit
    assert 0 < len(small) < len(cache)


def held_by(store) -> int:
    """The bytes Python holds for a kept store's values: their tuples, texts (with the deflate kept beside a piece) and
    arrays, each object once."""
    seen: set[int] = set()

    def size(value) -> int:
        if id(value) in seen:
            return 0
        seen.add(id(value))
        total = sys.getsizeof(value) + sum(size(v) for v in getattr(value, "__dict__", {}).values())
        if isinstance(value, tuple):
            total += sum(size(item) for item in value)
        return total

    return sum(size(value) for value in store._pages.values())


def test_the_pieces_kept_for_pages_count_what_python_holds_for_them_and_stay_within_their_share(seeded):
    from puzzlesecretary_web import kept

    kept.forget_kept()
    for path in group_paths(seeded):
        assert seeded.client.get(f"/g/{seeded.token}{path}", headers={"Accept-Encoding": "gzip"}).status == 200
    for store, share in kept.BUDGET:
        assert len(store) > 0, store
        # Counted by its length, a section's text cost a quarter of what Python holds for it (4 bytes a character
        # once it holds an emoji square): the count now covers the text, its deflate and the rest of the piece.
        assert 0 < held_by(store) <= store.bytes <= store.limit == int(CACHE_BYTES * share)


def test_sharing_out_a_smaller_budget_drops_the_oldest_pieces_at_once_and_leaves_half_for_the_pages(seeded):
    from puzzlesecretary_web import kept

    kept.forget_kept()
    for path in group_paths(seeded):
        assert seeded.client.get(f"/g/{seeded.token}{path}", headers={"Accept-Encoding": "gzip"}).status == 200
    held = {id(store): store.bytes for store, _ in kept.BUDGET}
    total = min(held.values())  # small enough that every store must drop some pieces
    assert kept.share_out(total) == total // 2
    for store, share in kept.BUDGET:
        assert store.limit == int(total * share) and store.bytes <= store.limit < held[id(store)]
    assert kept.share_out(0) == 0 and all(len(store) == 0 for store, _ in kept.BUDGET)
    kept.share_out(CACHE_BYTES)
