"""Writes exports/long/: a real-looking Android export of a friends' group over a few months.

Run once to (re)make the fixture: `.venv/bin/python tests/whatsapp_ingest/make_long_export.py`.
Two overlapping exports of one chat (August to October, and October to mid-November), as a
member would send them a few weeks apart, plus manifest.json: every distinct share posted
(author, game, puzzle), which is what the board must hold once each. The share texts come from
puzzlesecretary.sample (real formats); the chat around them has what real exports have: system
lines, media, deletions, edits, reposts, a pasted-twice share, chatter with colons, a member
who joins late, and the exporter's own posts as "You".
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from puzzlesecretary.games import GAMES
from puzzlesecretary.sample import CHATTER, MAKERS

OUT = Path(__file__).resolve().parent / "exports" / "long"
START, SPLIT_END, SECOND_START, END = dt.date(2025, 8, 1), dt.date(2025, 10, 31), dt.date(2025, 10, 1), dt.date(2025, 11, 15)
PLAYERS = ("Alice", "Bob Marsh", "Chidi", "You", "Eli")
NNBSP = "\u202f"


def stamp(at: dt.datetime) -> str:
    hour = at.hour % 12 or 12
    return f"{at.month}/{at.day}/{at.year % 100:02d}, {hour}:{at.minute:02d}{NNBSP}{'AM' if at.hour < 12 else 'PM'}"


# One walk through the days drawing from one random stream: the fixture depends on the draws' order.
def chat(seed: int = 2025) -> tuple[list[tuple[dt.datetime, str]], list[list]]:  # noqa: C901
    rng = random.Random(seed)
    lines: list[tuple[dt.datetime, str]] = []
    shares: set[tuple[str, str, int]] = set()
    first = dt.datetime.combine(START, dt.time(7, 1))
    lines.append(
        (
            first,
            "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, "
            "can read or listen to them. Tap to learn more.",
        )
    )
    lines.append((first, 'Alice created group "The Puzzle Pals"'))
    lines.append((first, "Alice added Bob Marsh, Chidi and You"))
    day = START
    while day <= END:
        for name in PLAYERS:
            if name == "Eli" and day < dt.date(2025, 9, 10):
                continue
            if name == "Eli" and day == dt.date(2025, 9, 10):
                lines.append((dt.datetime.combine(day, dt.time(6, 30)), "Eli joined using this group's invite link"))
            for slug in ("wordle", "connections"):  # the games whose shares this fixture is about
                game, maker = GAMES[slug], MAKERS[slug]
                if rng.random() < 0.22:
                    continue
                at = dt.datetime.combine(day, dt.time(6 + rng.randrange(15), rng.randrange(60)))
                puzzle = game.calendar.puzzle_on(day)
                share = maker(rng, puzzle, day)
                lines.append((at, f"{name}: {share}"))
                shares.add((name, slug, puzzle))
                roll = rng.random()
                if roll < 0.03:  # pasted twice by mistake, same minute
                    lines.append((at, f"{name}: {share}"))
                elif roll < 0.06:  # reposted later for the people who missed it
                    lines.append((at + dt.timedelta(hours=2, minutes=rng.randrange(50)), f"{name}: reposting:\n{share}"))
                elif roll < 0.08:  # an edit: the export keeps only the final text, with a marker
                    lines[-1] = (at, f"{name}: {share} <This message was edited>")
        for _ in range(rng.randrange(4)):
            at = dt.datetime.combine(day, dt.time(8 + rng.randrange(14), rng.randrange(60)))
            text = rng.choice(
                CHATTER + ("note to self: buy milk", "score so far: 3 wins to 2", "<Media omitted>", "This message was deleted")
            )
            lines.append((at, f"{rng.choice(PLAYERS[:4])}: {text}"))
        if day == dt.date(2025, 9, 1):
            lines.append(
                (
                    dt.datetime.combine(day, dt.time(20, 0)),
                    'Bob Marsh changed the subject from "Puzzle Pals" to "The Puzzle Pals: season 2"',
                )
            )
        day += dt.timedelta(days=1)
    lines.sort(key=lambda item: item[0])
    return lines, sorted([list(s) for s in shares])


def write(lines, start: dt.date, end: dt.date, name: str) -> None:
    kept = [f"{stamp(at)} - {text}" for at, text in lines if start <= at.date() <= end]
    (OUT / name).write_text("\n".join(kept) + "\n", encoding="utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    lines, shares = chat()
    write(lines, START, SPLIT_END, "WhatsApp Chat with The Puzzle Pals.txt")
    write(lines, SECOND_START, END, "WhatsApp Chat with The Puzzle Pals (1).txt")
    (OUT / "manifest.json").write_text(json.dumps({"shares": shares}, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(lines)} lines, {len(shares)} distinct shares")


if __name__ == "__main__":
    main()
