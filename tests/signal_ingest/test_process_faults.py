"""The real command under faults: a SIGKILL just after an answer left, a held lock, a read-only database."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

from signal_ingest import fake_signal_api as f
from signal_ingest.conftest import ACCOUNT, ALICE, CAROL, COMMAND, GROUP, T0, start, wait_for, wordle

from puzzlesecretary.json_elements import split
from puzzlesecretary.kept_answers import APPLIED
from puzzlesecretary.store import Group, Message, RawEvent
from puzzlesecretary_signal_ingest.answers import RECEIVED

ANSWER = 500  # SIGNAL_MAX_MESSAGES's default: the answer the window was measured for
KILL_AFTER_CPU_S = 0.020
TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) the process's main thread, the poller, has used so far.

    Read from /proc/PID/task/PID/stat, not the whole process's: while the poller waits for its
    commit to reach the disk, the sender's and the speaker's threads may run, and their CPU time
    must not bring the kill forward (it did once, in CI, on a disk busy with image builds)."""
    fields = Path(f"/proc/{pid}/task/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_S


def posts(n: int) -> list[dict]:
    """n posts, a share now and then, as a busy group's backlog."""
    people = (ALICE, CAROL)
    return [
        f.group_post(people[i % 2], T0 + i * 1000, wordle(3) if i % 25 == 0 else f"line {i}", GROUP, ACCOUNT) for i in range(n)
    ]


def stored_envelopes() -> set[bytes]:
    """Every envelope the database holds: element rows, and the elements of answers not cut yet or applied whole (an
    answer of ordinary envelopes stays as their raw copy, `archived`: the kill may come after that commit)."""
    held = set()
    for row in RawEvent.select():
        if row.status in (RECEIVED, APPLIED):
            held.update(piece.payload for piece in split(bytes(row.payload)))
        else:
            held.add(bytes(row.payload))
    return held


def test_a_sigkill_20_ms_of_cpu_after_an_answer_left_the_upstream_finds_that_answer_stored(fake, environment, tmp_path):
    env, db = environment
    elements = posts(ANSWER)
    fake.inject(*elements)
    log = tmp_path / "ingest.log"
    running: list[subprocess.Popen] = []
    killed = threading.Event()

    def kill(count: int) -> None:
        # Runs in the fake's handler thread, once the last byte of the answer is in the socket.
        # The clock is the poller's own CPU time (the main thread's), so a busy machine that gives it little of the
        # wall clock kills it at the same point of its work (storing the 500 elements one by one
        # took about 250 ms of it). Polled, it is read to a tick (10 ms), so the kill comes
        # 20-30 ms of CPU in; the wall-clock bound covers an ingest that went idle before it.
        pid = running[0].pid
        start_cpu, deadline = cpu_seconds(pid), time.monotonic() + 10
        while cpu_seconds(pid) - start_cpu < KILL_AFTER_CPU_S and time.monotonic() < deadline:
            time.sleep(0.001)
        running[0].send_signal(signal.SIGKILL)
        killed.set()

    fake.after_answer = kill
    running.append(start(env | {"SIGNAL_MAX_MESSAGES": str(ANSWER)}, log))
    wait_for(killed.is_set, 60, "the first answer to leave")
    assert running[0].wait(10) == -signal.SIGKILL
    fake.after_answer = None
    assert fake.state()["queued"] == 0, "the whole backlog left in that one answer"

    # signal-cli has removed these from Signal's server: the database is the only copy.
    assert stored_envelopes() == {f.compact(e) for e in elements}

    # The next start cuts and applies what was stored, once.
    process = start(env, log)
    try:
        applied = lambda: Message.select().count() == ANSWER and not RawEvent.select().where(RawEvent.status == RECEIVED).exists()  # noqa: E731
        wait_for(applied, 60, "the answer applied")
        wait_for(lambda: fake.state()["receives"] >= 3, 30, "polls after the restart")
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0
    assert Message.select().count() == ANSWER
    # Each envelope's raw copy kept once: cut into a row each, or the answer applied whole before the kill, one row.
    assert stored_envelopes() == {f.compact(e) for e in elements}
    whole = RawEvent.select().where(RawEvent.status == APPLIED).exists()
    assert RawEvent.select().count() == (1 if whole else ANSWER)
    ids = {f"{e['envelope']['sourceUuid']}:{e['envelope']['timestamp']}" for e in elements}
    assert {m.platform_message_id for m in Message.select()} == ids


def test_a_lock_held_past_the_busy_timeout_during_the_groups_refresh_is_waited_out(fake, environment, tmp_path):
    env, db = environment
    log = tmp_path / "ingest.log"
    process = start(env | {"SIGNAL_GROUPS_REFRESH_S": "0.5"}, log)
    try:
        wait_for(lambda: fake.state()["receives"] >= 2, 30, "the first polls")
        # Another writer holds the write lock longer than the store's 10 s busy timeout.
        holder = sqlite3.connect(env["DATABASE_URL"][len("sqlite:///"):], isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            wait_for(lambda: "cannot store the groups' names and members" in log.read_text(), 30, "the refresh to meet the lock")
            assert process.poll() is None, "a lock must not end the ingest"
        finally:
            holder.rollback()
            holder.close()
        fake.inject(f.group_post(ALICE, T0, wordle(3), GROUP, ACCOUNT))
        wait_for(lambda: Message.select().count() == 1, 30, "a post stored after the lock is gone")
        assert Group.get(Group.platform_id == GROUP).name == "Puzzlers"
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0
    assert "Traceback" not in log.read_text()


def without_permission_override() -> list[str]:
    """A prefix that runs a command unable to write a file its mode forbids, even as root."""
    if os.geteuid() != 0:
        return []
    # setpriv (util-linux) drops the capabilities that let root write past a file's mode.
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]


def test_a_database_it_cannot_write_stops_it_at_start_with_exit_2_and_one_line(fake, environment):
    env, db = environment
    db.close()
    path = Path(env["DATABASE_URL"][len("sqlite:///"):])
    path.chmod(0o444)
    done = subprocess.run(
        [*without_permission_override(), str(COMMAND)], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"puzzlesecretary-signal-ingest: DATABASE_URL: cannot write to {path}: attempt to write a readonly database"
    ]
    assert fake.state()["receives"] == 0, "nothing may be taken off Signal's server that cannot be kept"
