"""Entry point of the updater-metrics container (being built: see its issue)."""

import sys


def main() -> int:
    print("puzzlesecretary-updater-metrics is not built yet", file=sys.stderr)
    return 1
