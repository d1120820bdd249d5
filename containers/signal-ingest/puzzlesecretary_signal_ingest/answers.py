"""Receive answers kept the moment they arrive, as one RawEvent per element, or whole first.

signal-cli takes what it receives off Signal's server, so an answer the ingest holds only in
memory is the last copy. A small answer (a live poll: one envelope or a few, up to
CUT_AT_ONCE_BYTES) is cut into its elements in the very transaction that keeps it
(`keep_and_cut`): one commit stores each element with its bytes exactly as received, checked
against what was stored before. When cutting fails, that transaction is rolled back and the
answer is kept whole instead, at once, so nothing is lost.

A large answer (a backlog of up to 500 envelopes) is kept whole first, one row in its own short
transaction, since cutting it takes hundreds of milliseconds and a kill before the commit would
lose it all (docs/signal-ingest.md gives the measured figures). Cutting comes after, in a second
transaction that also deletes the answer's row (`split_waiting`; the poller's Pipeline.cut_and_apply
applies the elements in that same transaction): a kill before that commit leaves the answer to be
cut again at the next start, a kill after it leaves the elements; neither loses or doubles one.

An answer waiting to be cut is a RawEvent with status `received` and kind `answer`; nothing
else reads that status (the appliers read `new`), so no table was added for it.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

import peewee

from puzzlesecretary.clock import now_ms
from puzzlesecretary.json_elements import Piece, split
from puzzlesecretary.store import RawEvent, database, write_transaction
from puzzlesecretary.store.bulk import insert_rows
from puzzlesecretary.text import storable

from .envelopes import EnvelopeError, content_field, unwrap
from .metrics import Metrics

log = logging.getLogger(__name__)

PLATFORM = "signal"
RECEIVED = "received"  # the status of an answer stored whole and not yet cut
ANSWER = "answer"  # its kind
# Answers up to this size are cut in the transaction that keeps them. One envelope is about
# 555 bytes and takes well under a millisecond to cut; a 500-envelope backlog took 251 to 415 ms.
CUT_AT_ONCE_BYTES = 16 * 1024
CONFLICT = "(platform, dedup_key) DO NOTHING"  # the same envelope delivered again stores nothing


@dataclass
class Cut:
    """What cutting one answer stored: how many elements were new, seen before, and what failed."""

    new: int = 0
    duplicates: int = 0
    failures: list[str] = field(default_factory=list)
    decoded: dict[int, Any] = field(default_factory=dict)  # each new element's value, by its row id

    def count(self, metrics: Metrics) -> None:
        """Count it, once its transaction is committed (a refused one is tried again, and must not count twice)."""
        for _ in range(self.duplicates):
            metrics.duplicate()
        for reason in self.failures:
            metrics.failure(reason)
            if reason == "malformed_json":
                metrics.message("malformed")


@dataclass(frozen=True)
class Kept:
    """An answer stored: cut already (`waiting` False), or kept whole to be cut by split_waiting."""

    new: int = 0
    waiting: bool = False


def dedup_key(piece: Piece, content: str | None = None) -> str:
    """Sender, sent time, content and device name one delivery; the same envelope again has the same key.

    It starts with the message id ("<sender>:<sent time>:"): that is how the applier finds an
    earlier edit that a later edit names. `content`: the piece's content_field, when known.
    """
    if piece.ok:
        try:
            envelope = unwrap(piece.value).get("envelope")
        except EnvelopeError:
            envelope = None
        if isinstance(envelope, dict) and envelope.get("sourceUuid") and envelope.get("timestamp"):
            content = content_field(piece.value) if content is None else content
            key = f"{envelope['sourceUuid']}:{envelope['timestamp']}:{content}:{envelope.get('sourceDevice')}"
            return storable(key)  # the uuid is the upstream's text: a lone surrogate in it must not stop the store
    return "sha256:" + hashlib.sha256(piece.payload).hexdigest()


def is_empty(body: bytes) -> bool:
    """`[]`: the upstream had nothing, so there is nothing to lose (and no row to write)."""
    return body.strip(b" \t\r\n") == b"[]"


def keep(body: bytes) -> int | None:
    """Store a receive answer's bytes as one row, in one transaction; its id, or None for `[]`."""
    if is_empty(body):
        return None
    with write_transaction(database()):
        return _insert_answer(body)


def _insert_answer(body: bytes, status: str = RECEIVED, error: str | None = None) -> int:
    """The answer's bytes as one row, in the caller's transaction; its id."""
    # Two answers may have the same bytes (the same envelope delivered again): a fresh key each.
    key = f"{ANSWER}:{uuid.uuid4().hex}"
    db = database()
    p = db.param
    # Plain SQL here and below: each live message passes these statements, and peewee's query
    # building cost more than the database's work (docs/performance.md, the Signal path).
    return db.execute_sql(
        "INSERT INTO raw_event (platform, dedup_key, received_at, payload, status, kind, error)"
        f" VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}) RETURNING id",
        (PLATFORM, key, now_ms(), bytes(body), status, ANSWER, error),
    ).fetchone()[0]


def keep_and_cut(body: bytes, metrics: Metrics, decoded: dict[int, Any] | None = None) -> Kept:
    """Store a receive answer in one transaction: cut into its elements when small, else whole.

    When cutting fails, that transaction is rolled back and the answer is kept whole right
    after, in a transaction of its own: with status `error` and the reason when it cannot be
    cut at all, or `received` (cut later by split_waiting) when the database refused a
    statement of the cut. A database that refuses that too raises to the caller, which retries
    with the answer still in memory. `decoded` gets the new elements' values once they are committed.
    """
    if is_empty(body):
        return Kept()
    db = database()
    if len(body) > CUT_AT_ONCE_BYTES:
        keep(body)
        return Kept(waiting=True)
    try:
        with write_transaction(db):
            cut = _cut(bytes(body))
    except peewee.DatabaseError as error:
        log.warning("a received answer (%d bytes) is kept whole, to be cut later: the cut failed: %s", len(body), error)
        keep(body)
        return Kept(waiting=True)
    except Exception as error:  # an answer that cannot be cut is kept whole, and the ones behind it go on
        reason = f"cannot be cut into elements: {type(error).__name__}: {error}"
        with write_transaction(db):
            answer_id = _insert_answer(body, "error", reason[:500])
        log.exception("received answer %s cannot be cut into its elements; kept whole, status error", answer_id)
        metrics.failure("split")
        return Kept()
    cut.count(metrics)
    if decoded is not None:
        decoded.update(cut.decoded)
    return Kept(new=cut.new)


def waiting() -> list[int]:
    """The answers stored whole and not cut yet, oldest first (a kill left them, or a refused write)."""
    db = database()
    sql = f"SELECT id FROM raw_event WHERE platform = {db.param} AND status = {db.param} ORDER BY id"
    return [answer_id for (answer_id,) in db.execute_sql(sql, (PLATFORM, RECEIVED)).fetchall()]


def split_waiting(
    metrics: Metrics,
    decoded: dict[int, Any] | None = None,
    defer: list | None = None,
    whole: Callable[[int], int | None] | None = None,
) -> int:
    """Cut every waiting answer into its elements, oldest first; returns how many elements were new.

    A database error goes to the caller, which retries: the answers stay stored meanwhile. Inside
    the caller's transaction (Pipeline.cut_and_apply) `defer` gets the counting, for after its commit,
    and `whole` is tried first: it applies a plain answer from its row (whole_answers), or says None.
    """
    new = 0
    for answer_id in waiting():
        try:
            applied = whole(answer_id) if whole is not None else None
            new += split_answer(answer_id, metrics, decoded, defer) if applied is None else applied
        except peewee.DatabaseError:
            raise
        except Exception as error:  # an answer that cannot be cut must not hold up the ones behind it
            log.exception("stored answer %s cannot be cut into its elements; kept whole, status error", answer_id)
            with write_transaction(database()):
                reason = f"cannot be cut into elements: {type(error).__name__}: {error}"
                RawEvent.update(status="error", error=reason).where(RawEvent.id == answer_id).execute()
            _count(lambda: metrics.failure("split"), defer)
    return new


def _count(count, defer: list | None) -> None:
    """Count now, or once the caller's transaction is committed (a refused one is tried again, and must not count twice)."""
    count() if defer is None else defer.append(count)


def split_answer(answer_id: int, metrics: Metrics, decoded: dict[int, Any] | None = None, defer: list | None = None) -> int:
    """Turn one stored answer into a RawEvent per element (status `new`) and delete it, in one transaction.

    Returns how many elements were new. An element seen before (the same dedup key) is counted
    as a duplicate and not stored again, so cutting an answer a second time adds nothing.
    """
    db = database()
    with write_transaction(db):
        sql = f"SELECT payload FROM raw_event WHERE id = {db.param} AND status = {db.param}"
        answer = db.execute_sql(sql, (answer_id, RECEIVED)).fetchone()
        if answer is None:
            return 0
        cut = _cut(bytes(answer[0]))
        db.execute_sql(f"DELETE FROM raw_event WHERE id = {db.param}", (answer_id,))
    _count(lambda: cut.count(metrics), defer)
    if decoded is not None:
        decoded.update(cut.decoded)
    return cut.new


def _cut(answer: bytes) -> Cut:
    """Store a RawEvent (status `new`) per element of an answer not seen before, in the caller's transaction.

    One multi-row INSERT per hundred elements: an element whose dedup key is stored (before, or
    earlier in this answer) inserts nothing and is a duplicate. A malformed element is stored
    with status `error` and its reason at once. The new elements' decoded values are kept in
    `cut.decoded` by row id, for the applier of this process once the transaction is committed.
    """
    cut = Cut()
    received = now_ms()
    pieces = split(answer)
    contents = [content_field(piece.value) if piece.ok else "malformed" for piece in pieces]
    keys = [dedup_key(piece, content) for piece, content in zip(pieces, contents, strict=True)]
    rows = [
        (PLATFORM, key, received, piece.payload, "new", content, None) if piece.ok
        else (PLATFORM, key, received, piece.payload, "error", "malformed", piece.error)
        for key, content, piece in zip(keys, contents, pieces, strict=True)
    ]  # fmt: skip
    columns = ("platform", "dedup_key", "received_at", "payload", "status", "kind", "error")
    stored = dict((key, raw_id) for raw_id, key in insert_rows("raw_event", columns, rows, "id, dedup_key", CONFLICT))
    for key, piece in zip(keys, pieces, strict=True):
        raw_id = stored.pop(key, None)  # the first element of a key, when it was new; the others are duplicates
        if raw_id is None:
            cut.duplicates += 1
            continue
        cut.new += 1
        if piece.invalid_utf8:
            cut.failures.append("invalid_utf8")
            log.warning("raw event %s is not valid UTF-8; read with replacement characters", raw_id)
        if not piece.ok:
            cut.failures.append("malformed_json")
            log.warning("raw event %s kept but not read: %s", raw_id, piece.error)
            continue
        cut.decoded[raw_id] = piece.value
    return cut
