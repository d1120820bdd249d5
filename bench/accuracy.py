"""`python -m bench.accuracy [FILE ...]`: how many real shares the parser reads right.

Each line of a FILE (default: bench/heldout_shares.jsonl) is one real share, never used to
write or tune a parser: {"game", "text", "source", "expect": {...}}, where "expect" gives the
puzzle number or date, solved, score, hard mode and archive as the share's own source (the
tracker or bot it was found in) read them; a key left out or null is not compared, except
"score", which is compared whenever it is present. A share is read right when the parser
gives a result of its game that agrees on every expected key, and no result of any other game.
Lines whose "game" is "none" are texts that are no share: right when nothing is counted.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from puzzlesecretary.parse import parse

DEFAULT = Path(__file__).resolve().parent / "heldout_shares.jsonl"
SENT_AT = dt.datetime(2026, 11, 27, 12, tzinfo=dt.timezone.utc)
KEYS = ("puzzle", "date", "solved", "hard_mode", "archive")


def sent_at(expect: dict) -> dt.datetime:
    """A share is judged as sent the day after the date it names (or on a fixed late day)."""
    if expect.get("date"):
        return dt.datetime.fromisoformat(expect["date"]).replace(hour=20, tzinfo=dt.timezone.utc) + dt.timedelta(days=1)
    return SENT_AT


def agrees(result: dict, expect: dict) -> bool:
    for key in KEYS:
        if expect.get(key) is not None and result.get(key) != expect[key]:
            return False
    if "score" in expect:
        want, got = expect["score"], result.get("score")
        if (want is None) != (got is None) or (want is not None and abs(float(want) - float(got)) > 1e-6):
            return False
    return True


def judge(sample: dict) -> str | None:
    """None when the share is read right, else what went wrong."""
    outcome = parse(sample["text"], sent_at(sample["expect"]))
    got = [r.to_json() for r in outcome.results]
    if sample["game"] == "none":
        return f"counted {got}" if got else None
    others = [r["game"] for r in got if r["game"] != sample["game"]]
    if others:
        return f"also read as {others}"
    mine = [r for r in got if r["game"] == sample["game"]]
    if not mine:
        reasons = [r.reason for r in outcome.rejections]
        return f"not read ({reasons})" if reasons else "not read"
    if not any(agrees(r, sample["expect"]) for r in mine):
        return f"read wrong: {[{k: r.get(k) for k in ('puzzle', 'date', 'solved', 'score', 'hard_mode')} for r in mine]}"
    return None


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or [DEFAULT]
    samples = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    wrong = [(s, why) for s in samples if (why := judge(s)) is not None]
    for s, why in wrong:
        print(f"WRONG {s['game']}: {why}\n  {s['text'][:120]!r}\n  source: {s['source']}")
    right = len(samples) - len(wrong)
    games = len({s["game"] for s in samples} - {"none"})
    print(f"{right}/{len(samples)} read right ({100 * right / max(len(samples), 1):.1f}%), {games} games")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
