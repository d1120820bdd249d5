"""The real `puzzlesecretary-signal-ingest` command against the fake upstream: kills, restarts, SIGTERM."""

from __future__ import annotations

import datetime as dt
import random
import signal
import time

import requests
from signal_ingest import fake_signal_api as f
from signal_ingest.conftest import ACCOUNT, ALICE, BOB, CAROL, GROUP, ME, free_port, start, wait_for, wordle

from puzzlesecretary.stats import day_results
from puzzlesecretary.store import Group, Message, RawEvent, Score, database

PLAYERS = (ALICE, BOB, CAROL, ME)
DAYS = 60
FIRST_DAY = dt.date(2026, 9, 29)


def at(day: dt.date, minute: int) -> int:
    return int(dt.datetime.combine(day, dt.time(7, 0), dt.timezone.utc).timestamp() * 1000) + minute * 60_000


def backlog(rng: random.Random):
    """Two months of a busy group in the order a backlog may arrive, and what it should leave behind.

    Returns (elements, expected) where expected maps message id -> (final text, deleted).
    """
    elements: list[dict] = []
    expected: dict[str, tuple[str, bool]] = {}
    for d in range(DAYS):
        day = FIRST_DAY + dt.timedelta(days=d)
        day_elements = []
        for p, person in enumerate(PLAYERS):
            ts = at(day, 10 * p + 1)
            text = wordle(rng.randint(2, 6), day)
            make = f.own_post if person is ME else f.group_post
            day_elements.append(make(person, ts, text, GROUP, ACCOUNT))
            final, deleted = text, False
            if rng.random() < 0.25:  # corrected, sometimes twice (the second naming the first edit)
                final = wordle(rng.randint(2, 6), day)
                make_edit = f.own_edit if person is ME else f.edit
                day_elements.append(make_edit(person, ts + 30_000, ts, final, GROUP, ACCOUNT))
                if rng.random() < 0.5:
                    final = wordle(rng.randint(2, 6), day)
                    day_elements.append(make_edit(person, ts + 60_000, ts + 30_000, final, GROUP, ACCOUNT))
            elif rng.random() < 0.05:
                make_delete = f.own_delete if person is ME else f.delete
                day_elements.append(make_delete(person, ts + 45_000, ts, GROUP, ACCOUNT))
                deleted = True
            expected[f"{person.uuid}:{ts}"] = (final, deleted)
        for i in range(30):
            person = rng.choice(PLAYERS[:3])
            ts = at(day, 60 + i)
            day_elements.append(f.group_post(person, ts, f"chatter {d}-{i}", GROUP, ACCOUNT))
            expected[f"{person.uuid}:{ts}"] = (f"chatter {d}-{i}", False)
        for i in range(6):
            person = rng.choice(PLAYERS[:3])
            noise = rng.choice(
                [f.receipt(person, at(day, 100 + i), [at(day, 1)], ACCOUNT), f.typing(person, at(day, 100 + i), ACCOUNT, GROUP)]
            )
            day_elements.append(noise)
        day_elements.extend(rng.sample(day_elements, 2))  # delivered twice
        rng.shuffle(day_elements)  # a backlog arrives unordered within a day
        elements.extend(day_elements)
    return elements, expected


def raw_new() -> int:
    return RawEvent.select().where(RawEvent.status == "new").count()


def test_sigkill_in_the_middle_of_a_backlog_loses_no_message_and_doubles_none(fake, environment, tmp_path):
    env, db = environment
    elements, expected = backlog(random.Random(4))
    assert len(elements) > 2500
    fake.inject(*elements)
    log = tmp_path / "ingest.log"

    stored_unapplied = []
    for round_ in range(2):
        seen = max([r.id for r in RawEvent.select(RawEvent.id)], default=0)
        fresh = lambda seen=seen: RawEvent.select().where(RawEvent.id > seen, RawEvent.status == "new").count()  # noqa: E731
        fake.hold(after=1)
        process = start(env, log)
        # Kill while this round's answer is stored raw but not yet applied, or at the latest
        # while the ingest waits on its next receive: never while an answer is on its way.
        wait_for(lambda fresh=fresh: fresh() > 0 or fake.state()["waiting"] > 0, 60, f"round {round_}: a stored answer")
        process.send_signal(signal.SIGKILL)
        assert process.wait(10) == -signal.SIGKILL
        stored_unapplied.append(fresh())
        state = fake.state()
        assert 0 < state["delivered"] < len(elements), "the kill must land in the middle of the backlog"
        # A held receive notices its client is gone and hands nothing out.
        wait_for(lambda: fake.state()["waiting"] == 0, 10, "the held receive to notice the kill")
    fake.release()
    assert any(stored_unapplied), "at least one kill must land between storing a response and applying it"

    process = start(env, log)
    wait_for(lambda: fake.state()["queued"] == 0, 120, "the backlog to be handed out")
    # The ingest asks again only once it has applied what it got; after the `[]` that follows
    # the last answer it applies what waited for its message; the receive after that means done.
    last = fake.state()["receives"]
    wait_for(lambda: fake.state()["receives"] >= last + 2, 30, "two receives after the last answer")
    assert raw_new() == 0
    assert Message.select().where(Message.status == "pending").count() == 0
    wait_for(
        lambda: requests.get(f"http://127.0.0.1:{env['INGEST_HTTP_PORT']}/healthz", timeout=5).status_code == 200, 10, "health"
    )
    process.send_signal(signal.SIGTERM)
    assert process.wait(20) == 0
    assert "stopping: the last transaction is committed" in log.read_text()

    # Nothing lost: every distinct envelope delivered is stored raw, once.
    distinct = {f.compact(e) for e in elements}
    assert RawEvent.select().count() == len(distinct)
    assert RawEvent.select().where(RawEvent.status.not_in(["done", "ignored"])).count() == 0
    # Nothing doubled: exactly the expected messages, each with its final text.
    stored = {m.platform_message_id: (m.text, m.deleted) for m in Message.select()}
    assert stored == expected
    # The board: one counted score per player and day, from the final text.
    group = Group.get(Group.platform_id == GROUP)
    for d in (0, DAYS // 2, DAYS - 1):
        day = FIRST_DAY + dt.timedelta(days=d)
        board = {e.player_id: e.score for e in day_results(database(), group, day)["wordle"]}
        want = {}
        for p, person in enumerate(PLAYERS):
            text, deleted = expected[f"{person.uuid}:{at(day, 10 * p + 1)}"]
            if not deleted:
                want[person.uuid] = float(text.split(" ")[2][0])
        assert sorted(board.values()) == sorted(want.values())
    counted = Score.select().where(Score.counted == True).count()  # noqa: E712
    assert counted == sum(1 for mid, (text, deleted) in expected.items() if text.startswith("Wordle") and not deleted)


def test_sigterm_ends_the_loop_cleanly(fake, environment, tmp_path):
    env, db = environment
    log = tmp_path / "ingest.log"
    process = start(env, log)
    wait_for(lambda: fake.state()["receives"] >= 2, 30, "two polls")
    process.send_signal(signal.SIGTERM)
    assert process.wait(20) == 0
    assert "stopping: the last transaction is committed" in log.read_text()


def test_it_waits_for_an_upstream_that_is_down_at_start(environment, tmp_path):
    env, db = environment
    port = free_port()
    env = env | {"SIGNAL_API_URL": f"http://127.0.0.1:{port}"}
    health = f"http://127.0.0.1:{env['INGEST_HTTP_PORT']}/healthz"
    process = start(env, tmp_path / "ingest.log")
    try:
        wait_for(lambda: "could not ask the upstream" in (tmp_path / "ingest.log").read_text(), 30, "the failed start-up check")
        assert requests.get(health, timeout=5).status_code == 503
        late = f.FakeSignalAPI(ACCOUNT, [f.group_entry("Puzzlers", GROUP)], port=port).start()
        try:
            late.inject(f.group_post(ALICE, at(FIRST_DAY, 1), wordle(3, FIRST_DAY), GROUP, ACCOUNT))
            wait_for(lambda: Message.select().count() == 1, 30, "the message once the upstream is up")
            wait_for(lambda: Group.get(Group.platform_id == GROUP).name == "Puzzlers", 30, "the group's name")
            assert requests.get(health, timeout=5).status_code == 200
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(20) == 0
            late.stop()
    finally:
        if process.poll() is None:
            process.kill()


def test_it_reads_the_groups_members_again_on_its_schedule(fake, environment, tmp_path):
    env, db = environment
    process = start(env | {"SIGNAL_GROUPS_REFRESH_S": "0.5"}, tmp_path / "ingest.log")
    try:
        wait_for(lambda: fake.state()["receives"] >= 2, 30, "the first polls")
        newcomer = f.Person("0a1b2c3d-4e5f-4a6b-8c9d-0e1f2a3b4c5d", "+4915100000077", "Dana")
        fake.groups = [f.group_entry("Puzzlers", GROUP, [ALICE.number, newcomer.number])]  # Dana joins
        time.sleep(1.5)  # at least one more reading of /v1/groups
        fake.inject(f.direct_post(newcomer, at(FIRST_DAY, 1), wordle(2, FIRST_DAY), ACCOUNT))
        wait_for(lambda: Message.select().count() == 1, 30, "Dana's direct message in the group")
        assert Message.get().group.platform_id == GROUP
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0
