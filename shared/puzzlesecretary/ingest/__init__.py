"""The one write path: chat events in, messages and scores stored.

Every way in (Signal, WhatsApp, the importers, the sample chat, the benchmark) goes through here:
- `applier`: what each event of `puzzlesecretary.events` does (the policy, in one place);
- `messages`: storing messages, raw text first, in one transaction before anything reads them;
- `derive`: parsing them and deriving their scores in a second one (the earliest post counts);
- `revisions`: edits, deletes and placeholders; `people`: groups, identities, memberships.
`ingest` stores and scores a batch. Messages left `pending` by a crash between the two steps are
picked up by `score_pending`. Scores can always be rebuilt from messages (`reparse`).
"""

from __future__ import annotations

from typing import Sequence

from ..store.bulk import CHUNK
from .applier import Applier, Outcome, Policy, Transport, apply
from .derive import LATE_GRACE, reparse, score_messages, score_pending
from .messages import Incoming, Stored, find_repeat, store_messages, store_raw
from .people import ensure_group, ensure_identity, new_token
from .revisions import _copies_of, delete_message, edit_message, fill_original, find_revision


def ingest(batch: Sequence[Incoming], default_timezone: str = "UTC") -> list[Stored]:
    """Store a batch, then score it: the path the sample chat and the benchmark use."""
    stored = store_messages(batch, default_timezone, settle=True)
    score_messages(i for s in stored for i in s.message_ids if i not in s.chatter)
    return stored


__all__ = [
    "CHUNK",
    "LATE_GRACE",
    "Applier",
    "Incoming",
    "Outcome",
    "Policy",
    "Stored",
    "Transport",
    "_copies_of",
    "apply",
    "delete_message",
    "edit_message",
    "ensure_group",
    "ensure_identity",
    "fill_original",
    "find_repeat",
    "find_revision",
    "ingest",
    "new_token",
    "reparse",
    "score_messages",
    "score_pending",
    "store_messages",
    "store_raw",
]
