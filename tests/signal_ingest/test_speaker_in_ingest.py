"""The speaker runs in the real Signal ingest beside its sender: a group whose admin turned recaps
on gets yesterday's recap through signal-cli-rest-api (the fake checks and keeps the request), once."""

from __future__ import annotations

import datetime as dt
import json
import signal

from signal_ingest.conftest import ACCOUNT, GROUP, start, wait_for
from signal_ingest.fake_signal_api import rest_group_id

from puzzlesecretary.importer import import_events
from puzzlesecretary.store import bind


def plays(day: dt.date):
    for n, (who, name, guesses) in enumerate((("alice", "Alice", 3), ("carol", "Carol", 4))):
        at = dt.datetime.combine(day, dt.time(10, n), tzinfo=dt.timezone.utc)
        text = f"Wordle {(day - dt.date(2021, 6, 19)).days:,} {guesses}/6\n\n" + "⬛🟨⬛⬛⬛\n" * (guesses - 1) + "🟩🟩🟩🟩🟩"
        yield json.dumps({"platform": "signal", "group": GROUP, "group_name": "Puzzlers", "message_id": f"{who}:{n}",
                          "sender": who, "sender_name": name, "sent_at": at.isoformat(), "text": text})  # fmt: skip


def expected_kinds(today: dt.date) -> list[str]:
    """The first words of the recaps due today: the day's always, the week's on Mondays, the month's on the 1st."""
    return sorted(["Puzzle"] + ["Weekly"] * (today.weekday() == 0) + ["Monthly"] * (today.day == 1))


def test_the_signal_ingest_posts_yesterdays_recap_once_when_the_group_turned_recaps_on(fake, environment, tmp_path):
    env, db = environment
    bind(db)
    yesterday = dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=1)
    import_events(plays(yesterday), "UTC")
    # As `!ps set recap 00:00` long ago: yesterday's recap was due at midnight, today, within a day.
    db.execute_sql("INSERT INTO recap_setting (group_id, at, week_start, since) SELECT id, '00:00', 0, 0 FROM chat_group")
    log = tmp_path / "ingest.log"
    process = start({**env, "SPEAKER_TICK_S": "0.2", "PUBLIC_BASE_URL": "https://board.example"}, log)
    try:
        wait_for(lambda: fake.outgoing.taken("/v2/send"), 60, "the recap sent")
        wait_for(lambda: fake.state()["receives"] >= 5, 30, "a few more polls and speaker passes")
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0
    sends = fake.outgoing.taken("/v2/send")
    # Week start Monday, and the month's on the 1st: on those days their recaps are due too, once each.
    assert sorted(s["body"]["message"].split(" ", 1)[0] for s in sends) == expected_kinds(yesterday + dt.timedelta(days=1))
    [body] = [s["body"] for s in sends if s["body"]["message"].startswith("Puzzle recap for ")]
    assert body["number"] == ACCOUNT and body["recipients"] == [rest_group_id(GROUP)]
    text = body["message"]
    assert text.startswith(f"Puzzle recap for {yesterday:%A %-d %B %Y}, Puzzlers")
    assert "Wordle Alice 3/6" in text and "https://board.example/g/" in text
    assert "🟩" not in text and "⬛" not in text
