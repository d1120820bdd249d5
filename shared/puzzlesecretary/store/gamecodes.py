"""Every game's number in the store: the score table keeps a game as this small integer, not its slug.

A number is a game's for good. A new game gets the next unused number, appended at the end; a
game that leaves the table keeps its line, so its stored scores still read as its slug, and no
number is ever given to another game (tests/test_game_codes.py checks that every registered game
has one and that none repeats). One byte per score in the row and in each index that names the
game, against 6 to 17 for the slug (docs/performance.md).

A number the table does not hold (a database written by a newer release) reads as the slug
`game-<number>`, which is no registered game (slugs are [a-z][a-z0-9]*): pages list no such game,
and writing it back stores the same number, so nothing is lost. Pure functions.
"""

from __future__ import annotations

CODES: dict[str, int] = {
    "wordle": 1,
    "connections": 2,
    "connectionssports": 3,
    "strands": 4,
    "mini": 5,
    "midi": 6,
    "crossword": 7,
    "airportle": 8,
    "gisnep": 9,
    "pips": 10,
    "spellingbee": 11,
    "quordle": 12,
    "quordleweekly": 13,
    "octordle": 14,
    "nerdle": 15,
    "woordle": 16,
    "primel": 17,
    "waffle": 18,
    "squardle": 19,
    "minutecryptic": 20,
    "cluesbysam": 21,
    "bracketcity": 22,
    "top5": 23,
    "worldle": 24,
    "globle": 25,
    "tradle": 26,
    "travle": 27,
    "flagle": 28,
    "geogrid": 29,
    "framed": 30,
    "oneframe": 31,
    "heardle": 32,
    "bandle": 33,
    "costcodle": 34,
    "timeguessr": 35,
    "emovi": 36,
    "guessthegame": 37,
    "actorle": 38,
    "moviedle": 39,
    "queens": 40,
    "tango": 41,
    "zip": 42,
    "crossclimb": 43,
    "minisudoku": 44,
    "pinpoint": 45,
    "angle": 46,
    "colorfle": 47,
    "foximax": 48,
    "guessthefootballclub": 49,
    "parole": 50,
    "wordpeaks": 51,
    "unzoomed": 52,
    "bazingle": 53,
    "moviemoji": 54,
    "subwaydle": 55,
    "lewdle": 56,
    "hertl": 57,
    "poeltl": 58,
    "crosswordle2": 59,
    "wheretaken": 60,
    "thirdle": 61,
    "juxtastat": 62,
    "moreorless": 63,
    "crossnerdle": 64,
    "timdle": 65,
    "geozee": 66,
    "whentaken": 67,
    "krillion": 68,
    "dailydozen": 69,
    "puckdoku": 70,
    "putt": 71,
    "wordgrid": 72,
    "semantle": 73,
    "semantlejunior": 74,
    "guesstheangle": 75,
    "guessthehouse": 76,
    "guessthelogo": 77,
    "guessthemovie": 78,
    "lyricle": 79,
    "titleshot": 80,
    "flagsgame": 81,
    "artle": 82,
    "patches": 83,
    "wend": 84,
    "guessthephrase": 85,
    "antiwordle": 86,
    "squareword": 87,
    "termooo": 88,
    "contexto": 89,
    "pedantle": 90,
    "metazooa": 91,
    "metaflora": 92,
    "hexcodle": 93,
    "countryle": 94,
    "overwatchdle": 95,
    "rivalsdle": 96,
    "pimantle": 97,
    "redactle": 98,
    "relatle": 99,
    "chartle": 100,
    "cloudle": 101,
    "absurdle": 102,
    "lemot": 103,
    "decipher": 104,
    "numble": 105,
    "reversle": 106,
    "queensultimate": 107,
    "queensultimatemax": 108,
    "sumplete": 109,
    "murdle": 110,
    "crosswordle": 111,
    "dominofit": 112,
    "chrono": 113,
    "flickle": 114,
    "spotle": 115,
    "faces": 116,
    "spellcheck": 117,
    "catfishing": 118,
    "thrice": 119,
    "scrandle": 120,
    "foodguessr": 121,
    "enclosehorse": 122,
    "geocircles": 123,
    "fermi": 124,
    "pokedoku": 125,
    "boxofficegame": 126,
    "anthropeum": 127,
    "zoomout": 128,
    "starwarsguessr": 129,
    "bonkle": 130,
    "moviegrid": 131,
    "chronophoto": 132,
    "nflxdle": 133,
    "posterdle": 134,
    "highfive": 135,
    "maptap": 136,
    "colordaily": 137,
    "sizeitup": 138,
    "disorderly": 139,
    "movietomovie": 140,
    "harmonies": 141,
    "dontwordle": 142,
    "sedecordle": 143,
    "sedecorder": 144,
    "sedecordlesavior": 145,
    "weaver": 146,
    "polygonle": 147,
    "linxicon": 148,
    "spots": 149,
    "rotaboxes": 150,
    "kindahardgolf": 151,
    "apparle": 152,
    "stepdle": 153,
    "originle": 154,
    "snoop": 155,
    "flipple": 156,
    "travleita": 157,
    "dungleon": 158,
    "framequiz": 159,
    "wordlees": 160,
    "dordle": 161,
    "letterle": 162,
    "tridle": 163,
    "satle": 164,
    "hoordle": 165,
    "quolture": 166,
}

_SLUGS = {code: slug for slug, code in CODES.items()}
UNKNOWN = "game-"


class UnknownGame(ValueError):
    """A game slug with no number in CODES: it cannot be stored."""


def game_code(slug: str) -> int:
    """The number a game is stored as; UnknownGame for a slug the table does not hold."""
    code = CODES.get(slug)
    if code is not None:
        return code
    if slug.startswith(UNKNOWN) and slug[len(UNKNOWN) :].isdigit():
        return int(slug[len(UNKNOWN) :])
    raise UnknownGame(f"the game {slug!r} has no number in store/gamecodes.py: add it at the end of CODES")


def game_slug(code: int) -> str:
    """The slug a stored number stands for (`game-<number>` for a number the table does not hold)."""
    slug = _SLUGS.get(code)
    return slug if slug is not None else f"{UNKNOWN}{int(code)}"


def query_code(slug: str) -> int:
    """The number to look a game up by: -1, which no score holds, for a slug that has none."""
    try:
        return game_code(slug)
    except UnknownGame:
        return -1
