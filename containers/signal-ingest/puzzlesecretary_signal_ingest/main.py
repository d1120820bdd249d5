"""Entry point of the signal-ingest container (being built: see its issue)."""

import sys


def main() -> int:
    print("puzzlesecretary-signal-ingest is not built yet", file=sys.stderr)
    return 1
