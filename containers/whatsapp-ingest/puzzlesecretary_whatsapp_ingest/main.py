"""Entry point of the whatsapp-ingest container (being built: see its issue)."""

import sys


def main() -> int:
    print("puzzlesecretary-whatsapp-ingest is not built yet", file=sys.stderr)
    return 1
