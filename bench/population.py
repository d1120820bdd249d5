"""A realistic population of group chats, made on demand and deterministic for a seed.

Groups of 3 to 50 players, the first one always 50 (the group whose pages the benchmark
times); each player plays one to three of the games the sample can write, most days; about
five ordinary chat messages per share; now and then an edit or a repost. Pure: it yields
chat events and never touches the store. Events come one day at a time, so an ingest process
holds a day, not a year.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from puzzlesecretary.games import GAMES
from puzzlesecretary.ingest import Incoming
from puzzlesecretary.sample import CHATTER, MAKERS

PLATFORM = "bench"
MEASURED_GROUP = "bench-g0"  # the 50-player group the page benchmark reads
MEASURED_SIZE = 50


@dataclass(frozen=True)
class Shape:
    """How big the population is and how it behaves."""

    players: int
    days: int = 365
    chatter_per_share: float = 5.0
    play_rate: float = 0.8  # chance a player plays a given game of theirs on a given day
    edit_rate: float = 0.01  # of shares
    repost_rate: float = 0.01  # of shares
    measured_days: int = 365  # history of the measured group (a year, whatever `days` is)
    seed: int = 8
    timezone: str = "Europe/London"


@dataclass(frozen=True)
class Edit:
    """A sender corrects a message they sent."""

    message_id: str
    text: str
    at: dt.datetime


@dataclass(frozen=True)
class Member:
    sender_id: str
    name: str
    games: tuple[str, ...]


@dataclass(frozen=True)
class ChatGroup:
    platform_id: str
    members: tuple[Member, ...]
    days: int


def playable_games() -> list[str]:
    """Games the sample can write a share for and whose puzzles have dates."""
    return [slug for slug in MAKERS if slug in GAMES and GAMES[slug].calendar is not None]


def iter_groups(shape: Shape) -> Iterator[ChatGroup]:
    """Split `shape.players` into groups of 3 to 50, the first of exactly 50 (or all, if fewer).

    One group at a time, so a process growing the database by a range of groups holds one
    group, not the whole population (its peak RSS is the ingest's, not the generator's).
    """
    rng = random.Random(shape.seed)
    games = playable_games()
    sizes: list[int] = []
    left = shape.players
    while left > 0:
        size = MEASURED_SIZE if not sizes else min(left, int(rng.triangular(3, 50, 8)))
        size = min(size, left)
        if left - size < 3 and left - size > 0:
            size = left  # no group smaller than three
        sizes.append(size)
        left -= size
    number = 0
    for index, size in enumerate(sizes):
        members = []
        for _ in range(size):
            number += 1
            count = min(len(games), rng.choice((1, 1, 2, 2, 3)))
            members.append(Member(f"bench-p{number}", f"Player {number}", tuple(rng.sample(games, count))))
        days = shape.measured_days if index == 0 else shape.days
        yield ChatGroup(f"bench-g{index}", tuple(members), days)


def groups(shape: Shape) -> list[ChatGroup]:
    """Every group of the population, as a list."""
    return list(iter_groups(shape))


def day_events(group: ChatGroup, day: dt.date, shape: Shape, rng: random.Random) -> list[Incoming | Edit]:
    """One group's messages, edits and reposts for one day, in the order they were sent."""
    zone = ZoneInfo(shape.timezone)
    timed: list[tuple[dt.datetime, int, Incoming | Edit]] = []
    serial = 0

    def at(hour_from: int, hour_to: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(rng.randrange(hour_from, hour_to), rng.randrange(60), rng.randrange(60)), zone)

    def post(member: Member, when: dt.datetime, text: str) -> Incoming:
        nonlocal serial
        serial += 1
        incoming = Incoming(
            platform=PLATFORM,
            message_id=f"{group.platform_id}-{day.isoformat()}-{serial}",
            group_id=group.platform_id,
            sender_id=member.sender_id,
            sender_name=member.name,
            sent_at=when,
            text=text,
        )
        timed.append((when, serial, incoming))
        return incoming

    shares = 0
    for member in group.members:
        for slug in member.games:
            if rng.random() >= shape.play_rate:
                continue
            calendar = GAMES[slug].calendar
            text = MAKERS[slug](rng, calendar.puzzle_on(day), day)
            when = at(6, 22)
            share = post(member, when, text)
            shares += 1
            if rng.random() < shape.edit_rate:
                timed.append(
                    (
                        when + dt.timedelta(minutes=2),
                        10**9 + serial,
                        Edit(share.message_id, text + "\n(edited)", when + dt.timedelta(minutes=2)),
                    )
                )
            if rng.random() < shape.repost_rate:
                post(member, when + dt.timedelta(minutes=30), "again, in case you missed it:\n" + text)
    # About `chatter_per_share` ordinary messages per share, spread over the day.
    chatter = sum(1 for _ in range(int(shares * shape.chatter_per_share * 2)) if rng.random() < 0.5)
    for _ in range(chatter):
        post(rng.choice(group.members), at(7, 23), rng.choice(CHATTER))
    timed.sort(key=lambda item: (item[0], item[1]))
    return [event for _, _, event in timed]


def history(
    shape: Shape, end: dt.date, chats: Iterable[ChatGroup] | None = None
) -> Iterator[tuple[dt.date, list[Incoming | Edit]]]:
    """Each group's events for each day from the oldest to `end`, one (group, day) at a time.

    Groups are independent, so a group's whole history comes before the next group's: an
    ingest holds one group-day in memory, not a day of every group.
    """
    for chat in iter_groups(shape) if chats is None else chats:
        rng = random.Random(f"{shape.seed}-{chat.platform_id}")
        for offset in range(chat.days - 1, -1, -1):
            day = end - dt.timedelta(days=offset)
            yield day, day_events(chat, day, shape, rng)
