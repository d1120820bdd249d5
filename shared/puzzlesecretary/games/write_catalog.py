"""Write games/module_games.json from the modules the game table names: `.venv/bin/python -m puzzlesecretary.games.write_catalog`.

Run it after adding a module game or changing a module's GAME (lazy.py says why the file exists).
"""

from __future__ import annotations

import sys
import tomllib

from .declared import TABLE
from .lazy import CATALOG, catalog_text


def table_modules() -> list[str]:
    """The modules the game table names, in its order."""
    return [e["module"] for e in tomllib.loads(TABLE.read_text(encoding="utf-8")).get("game", []) if "module" in e]


def main() -> int:
    CATALOG.write_text(catalog_text(table_modules()), encoding="utf-8")
    print(f"wrote {CATALOG}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
