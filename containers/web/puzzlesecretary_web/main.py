"""Entry point of the web container (being built: see its issue)."""

import sys


def main() -> int:
    print("puzzlesecretary-web is not built yet", file=sys.stderr)
    return 1
