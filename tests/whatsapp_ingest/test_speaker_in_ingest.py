"""The speaker as the WhatsApp ingest starts it, beside its sender: a group that turned recaps on
gets yesterday's recap through WAHA's sendText (the fake checks and keeps the request), once;
with OUTBOUND=off no speaker starts."""

from __future__ import annotations

import datetime as dt
import json
import threading

from whatsapp_ingest.conftest import GROUP, environ, wait_for

from puzzlesecretary.importer import import_events
from puzzlesecretary.speaker import main as speaker
from puzzlesecretary_whatsapp_ingest import settings as settings_table
from puzzlesecretary_whatsapp_ingest.sender import make_sender


def plays(day: dt.date):
    for n, (who, name, guesses) in enumerate((("4915100000001@c.us", "Ana", 3), ("4915100000002@c.us", "Ben", 5))):
        at = dt.datetime.combine(day, dt.time(10, n), tzinfo=dt.timezone.utc)
        text = f"Wordle {(day - dt.date(2021, 6, 19)).days:,} {guesses}/6\n\n" + "⬛🟨⬛⬛⬛\n" * (guesses - 1) + "🟩🟩🟩🟩🟩"
        yield json.dumps({"platform": "whatsapp", "group": GROUP, "group_name": "Puzzlers", "message_id": f"m{n}",
                          "sender": who, "sender_name": name, "sent_at": at.isoformat(), "text": text})  # fmt: skip


def test_the_whatsapp_speaker_posts_yesterdays_recap_once_through_waha(db, db_url, fake_waha):
    yesterday = dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=1)
    import_events(plays(yesterday), "UTC")
    db.execute_sql("INSERT INTO recap_setting (group_id, at, week_start, since) SELECT id, '00:00', 0, 0 FROM chat_group")
    settings = settings_table.load(environ(db_url, fake_waha.url, SPEAKER_TICK_S="0.1", PUBLIC_BASE_URL="https://board.example"))
    stop = threading.Event()
    sender = make_sender(settings, db, stop)
    threads = [threading.Thread(target=sender.run, daemon=True), speaker.thread(settings, db, stop, "whatsapp", sender.enabled)]
    for thread in threads:
        thread.start()
    try:
        wait_for(lambda: fake_waha.outgoing.taken("/api/sendText"), 60, "the recap sent")
        stop.wait(1.0)  # ten more passes of the speaker
    finally:
        stop.set()
        sender.stop.set()
        for thread in threads:
            thread.join(timeout=10)
    sends = fake_waha.outgoing.taken("/api/sendText")
    # Week start Monday, and the month's on the 1st: on those days their recaps are due too, once each.
    today = yesterday + dt.timedelta(days=1)
    kinds = sorted(["Puzzle"] + ["Weekly"] * (today.weekday() == 0) + ["Monthly"] * (today.day == 1))
    assert sorted(s["body"]["text"].split(" ", 1)[0] for s in sends) == kinds
    [sent] = [s for s in sends if s["body"]["text"].startswith("Puzzle recap for ")]
    assert sent["body"]["chatId"] == GROUP
    assert sent["body"]["text"].startswith(f"Puzzle recap for {yesterday:%A %-d %B %Y}, Puzzlers")
    assert "Wordle Ana 3/6" in sent["body"]["text"] and "🟩" not in sent["body"]["text"]


def test_with_outbound_off_no_speaker_starts(db, db_url, fake_waha):
    settings = settings_table.load(environ(db_url, fake_waha.url, OUTBOUND="off"))
    assert speaker.thread(settings, db, threading.Event(), "whatsapp") is None
