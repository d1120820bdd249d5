"""The rows and lists the pages keep between views (the leaderboard's rows, the members' links) are the ones made
afresh, escaped, and their stores stay bounded."""

from __future__ import annotations

from puzzlesecretary import stats
from puzzlesecretary.games import GAMES
from puzzlesecretary_web import links, pages

MEMBERS = ((1, "Al & <Bo>"), (2, "it's \"x\""), (3, "\u202eevE"))


def test_member_links_kept_are_the_links_made_afresh_and_escaped(monkeypatch):
    made = [links.member_links(kind, "tok&", 1, MEMBERS) for kind in ("players", "versus", "against")]
    links._KEPT.clear()
    assert [links.member_links(kind, "tok&", 1, MEMBERS) for kind in ("players", "versus", "against")] == made
    assert made[0].splitlines()[0] == '    <li><a dir="auto" href="/g/tok&amp;/p/1">Al &amp; &lt;Bo&gt;</a></li>'
    assert made[1].splitlines()[1] == ' <a dir="auto" href="/g/tok&amp;/vs/1/2">vs it&#039;s &quot;x&quot;</a>'
    monkeypatch.setattr(links, "KEPT_LISTS", 3)
    for n in range(10):
        links.member_links("players", f"t{n}", None, MEMBERS)
    assert len(links._KEPT) <= 3


def test_leaderboard_rows_kept_are_the_rows_made_afresh(monkeypatch):
    table = [stats.Standing(name, 10 + pid, 5, 3.25 if pid != 3 else None, pid, 4, 1) for pid, name in MEMBERS]
    made = pages.standing_rows("tok", GAMES["wordle"], table)
    pages._ROWS.clear()
    assert pages.standing_rows("tok", GAMES["wordle"], table) == made
    assert made.count("\n") == 2 and "Al &amp; &lt;Bo&gt;" in made
    monkeypatch.setattr(pages, "ROWS_KEPT", 2)
    pages._ROWS.clear()
    assert pages.standing_rows("tok", GAMES["wordle"], table) == made
    assert len(pages._ROWS) <= 2



def test_a_leaderboards_rows_are_one_kept_piece_made_once_for_the_same_rows():
    from puzzlesecretary_web import deflate

    table = [stats.Standing(f"p{pid}", 10 + pid, 5, 3.25, pid, 4, 1) for pid in range(1, 26)]
    rows = deflate.kept(pages.standing_rows("tok", GAMES["wordle"], table))
    assert deflate.kept(pages.standing_rows("tok", GAMES["wordle"], list(table))) is rows and rows.count("<tr>") == 25
    moved = table[:24] + [stats.Standing("p25", 40, 6, 3.0, 25, 4, 1)]
    assert deflate.kept(pages.standing_rows("tok", GAMES["wordle"], moved)) is not rows


def test_a_board_row_found_by_its_entry_is_the_row_made_afresh_for_its_place():
    from puzzlesecretary_web import section_html

    e = stats.Entry("Al & <Bo>", 7, True, 3.0, True, False, False, 1200, {"grid": ["🟩🟩", "⬛🟩"]}, "1200")
    first, second = section_html._row(1, e, "tok", "wordle"), section_html._row(2, e, "tok", "wordle")
    section_html._SHOWN.clear()
    section_html._ROWS.clear()
    assert section_html._row(1, e, "tok", "wordle") == first and section_html._row(2, e, "tok", "wordle") == second
    assert 'aria-label="place 2">2<' in second and first.split("</span>\n", 1)[1] == second.split("</span>\n", 1)[1]
    twin = e._replace(player="Cy")  # another entry: its own row, whatever was kept for the first
    assert "Cy" in section_html._row(2, twin, "tok", "wordle") and section_html._row(2, e, "tok", "wordle") == second


def test_the_members_digest_found_by_their_pairs_is_the_digest_made_afresh_and_stays_bounded(monkeypatch):
    from puzzlesecretary_web import sections
    from puzzlesecretary_web.cache import Memo, digest

    assert sections._names_digest(MEMBERS) == digest(MEMBERS) == sections._names_digest(tuple(list(MEMBERS)))
    renamed = ((1, "Al"), *MEMBERS[1:])
    assert sections._names_digest(renamed) == digest(renamed) != digest(MEMBERS)
    monkeypatch.setattr(sections, "_DIGESTS", Memo(2))
    for n in range(6):
        sections._names_digest(((n, "x"),))
    assert len(sections._DIGESTS) <= 2
