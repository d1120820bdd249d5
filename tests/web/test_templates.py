"""The pages' templates render with a cheaper escape (templates.FastTemplate): byte for byte what bottle's own
SimpleTemplate renders, for every kind of value a template prints, and for every page of the cast."""

from __future__ import annotations

import bottle
import pytest
from hypothesis import given
from hypothesis import strategies as st

from puzzlesecretary_web import templates

SOURCE = "<p title=\"{{v}}\">{{v}}|{{!v}}|{{!'%s' % (v,)}}</p>\n% if v:\n<b>{{v}}</b>\n% end\n"
ODD = ["", "Al & <Bo>", "it's \"quoted\"", "&amp; already", "é 🟩 \u2067x\u2069", None, 0, 12, 3.5, True, b"bytes & <b>"]


def rendered(adapter, value) -> str:
    return adapter(source=SOURCE).render({"v": value})


@pytest.mark.parametrize("value", ODD, ids=repr)
def test_a_value_prints_as_bottles_simpletemplate_prints_it(value):
    assert rendered(templates.FastTemplate, value) == rendered(bottle.SimpleTemplate, value)


@given(st.text())
def test_any_text_escapes_as_bottle_escapes_it(text):
    assert templates.escape(text) == bottle.html_escape(text)
    assert templates.escape(text) == bottle.html_escape(text)  # from the memo, the same


def test_the_memo_of_escaped_strings_stays_bounded(monkeypatch):
    monkeypatch.setattr(templates, "MEMO_SIZE", 10)
    for i in range(100):
        assert templates.escape(f"<{i}>") == f"&lt;{i}&gt;"
    assert len(templates._ESCAPED) <= 10


def test_every_page_of_the_cast_is_what_bottles_simpletemplate_renders(seeded, monkeypatch):
    from web.cast import NOW
    from web.test_kept_pieces import paths

    from puzzlesecretary_web.kept import forget_kept

    fast = {p: seeded.page(p).body for p in paths(seeded.ids)}
    forget_kept()
    bottle.TEMPLATES.clear()
    monkeypatch.setattr(templates, "FastTemplate", bottle.SimpleTemplate)
    try:
        client = seeded.at(NOW)
        slow = {p: client.get(f"/g/{seeded.token}{p}").body for p in paths(seeded.ids)}
    finally:
        bottle.TEMPLATES.clear()
    assert fast == slow
