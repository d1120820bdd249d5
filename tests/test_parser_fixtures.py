"""Golden fixtures: every tests/fixtures/<game>/<case>.txt beside the <case>.json it must give.

<case>.json holds:
  "source": where the real sample was found (a URL or owner/repo:path), or "constructed: why";
  "sent_at": when the message was sent (ISO; default 2026-11-27T12:00:00+00:00);
  "results": the results expected, in order, each compared on the keys it gives;
  "rejections" (optional): rejections expected, each {"game": ..., "reason_contains": ...}.
A case with no result of its folder's game is that game's negative fixture.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from puzzlesecretary.games import GAMES
from puzzlesecretary.parse import parse

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CASES = sorted(FIXTURES.glob("*/*.txt"))
DEFAULT_SENT_AT = "2026-11-27T12:00:00+00:00"


def load_case(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def test_there_are_fixtures_to_check():
    assert len(CASES) >= 2 * len(GAMES)


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_share_text_gives_the_expected_results(case: Path):
    expected = load_case(case)
    assert expected.get("source"), f"{case}: every fixture names its source"
    text = case.read_text(encoding="utf-8")
    outcome = parse(text, dt.datetime.fromisoformat(expected.get("sent_at", DEFAULT_SENT_AT)))
    got = [r.to_json() for r in outcome.results]
    want = expected["results"]
    assert len(got) == len(want), f"{case.name}: expected {len(want)} results, got {got}"
    for g, w in zip(got, want, strict=True):
        assert {k: g.get(k) for k in w} == w
    for w in expected.get("rejections", []):
        assert any(
            r.game == w["game"] and w.get("reason_contains", "") in r.reason for r in outcome.rejections
        ), f"{case.name}: no rejection like {w} in {outcome.rejections}"


@pytest.mark.parametrize("slug", sorted(GAMES))
def test_every_game_has_a_positive_and_a_negative_fixture(slug: str):
    folder = FIXTURES / slug
    cases = [load_case(p) for p in folder.glob("*.txt")]
    positives = [c for c in cases if any(r.get("game") == slug for r in c["results"])]
    negatives = [c for c in cases if not any(r.get("game") == slug for r in c["results"])]
    assert positives, f"{slug} has no positive fixture in {folder}"
    assert negatives, f"{slug} has no negative fixture in {folder}"


def test_every_fixture_folder_is_a_registered_game():
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders <= set(GAMES) | {"mixed"}, folders - set(GAMES)
