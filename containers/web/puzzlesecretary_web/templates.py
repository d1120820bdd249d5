"""The pages' templates: bottle's SimpleTemplate with a cheaper escape, and one lookup list for them all.

A page's rendering escapes a few hundred values (names, tokens, numbers); bottle's escape is three
Python calls and five replaces each. `FastTemplate` does the same in one call, and keeps each
escaped string (a bounded memo: the same names and tokens come back on every page). The output
is bottle's own, byte for byte (tests/web/test_templates.py).
"""

from __future__ import annotations

from pathlib import Path

import bottle

# One list object for every call: bottle keeps compiled templates by the lookup list's id and the name.
VIEWS = [str(Path(__file__).resolve().parent / "views")]
MEMO_SIZE = 4096  # escaped strings kept (names, tokens, numbers): about 220 bytes each with its key

_ESCAPED: dict[str, str] = {}


def _text(value) -> str:
    """What bottle's `touni` gives: str as it is, bytes decoded as UTF-8, None as ''."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def escape(value) -> str:
    """bottle.html_escape(touni(value)), memoized."""
    text = value if type(value) is str else _text(value)
    done = _ESCAPED.get(text)
    if done is None:
        done = bottle.html_escape(text)
        if len(_ESCAPED) >= MEMO_SIZE:
            _ESCAPED.clear()
        _ESCAPED[text] = done
    return done


class FastTemplate(bottle.SimpleTemplate):
    """SimpleTemplate with `escape` for {{...}} and a plain str for {{!...}}; its includes and rebases are of this class."""

    def prepare(self, **settings) -> None:
        super().prepare(**settings)
        self._str = _text
        self._escape = escape

    def _include(self, _env, _name=None, **kwargs):
        """bottle's include, but a rebase on the layout is layout.page around the page's own HTML (the same text)."""
        if _name != "layout.tpl":
            return super()._include(_env, _name, **kwargs)
        first_game = kwargs["first_game"] if "first_game" in kwargs else _env.get("first_game", "wordle")
        _env["_stdout"].append(layout.page(kwargs["base"], kwargs["title"], kwargs.get("group"), first_game))
        return _env


def render(template: str, /, **context) -> str:
    """The template of views/ named `template`, rendered with `context`."""
    return bottle.template(template, template_lookup=VIEWS, template_adapter=FastTemplate, **context)


from . import layout  # noqa: E402  (layout.py escapes with `escape` above)
