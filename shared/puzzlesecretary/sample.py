"""A realistic group chat, made on demand: the sample `make run` shows, and the benchmark's population.

Deterministic for a seed and an end date, so the sample is always "the last few weeks" and
today's board is never empty. Share texts follow the real formats the parsers read.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import Callable, Iterator
from zoneinfo import ZoneInfo

from .games import GAMES, clock_text

Maker = Callable[[random.Random, int, dt.date], str]

CHATTER = (
    "morning all",
    "that one was brutal",
    "who's cooking tonight?",
    "anyone seen the match last night",
    "5/6 today, ugh",
    "I refuse to believe that word is real",
    "lol",
    "ok purple group was evil",
    "coffee first, puzzles second",
    "how is everyone so fast at these",
    "see you at 7",
    "did you try the new one?",
    "👀",
    "no spoilers please, haven't played yet",
    "that's a new personal best for me",
    "nice one!",
)


def wordle_share(rng: random.Random, puzzle: int, day: dt.date) -> str:
    guesses = rng.choices([2, 3, 4, 5, 6, 7], weights=[3, 25, 35, 22, 10, 5])[0]
    hard = rng.random() < 0.2
    rows = []
    for i in range(min(guesses, 6)):
        if i == guesses - 1:
            rows.append("🟩" * 5)
        else:
            rows.append("".join(rng.choice("⬛⬛⬛🟨🟩") for _ in range(5)))
    score = "X" if guesses == 7 else str(guesses)
    return f"Wordle {puzzle:,} {score}/6{'*' if hard else ''}\n\n" + "\n".join(rows)


def connections_share(rng: random.Random, puzzle: int, day: dt.date) -> str:
    colours = ["🟨", "🟩", "🟦", "🟪"]
    rng.shuffle(colours) if rng.random() < 0.2 else None
    mistakes = rng.choices([0, 1, 2, 3, 4], weights=[30, 30, 20, 12, 8])[0]
    rows: list[str] = []
    solved = 0
    made = 0
    while solved < 4 and made < 4:
        if made < mistakes and rng.random() < 0.5:
            row = [colours[solved]] * 3 + [rng.choice([c for c in colours if c != colours[solved]])]
            rng.shuffle(row)
            rows.append("".join(row))
            made += 1
        else:
            rows.append(colours[solved] * 4)
            solved += 1
    return f"Connections\nPuzzle #{puzzle}\n" + "\n".join(rows)


def _linkedin_clock(rng: random.Random, typical: float) -> str:
    seconds = max(5, min(1800, int(rng.lognormvariate(math.log(typical), 0.6))))
    return clock_text(seconds)


def _linkedin_flawless(rng: random.Random, day: dt.date) -> str:
    """The flawless wording LinkedIn used on `day` (2024-25 `and flawless`, 2026 `with no mistakes`)."""
    if rng.random() < 0.45:
        return ""
    if day.year < 2026:
        return " and flawless"
    return rng.choice((" with no mistakes", " with no mistakes & no hints"))


def _linkedin_brag(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return ""
    return rng.choice(
        (
            "🏅 I’m in the Top 1% of all players today!\n",
            "🏅 I’m in the Top 10% of my connections today!\n",
            f"🏅 I’m on a {rng.randrange(2, 300)}-day win streak!\n",
        )
    )


def queens_share(rng: random.Random, puzzle: int, day: dt.date) -> str:
    crowns = " ".join(rng.sample(["🟥", "🟧", "🟨", "🟩", "🟦", "🟪", "🟫", "⬜️"], 3))
    return (
        f"Queens #{puzzle} | {_linkedin_clock(rng, 75)}{_linkedin_flawless(rng, day)}\n"
        f"First 👑s: {crowns}\n{_linkedin_brag(rng)}lnkd.in/queens."
    )


def tango_share(rng: random.Random, puzzle: int, day: dt.date) -> str:
    grid = [["🟨"] * 6 for _ in range(6)]
    for n, cell in enumerate(rng.sample(range(36), 5), 1):
        grid[cell // 6][cell % 6] = f"{n}\ufe0f\u20e3"
    rows = "\n".join("".join(row) for row in grid)
    return (
        f"Tango #{puzzle} | {_linkedin_clock(rng, 60)}{_linkedin_flawless(rng, day)}\n"
        f"First 5 placements:\n{rows}\n{_linkedin_brag(rng)}lnkd.in/tango."
    )


def zip_share(rng: random.Random, puzzle: int, day: dt.date) -> str:
    backtracks = 0 if rng.random() < 0.5 else rng.randrange(1, 9)
    line = "With no backtracks 🟢" if backtracks == 0 else f"With {backtracks} backtrack{'s' if backtracks > 1 else ''} 🛑"
    return (
        f"Zip #{puzzle} | {_linkedin_clock(rng, 30)}{_linkedin_flawless(rng, day)} 🏁\n{line}\n{_linkedin_brag(rng)}lnkd.in/zip."
    )


STRANDS_THEMES = (
    "Knot your average puzzle",
    "With a little elbow grease",
    "Now we're cooking!",
    "In pieces",
    "Game on",
    "Let's face it",
)


def strands_share(rng: random.Random, puzzle: int, day: dt.date) -> str:
    words = ["🔵"] * rng.randrange(5, 8)
    words.insert(rng.randrange(len(words) + 1), "🟡")
    for _ in range(rng.choices([0, 1, 2, 3], weights=[50, 28, 15, 7])[0]):
        words.insert(rng.randrange(len(words)), "💡")
    rows = ["".join(words[i : i + 4]) for i in range(0, len(words), 4)]
    return f"Strands #{puzzle}\n“{rng.choice(STRANDS_THEMES)}”\n" + "\n".join(rows)


def mini_share(rng: random.Random, puzzle: int, day: dt.date) -> str:
    seconds = max(8, min(900, int(rng.lognormvariate(math.log(55), 0.5))))
    clock = clock_text(seconds)
    if rng.random() < 0.2:  # the web writes the month's name
        return f"I solved the {day:%b} {day.day}, {day.year} New York Times Mini Crossword in {clock}!"
    # The app writes M/D/YYYY and sometimes breaks the sentence in two.
    gap = "\n" if rng.random() < 0.2 else " "
    return f"I solved the {day.month}/{day.day}/{day.year} New York Times{gap}Mini Crossword in {clock}!"


# One line per game the sample can write; games without a maker are simply not in the sample.
MAKERS: dict[str, Maker] = {
    "wordle": wordle_share,
    "connections": connections_share,
    "queens": queens_share,
    "tango": tango_share,
    "zip": zip_share,
    "strands": strands_share,
    "mini": mini_share,
}

PLAYERS = ("Alice", "Bob", "Chidi", "Dana", "Eli")


@dataclass(frozen=True)
class Event:
    """One line of an import file: a message, an edit of one, or a delete."""

    kind: str
    message_id: str
    sender: str
    sender_name: str
    at: dt.datetime
    text: str = ""

    def to_json(self, group: str, group_name: str, platform: str) -> dict:
        data = {
            "kind": self.kind,
            "platform": platform,
            "group": group,
            "group_name": group_name,
            "message_id": self.message_id,
            "sender": self.sender,
            "sender_name": self.sender_name,
            "sent_at": self.at.isoformat(),
        }
        if self.kind != "delete":
            data["text"] = self.text
        return data


# One walk through the days drawing from one random stream: split, the draws would be harder to keep in their order.
def sample_chat(end: dt.date, days: int = 21, seed: int = 7, players=PLAYERS, timezone: str = "Europe/London") -> list[Event]:  # noqa: C901
    """A few weeks of a friends' group: shares, chatter, an edit, a repost and a deleted message."""
    rng = random.Random(seed)
    zone = ZoneInfo(timezone)
    events: list[Event] = []
    counter = 0

    def post(sender: str, at: dt.datetime, text: str) -> Event:
        nonlocal counter
        counter += 1
        event = Event("message", f"sample-{counter}", f"sample:{sender.lower()}", sender, at, text)
        events.append(event)
        return event

    for offset in range(days - 1, -1, -1):
        day = end - dt.timedelta(days=offset)
        for name in players:
            if offset == 0 and name == players[-1]:
                continue  # somebody always hasn't played yet today
            today = offset == 0  # on the last day everybody else has played, early in the morning
            if not today and rng.random() < 0.15:
                continue
            for slug, maker in MAKERS.items():
                game = GAMES.get(slug)
                if game is None or (not today and rng.random() < 0.2):
                    continue
                hour = 6 + rng.randrange(3) if today else 7 + rng.randrange(12)
                at = dt.datetime.combine(day, dt.time(hour, rng.randrange(60)), zone)
                # A game without numbers (the Mini) is named by the day alone.
                share = maker(rng, game.calendar.puzzle_on(day) if game.calendar else 0, day)
                if rng.random() < 0.2:
                    share = rng.choice(("phew\n", "Brain freeze 🤔", "")) + share + rng.choice(("\nclose one", "", ""))
                post(name, at, share)
            for _ in range(rng.randrange(3)):
                at = dt.datetime.combine(day, dt.time(8 + rng.randrange(14), rng.randrange(60)), zone)
                post(rng.choice(players), at, rng.choice(CHATTER))
    # The stories every real chat has.
    first = next(e for e in events if e.text.startswith("Wordle"))
    events.append(
        Event(
            "edit",
            first.message_id,
            first.sender,
            first.sender_name,
            first.at + dt.timedelta(minutes=2),
            first.text + "\n(edited: forgot the star, not hard mode)",
        )
    )
    oops = post(players[1], first.at + dt.timedelta(minutes=5), "Wordle 5 3/6\n\nwrong game, ignore")
    events.append(Event("delete", oops.message_id, oops.sender, oops.sender_name, oops.at + dt.timedelta(minutes=1)))
    repost_of = next(e for e in reversed(events) if e.kind == "message" and e.text.startswith("Connections"))
    post(repost_of.sender_name, repost_of.at + dt.timedelta(hours=1), "again in case you missed it:\n" + repost_of.text)
    wordle = GAMES["wordle"].calendar
    if wordle is not None:
        post(
            players[2],
            dt.datetime.combine(end, dt.time(9), zone),
            f"Wordle {wordle.puzzle_on(end) + 400:,} 2/6\n\n🟨⬛⬛⬛⬛\n🟩🟩🟩🟩🟩",
        )
    events.sort(key=lambda e: e.at)
    return events


def sample_lines(end: dt.date, **kwargs) -> Iterator[dict]:
    for event in sample_chat(end, **kwargs):
        yield event.to_json("sample-group", "The Puzzle Pals", "sample")
