"""`puzzlesecretary import` on the files an operator really has: bad bytes, odd characters, huge lines.

Run as the operator runs it (the installed script in a subprocess), except the memory check,
which drives `read_lines` directly on a stream far larger than its limit.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from puzzlesecretary.importer import MAX_LINE_BYTES, ImportLineError, read_lines

BIN = Path(sys.executable).parent / "puzzlesecretary"
WORDLE = "Wordle 1,987 3/6*\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"


def run(*args: str, env: dict, stdin: bytes = b"") -> subprocess.CompletedProcess:
    done = subprocess.run([str(BIN), *args], input=stdin, capture_output=True, env={**os.environ, **env}, timeout=300)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


@pytest.fixture
def dbenv(tmp_path) -> dict:
    return {"DATABASE_URL": f"sqlite:///{tmp_path}/import.db"}


def message(n: int, **fields) -> dict:
    return {"platform": "t", "group": "g", "group_name": "Pals", "message_id": str(n), "sender": f"u{n % 7}",
            "sender_name": f"P{n % 7}", "sent_at": "2026-11-27T08:00:00+00:00", "text": f"hello {n}"} | fields


def line(event: dict) -> bytes:
    """One JSON line as a chat tool writes it: surrogates and other non-ASCII as \\u escapes."""
    return json.dumps(event).encode("ascii") + b"\n"


def scores(dbenv: dict) -> list[dict]:
    return [json.loads(row) for row in run("export", env=dbenv).stdout.splitlines()]


def assert_no_traceback(done: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in done.stderr, done.stderr


def test_a_latin1_line_is_one_bad_line_and_every_good_line_around_it_is_stored(dbenv, tmp_path):
    path = tmp_path / "mixed.jsonl"
    good_before = b"".join(line(message(n)) for n in range(1200))
    latin1 = json.dumps(message(5000, sender_name="Zoë")).encode("utf-8").replace("ë".encode(), "ë".encode("latin-1"))
    latin1 = latin1.replace(b"\\u00eb", "ë".encode("latin-1")) + b"\n"
    good_after = b"".join(line(message(n)) for n in range(1200, 1300))
    path.write_bytes(good_before + latin1 + good_after)
    done = run("import", str(path), env=dbenv)
    assert_no_traceback(done)
    assert done.returncode == 0
    assert "read 1301 lines: 1300 new messages" in done.stdout and "1 bad lines" in done.stdout
    assert "line 1201: not UTF-8 text" in done.stderr


def test_a_lone_surrogate_in_a_name_or_text_keeps_the_message_and_its_score(dbenv, tmp_path):
    path = tmp_path / "surrogates.jsonl"
    good = [message(n) for n in range(28)]
    bad_name = message(100, sender="s1", sender_name="S\ud800", text=WORDLE)
    bad_text = message(101, sender="s2", sender_name="T", text="me \udfff\n" + WORDLE.replace("1,987", "1,986"))
    bad_group = message(102, group="g2", group_name="Grp\udbff", sender="s3", sender_name="U", text=WORDLE)
    path.write_bytes(b"".join(line(e) for e in good[:14] + [bad_name, bad_text, bad_group] + good[14:]))
    done = run("import", str(path), env=dbenv)
    assert_no_traceback(done)
    assert done.returncode == 0
    assert "read 31 lines: 31 new messages" in done.stdout and "0 bad lines" in done.stdout
    got = {(row["player"], row["group"], row["puzzle"]) for row in scores(dbenv)}
    assert got == {("S\ufffd", "Pals", 1987), ("T", "Pals", 1986), ("U", "Grp\ufffd", 1987)}


def test_a_surrogate_in_an_id_is_stored_replaced_too(dbenv, tmp_path):
    path = tmp_path / "ids.jsonl"
    path.write_bytes(line(message(1, message_id="m\ud800", sender="x\udc00", platform="p\udfff", text=WORDLE)))
    done = run("import", str(path), env=dbenv)
    assert_no_traceback(done)
    assert "1 new messages" in done.stdout
    [row] = scores(dbenv)
    assert (row["platform"], row["message"]["id"]) == ("p\ufffd", "m\ufffd")


def test_a_missing_file_is_a_clear_error(dbenv, tmp_path):
    done = run("import", str(tmp_path / "nope.jsonl"), env=dbenv)
    assert_no_traceback(done)
    assert done.returncode == 2 and "nope.jsonl: no such file" in done.stderr


def test_a_directory_is_a_clear_error(dbenv, tmp_path):
    done = run("import", str(tmp_path), env=dbenv)
    assert_no_traceback(done)
    assert done.returncode == 2 and "is a directory" in done.stderr


def test_random_bytes_are_reported_as_bad_lines_without_a_traceback(dbenv, tmp_path):
    path = tmp_path / "junk.bin"
    path.write_bytes(random.Random(5).randbytes(200_000))
    done = run("import", str(path), env=dbenv)
    assert_no_traceback(done)
    assert done.returncode == 1 and "0 new messages" in done.stdout
    assert "not UTF-8 text" in done.stderr


def test_a_utf16_file_is_named_as_utf16(dbenv, tmp_path):
    path = tmp_path / "utf16.jsonl"
    path.write_bytes(json.dumps(message(1)).encode("utf-16"))
    done = run("import", str(path), env=dbenv)
    assert_no_traceback(done)
    assert done.returncode == 1 and "UTF-16" in done.stderr


def test_a_utf8_bom_is_not_a_bad_line(dbenv, tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + line(message(1)))
    done = run("import", str(path), env=dbenv)
    assert "1 new messages" in done.stdout and "0 bad lines" in done.stdout


def test_lines_json_cannot_read_are_bad_lines_and_the_rest_is_stored(dbenv, tmp_path):
    path = tmp_path / "hostile.jsonl"
    deep = b"[" * 100_000 + b"]" * 100_000 + b"\n"
    long_number = b'{"n": ' + b"9" * 5000 + b"}\n"
    path.write_bytes(line(message(1)) + deep + long_number + line(message(2)))
    done = run("import", str(path), env=dbenv)
    assert_no_traceback(done)
    assert "read 4 lines: 2 new messages" in done.stdout and "2 bad lines" in done.stdout
    assert "line 2: not JSON" in done.stderr and "line 3: not JSON" in done.stderr


def test_a_line_over_the_limit_is_skipped_and_the_next_line_is_stored(dbenv, tmp_path):
    path = tmp_path / "huge.jsonl"
    huge = line(message(1, text="x" * (MAX_LINE_BYTES + 10)))
    path.write_bytes(huge + line(message(2, text=WORDLE)))
    done = run("import", str(path), env=dbenv)
    assert_no_traceback(done)
    assert "read 2 lines: 1 new messages" in done.stdout and "1 bad lines" in done.stdout
    assert f"line 1: {len(huge):,} bytes, over the limit of {MAX_LINE_BYTES:,}" in done.stderr
    assert [row["message"]["id"] for row in scores(dbenv)] == ["2"]


def test_stdin_is_read_the_same_way(dbenv):
    done = run("import", "-", env=dbenv, stdin=b"caf\xe9 garbage\n" + line(message(1)))
    assert "read 2 lines: 1 new messages" in done.stdout and "line 1: not UTF-8 text" in done.stderr


class Endless(io.RawIOBase):
    """`size` bytes of "x" made up as they are read, then a newline and one short line: nothing is stored."""

    def __init__(self, size: int, tail: bytes) -> None:
        self.left, self.tail = size, tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.left > 0:
            n = min(len(buffer), self.left)
            buffer[:n] = b"x" * n
            self.left -= n
            return n
        n = min(len(buffer), len(self.tail))
        buffer[:n], self.tail = self.tail[:n], self.tail[n:]
        return n


def test_one_200_mb_line_is_read_in_bounded_memory():
    stream = io.BufferedReader(Endless(200 * 1024 * 1024, b"\n{}\n"), buffer_size=64 * 1024)
    tracemalloc.start()
    try:
        got = list(read_lines(stream))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(got[0], ImportLineError) and "over the limit" in str(got[0])
    assert got[1:] == ["{}\n"]
    assert peak < 4 * MAX_LINE_BYTES, f"peak {peak:,} bytes"
