"""`puzzlesecretary import-whatsapp` on damaged and hostile files: each gets a clear error, none a traceback."""

from __future__ import annotations

import os
import struct
import subprocess
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from puzzlesecretary.store import Group, Identity, Message
from puzzlesecretary.whatsapp_export import MAX_EXPORT_BYTES, ExportError, read_export

COMMAND = str(Path(__file__).resolve().parents[2] / ".venv/bin/puzzlesecretary")
GOOD_ZIP = Path(__file__).resolve().parent / "exports" / "ios_zip" / "WhatsApp Chat - Sunday Solvers.zip"
CHAT = (
    "02/07/2024, 07:58 - Messages and calls are end-to-end encrypted.\n"
    "02/07/2024, 07:59 - Priya: Wordle 1,109 3/6\n\n🟨⬛⬛⬛⬛\n⬛🟩🟩⬛🟩\n🟩🟩🟩🟩🟩\n"
    "02/07/2024, 08:03 - You: nul \x00 here\n"
)


def run(*args: str | bytes, db_url: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [COMMAND, "import-whatsapp", *args], env=os.environ | {"DATABASE_URL": db_url}, capture_output=True, timeout=300
    )
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


def refused(done: subprocess.CompletedProcess, why: str) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    assert why in done.stderr, done.stderr


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path}/export.db"


def chat_zip(path: Path, size: int | None = None, text: str = CHAT) -> Path:
    """An iOS-style export zip; with `size`, its chat is `size` bytes of one repeated line (a bomb)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if size is None:
            archive.writestr("_chat.txt", text)
            return path
        with archive.open("_chat.txt", "w", force_zip64=True) as member:
            block = b"0" * (1024 * 1024)
            for _ in range(size // len(block)):
                member.write(block)
    return path


def test_a_good_zip_still_imports(sqlite_url):
    done = run(str(GOOD_ZIP), db_url=sqlite_url)
    assert done.returncode == 0, done.stderr


def test_a_corrupt_deflate_stream_is_a_clear_error(tmp_path, sqlite_url):
    path = chat_zip(tmp_path / "WhatsApp Chat - Pals.zip", text=CHAT * 200)
    data = bytearray(path.read_bytes())
    start = data.index(b"_chat.txt") + len(b"_chat.txt")  # the local header's name; the deflate stream follows
    data[start + 20 : start + 60] = b"\xff" * 40
    path.write_bytes(bytes(data))
    refused(run(str(path), db_url=sqlite_url), "cannot be unpacked, the zip is damaged")


@pytest.mark.parametrize("cut", ["half", "last 10 bytes"])
def test_a_truncated_zip_is_called_a_damaged_zip_not_text(tmp_path, sqlite_url, cut):
    data = GOOD_ZIP.read_bytes()
    path = tmp_path / "trunc.zip"
    path.write_bytes(data[: len(data) // 2] if cut == "half" else data[:-10])
    done = run(str(path), db_url=sqlite_url)
    refused(done, "trunc.zip starts like a zip but cannot be opened")
    assert "UTF-8" not in done.stderr


def test_a_zip_bomb_stops_at_the_limit_without_unpacking(tmp_path, sqlite_url):
    bomb = chat_zip(tmp_path / "bomb.zip", size=300 * 1024 * 1024)
    assert bomb.stat().st_size < 400 * 1024
    refused(run(str(bomb), db_url=sqlite_url), f"over the limit of {MAX_EXPORT_BYTES:,}")
    tracemalloc.start()
    try:
        with pytest.raises(ExportError, match="over the limit"):
            read_export(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"peak {peak:,} bytes"


def test_a_zip_whose_header_understates_its_size_is_read_no_further_than_it_says(tmp_path):
    """zipfile stops a member at its declared size; the CRC then fails, and that is a damaged zip."""
    path = tmp_path / "liar.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_chat.txt", b"0" * (64 * 1024 * 1024))
    data = bytearray(path.read_bytes())
    # zipfile takes a member's size from the central directory: uncompressed size at offset 24.
    central = data.index(b"PK\x01\x02")
    assert struct.unpack_from("<I", data, central + 24) == (64 * 1024 * 1024,)
    struct.pack_into("<I", data, central + 24, 4096)
    path.write_bytes(bytes(data))
    tracemalloc.start()
    try:
        with pytest.raises(ExportError, match="damaged"):
            read_export(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"peak {peak:,} bytes"


def test_a_text_export_over_the_limit_is_refused_after_reading_no_more_than_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(CHAT * 1000, encoding="utf-8")
    with pytest.raises(ExportError, match="over the limit of 10,000"):
        read_export(path, max_bytes=10_000)
    assert read_export(path, max_bytes=path.stat().st_size)[0] == (CHAT * 1000).replace("\x00", "\ufffd")


def test_a_directory_is_a_clear_error(tmp_path, sqlite_url):
    refused(run(str(tmp_path), db_url=sqlite_url), "is a directory")


def test_a_file_name_and_options_that_are_not_utf8_and_a_nul_in_the_text_are_stored_replaced(tmp_path, db, db_url):
    folder = os.fsencode(tmp_path)
    path = folder + b"/WhatsApp Chat with Pals \xe9.txt"
    with open(path, "wb") as handle:
        handle.write(CHAT.encode("utf-8"))
    done = run(path, "--me", b"Z\xffe", "--alias", b"Priya=Pr\xe9ya", db_url=db_url)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert Group.get().name == "Pals \ufffd"
    assert sorted(i.display_name for i in Identity.select()) == ["Pr\ufffdya", "Z\ufffde"]
    assert Message.get(Message.text.startswith("nul")).text == "nul \ufffd here"
