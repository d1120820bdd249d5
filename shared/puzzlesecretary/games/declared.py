"""The game table (table.toml) read into Games: a module's GAME, or a game declared by its shape.

Each `[[game]]` entry is either `module = "wordle"` (a game that needs real code: its module
in this folder defines GAME) or a declaration of a known shape (see shapes.py): its names,
URL, shape, header, unit and direction. docs/adding-a-game.md shows an entry with its
fixtures. A wrong entry stops the import with a message that names the game and the key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import re
import tomllib
from functools import partial
from pathlib import Path
from typing import Any, Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game
from .clocktime import CLOCK
from .lazy import cataloged_game, read_catalog
from .reset import Reset, ResetError, parse_families, parse_reset
from .shapes import READERS, Grid, Spec

TABLE = Path(__file__).with_name("table.toml")

# What each shape assumes when the entry does not say.
SHAPE_DEFAULTS: dict[str, dict[str, Any]] = {
    "fraction": {
        "header": "{name} #?{n} {s}/{max}{hard}", "unit": "guesses", "lower_is_better": True, "fail_rule": "max_plus_one",
    },
    "time": {"header": "{name} #?{n}", "unit": "seconds", "lower_is_better": True, "fail_rule": "excluded"},
    "score": {"header": "{name} #?{n}", "unit": "points", "lower_is_better": False, "fail_rule": "as_printed"},
    "strip": {"header": "{name} #?{n}", "unit": "guesses", "lower_is_better": True, "fail_rule": "max_plus_one"},
}
DECLARED_KEYS = {
    "slug", "name", "names", "url", "shape", "header", "unit", "lower_is_better", "fail_rule", "max", "calendar",
    "solved", "grid", "score", "lines", "squares", "icons", "length", "source", "reset",
}
MODULE_KEYS = {"slug", "module", "reset"}
GRID_KEYS = {"squares", "width", "required", "one_row_per_guess", "solved_row"}
SOLVED = ("unless_x", "always", "full_marks")

# The tokens a header or score template may use; everything else in a template is a regular
# expression, except that a space stands for any run of spaces or tabs.
SPACE = r"[ \t\u00a0]+"
SCORE_NUMBER = rf"(?:{NUMBER})(?:[.,]\d{{1,2}})?"


class TableError(ValueError):
    """A wrong entry in table.toml."""


def template(pattern: str, names: list[str], *, score_number: bool) -> re.Pattern[str]:
    """A header or score template as a compiled regular expression."""
    name = "|".join(SPACE.join(re.escape(w) for w in n.split()) for n in sorted(names, key=len, reverse=True))
    tokens = {
        # Not inside a longer word, an @mention or a URL; a hashtag (#Tradle) is the name too.
        "{name}": rf"(?<![^\W_])(?<![@./])#?(?i:{name})(?![^\W\d_])",
        "{n}": rf"(?P<n>{NUMBER})(?![\d])",
        "{s}": rf"(?P<s>{SCORE_NUMBER})" if score_number else r"(?P<s>\d{1,3}|[Xx])",
        "{max}": rf"(?P<of>{NUMBER})(?![\d])",
        "{time}": rf"(?P<time>{CLOCK})(?![\d:])",
        "{hard}": r"(?P<hard>\*?)",
    }
    unknown = set(re.findall(r"\{[a-z]+\}", pattern)) - set(tokens)
    if unknown:
        raise TableError(f"the template {pattern!r} uses {min(unknown)}; the tokens are {', '.join(tokens)}")
    out = re.sub(r"\{[a-z]+\}| +[?*]?", lambda m: _token(m.group(0), tokens), pattern)
    return re.compile(out)


def _token(piece: str, tokens: dict[str, str]) -> str:
    if piece.startswith(" "):
        # "a b" needs a space between; "a ?b" or "a *b" allows none.
        return SPACE if piece.strip() == "" else SPACE[:-1] + "*"
    return tokens.get(piece, piece)


def _needle(name: str) -> str:
    """A word a text holds, lowered, wherever the name's pattern (`template`) matches in it: the name's longest run
    of ASCII letters and digits with no i or s (`(?i)` matches İ and ı to i, ſ to s, which lower to something else),
    when it is longer than the first word; else the first word. A rare word opens the game for fewer texts: "dozen",
    not "the" (docs/performance.md, "Issue 16, round 6: chatter")."""
    first = name.split()[0].lower()
    runs = [run.lower() for run in re.findall(r"[A-Za-z0-9]+", name) if not {"i", "s"} & set(run.lower())]
    longest = max(runs, key=len, default="")
    return longest if len(longest) > len(first) else first


def _gate(spec: Spec, reader, text: str) -> Iterator[Found | Rejection]:
    # Most messages hold none of a game's names: a substring test settles them at C speed.
    lowered = text.lower()
    if any(n in lowered for n in spec.needles) and spec.names.search(text):
        yield from reader(spec, text)


def declared_game(entry: dict[str, Any], families: dict[str, Reset] | None = None) -> Game:
    """One declared entry as a Game; TableError, naming the game, when the entry is wrong."""
    try:
        return _with_reset(_build(entry), entry, families or {})
    except (TableError, re.error, ValueError, TypeError) as err:
        raise TableError(f"table.toml, game {entry.get('slug', '?')!r}: {err}") from err


def _build(entry: dict[str, Any]) -> Game:
    _check_keys(entry)
    shape = entry["shape"]
    e = SHAPE_DEFAULTS[shape] | entry
    names = list(e.get("names") or [e["name"]])
    header, score = _templates(e, names)
    if e.get("solved", "unless_x") not in SOLVED:
        raise TableError(f"'solved' is one of {', '.join(SOLVED)}")
    if shape == "strip" and not e.get("length"):
        raise TableError("a strip game needs its 'length' (how many squares the strip has)")
    spec = Spec(
        slug=e["slug"],
        label=e["name"],
        names=template("{name}", names, score_number=False),
        needles=tuple(_needle(n) for n in names),
        header=header,
        max=e.get("max", e.get("length")),
        lower_is_better=e["lower_is_better"],
        solved=e.get("solved", "unless_x" if shape == "fraction" else "always"),
        grid=_grid(e),
        score=score,
        lines=e.get("lines", 3),
        squares=e.get("squares", "🟩🟥⬛⬜"),
        icons=e.get("icons", ""),
        length=e.get("length"),
    )
    return Game(
        slug=e["slug"],
        name=e["name"],
        url=e["url"],
        unit=e["unit"],
        lower_is_better=e["lower_is_better"],
        fail_rule=e["fail_rule"],
        parse=partial(_gate, spec, READERS[shape]),
        calendar=_calendar(e.get("calendar")),
        max=spec.max,
        names=tuple(names),
        needles=spec.needles,  # what _gate asks for: parse.py's prefilter reads them
    )


def _check_keys(entry: dict[str, Any]) -> None:
    unknown = set(entry) - DECLARED_KEYS
    if unknown:
        raise TableError(f"unknown key {min(unknown)!r} (a declared game may have {', '.join(sorted(DECLARED_KEYS))})")
    for key in ("slug", "name", "url", "shape", "source"):
        if not entry.get(key):
            raise TableError(f"{key!r} is required")
    if entry["shape"] not in READERS:
        raise TableError(f"unknown shape {entry['shape']!r} (known: {', '.join(READERS)})")


# The groups each shape's header must capture.
NEEDED = {"fraction": {"n", "s"}, "time": {"n"}, "score": {"n"}, "strip": {"n"}}


def _templates(e: dict[str, Any], names: list[str]) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """The header and (score shape) the score pattern, checked for the groups they need."""
    shape = e["shape"]
    header = template(e["header"], names, score_number=shape == "score")
    score = template(e["score"], names, score_number=True) if "score" in e else None
    needed = NEEDED[shape]
    if not needed <= set(header.groupindex):
        raise TableError(f"the header {e['header']!r} needs {' and '.join('{' + g + '}' for g in sorted(needed))}")
    if shape == "score" and score is None and "s" not in header.groupindex:
        raise TableError("a score game needs a 'score' pattern with {s}, or {s} in its header")
    if score is not None and "s" not in score.groupindex:
        raise TableError(f"the score pattern {e['score']!r} needs {{s}}")
    return header, score


def _grid(e: dict[str, Any]) -> Grid | None:
    if "grid" not in e:
        return None
    if e["shape"] != "fraction" or set(e["grid"]) - GRID_KEYS or "squares" not in e["grid"]:
        raise TableError(f"a grid belongs to a fraction game and has {', '.join(sorted(GRID_KEYS))} (squares required)")
    return Grid(**e["grid"])


def _calendar(value: dict[str, Any] | None) -> Calendar | None:
    if value is None:
        return None
    if not isinstance(value.get("day"), dt.date) or not isinstance(value.get("number"), int):
        raise TableError("a calendar is { number = 1, day = 2024-01-31 } (puzzle `number` fell on `day`)")
    return Calendar(value["number"], value["day"], value.get("period_days", 1))


def _with_reset(game: Game, entry: dict[str, Any], families: dict[str, Reset]) -> Game:
    """The game with its declared reset (when its new puzzle comes out), if the entry has one."""
    if "reset" not in entry:
        return game
    return dataclasses.replace(game, reset=parse_reset(entry["reset"], families))


def module_game(entry: dict[str, Any], families: dict[str, Reset] | None = None, catalog: dict[str, Any] | None = None) -> Game:
    where = f"table.toml, game {entry.get('slug', '?')!r}"
    if set(entry) - MODULE_KEYS:
        raise TableError(
            f"{where}: a module game names only its slug and module (and its reset); the module's GAME holds the rest"
        )
    # Known to module_games.json, the module itself is imported at the game's first parse (lazy.py).
    catalog = read_catalog() if catalog is None else catalog
    game = cataloged_game(entry["module"], catalog) or importlib.import_module(f"{__package__}.{entry['module']}").GAME
    if game.slug != entry.get("slug"):
        raise TableError(f"{where}: module {entry['module']!r} defines the game {game.slug!r}")
    try:
        return _with_reset(game, entry, families or {})
    except ResetError as err:
        raise TableError(f"{where}: {err}") from err


def load(text: str) -> dict[str, Game]:
    """The table's games by slug, in the table's order."""
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise TableError(f"table.toml is not valid TOML: {err}") from err
    try:
        families = parse_families(table.get("reset", {}))
    except ResetError as err:
        raise TableError(f"table.toml: {err}") from err
    games: dict[str, Game] = {}
    catalog = read_catalog()
    for entry in table.get("game", []):
        game = module_game(entry, families, catalog) if "module" in entry else declared_game(entry, families)
        if game.slug in games:
            raise TableError(f"table.toml: the slug {game.slug!r} is used twice")
        games[game.slug] = game
    return games
