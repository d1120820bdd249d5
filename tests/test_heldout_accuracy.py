"""bench/accuracy.py: how a held-out share is judged, and the held-out shares themselves."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/ is a folder of the repository, not a package
from bench.accuracy import DEFAULT, judge  # noqa: E402

WORDLE = "Wordle 1,234 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"


def test_a_share_read_as_its_game_with_the_expected_values_is_right():
    assert judge({"game": "wordle", "text": WORDLE, "expect": {"puzzle": 1234, "solved": True, "score": 3}}) is None


def test_a_share_read_with_another_score_is_wrong():
    assert "read wrong" in judge({"game": "wordle", "text": WORDLE, "expect": {"puzzle": 1234, "score": 4}})


def test_a_share_that_another_game_also_reads_is_wrong():
    text = WORDLE + "\n\nAngle #657 is other chatter\n#Angle #657 4/4\n⬇️⬇️⬇️🎉"
    assert "also read as ['angle']" in judge({"game": "wordle", "text": text, "expect": {"puzzle": 1234}})


def test_a_text_that_is_no_share_is_right_only_when_nothing_is_counted():
    assert judge({"game": "none", "text": "did you do Wend #4 yet? took me 0:41", "expect": {}}) is None
    assert "counted" in judge({"game": "none", "text": WORDLE, "expect": {}})


def test_the_held_out_shares_name_their_source_and_are_read_right_at_least_98_percent():
    samples = [json.loads(line) for line in DEFAULT.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(samples) >= 100 and all(s["source"] for s in samples)
    wrong = [(s["game"], why) for s in samples if (why := judge(s)) is not None]
    assert len(wrong) <= 0.02 * len(samples), wrong
