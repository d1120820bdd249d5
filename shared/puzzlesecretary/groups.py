"""Which groups PuzzleSecretary reads and answers: the one gate, for the ingests and the outbox.

A group is open when it is enabled in the store (`!ps join CODE`, or read before joining
existed), or when the operator's allowlist (`SIGNAL_GROUP_IDS`, `WAHA_GROUP_IDS`) names it;
never when it was disabled (`!ps leave`, `puzzlesecretary groups --disable`), and never when
an allowlist is set and does not name it. `is_open` is that rule, pure; `Gate` keeps the
states of one platform's groups in memory for the transports' readers, refreshed from the
store once per batch.
"""

from __future__ import annotations

from typing import Collection

import peewee

from .clock import now_ms
from .store import Group

SEEN, ENABLED, DISABLED = "seen", "enabled", "disabled"


def is_open(state: str | None, platform_id: str, allowlist: Collection[str] | None) -> bool:
    """Whether a group in `state` (None: not stored) is read and answered."""
    if state == DISABLED:
        return False
    if allowlist is not None:
        return platform_id in allowlist
    return state == ENABLED


def may_join(state: str | None, platform_id: str, allowlist: Collection[str] | None) -> bool:
    """Whether `!ps join` may enable this group: any group, unless an allowlist leaves it out."""
    return allowlist is None or platform_id in allowlist


def group_open(db: peewee.Database, platform: str, platform_id: str, allowlist: Collection[str] | None = None) -> bool:
    """The gate for one group, read from the store: the senders never post where this is False (sending.gate)."""
    row = db.execute_sql(
        f"SELECT state FROM chat_group WHERE platform = {db.param} AND platform_id = {db.param}", (platform, platform_id)
    ).fetchone()
    return is_open(row[0] if row else None, platform_id, allowlist)


def set_state(group: Group, state: str) -> None:
    """Enable or disable a group (its data stays); its pages move to a new revision."""
    Group.update(state=state, revision=Group.revision + 1).where(Group.id == group.id).execute()
    group.state = state


class Gate:
    """`platform_id in gate`: is the group open? The transports' readers ask it for every payload."""

    def __init__(self, platform: str, allowlist: Collection[str] | None = None) -> None:
        self.platform = platform
        self.allowlist = frozenset(allowlist) if allowlist is not None else None
        self.states: dict[str, str] = {}
        self.read_at = 0

    def refresh(self) -> "Gate":
        """Read the platform's enabled and disabled groups (one probe of an index; a group only
        seen reads the same as one not stored)."""
        # Plain SQL: every apply asks it, and peewee's query building cost more than the probe
        # (docs/performance.md, the Signal path).
        db = Group._meta.database
        p = db.param
        rows = db.execute_sql(
            f"SELECT platform_id, state FROM chat_group WHERE platform = {p} AND state IN ({p}, {p})",
            (self.platform, ENABLED, DISABLED),
        ).fetchall()
        self.states = {platform_id: state for platform_id, state in rows}
        self.read_at = now_ms()
        return self

    def __contains__(self, platform_id: object) -> bool:
        return isinstance(platform_id, str) and is_open(self.states.get(platform_id), platform_id, self.allowlist)

    def __iter__(self):
        """The open groups the store knows, and the allowlisted ones."""
        known = set(self.states) | set(self.allowlist or ())
        return iter(sorted(g for g in known if g in self))

    def __len__(self) -> int:
        return sum(1 for _ in self)
