"""Receive answers kept whole the moment they arrive, then cut into one RawEvent per element.

signal-cli takes what it receives off Signal's server, so an answer the ingest holds only in
memory is the last copy. The first write is therefore one row with the answer's bytes, in its
own short transaction (`keep`): the time a kill can still lose an answer is the time of that
one INSERT and its commit (docs/signal-ingest.md gives the measured figure). Cutting the
answer into its elements, and checking each against what was stored before, comes after, in a
second transaction that also deletes the answer's row (`split_waiting`): a kill before that
commit leaves the answer to be cut again at the next start, a kill after it leaves the
elements; neither loses or doubles one.

An answer waiting to be cut is a RawEvent with status `received` and kind `answer`; nothing
else reads that status (the appliers read `new`), so no table was added for it.
"""

from __future__ import annotations

import hashlib
import logging
import uuid

import peewee

from puzzlesecretary.clock import now_ms
from puzzlesecretary.ingest import store_raw
from puzzlesecretary.store import RawEvent, database, write_transaction
from puzzlesecretary.text import storable

from .envelopes import EnvelopeError, content_field, unwrap
from .metrics import Metrics
from .responses import Piece, split

log = logging.getLogger(__name__)

PLATFORM = "signal"
RECEIVED = "received"  # the status of an answer stored whole and not yet cut
ANSWER = "answer"  # its kind


def dedup_key(piece: Piece) -> str:
    """Sender, sent time, content and device name one delivery; the same envelope again has the same key.

    It starts with the message id ("<sender>:<sent time>:"): that is how the applier finds an
    earlier edit that a later edit names.
    """
    if piece.ok:
        try:
            envelope = unwrap(piece.value).get("envelope")
        except EnvelopeError:
            envelope = None
        if isinstance(envelope, dict) and envelope.get("sourceUuid") and envelope.get("timestamp"):
            key = f"{envelope['sourceUuid']}:{envelope['timestamp']}:{content_field(piece.value)}:{envelope.get('sourceDevice')}"
            return storable(key)  # the uuid is the upstream's text: a lone surrogate in it must not stop the store
    return "sha256:" + hashlib.sha256(piece.payload).hexdigest()


def is_empty(body: bytes) -> bool:
    """`[]`: the upstream had nothing, so there is nothing to lose (and no row to write)."""
    return body.strip(b" \t\r\n") == b"[]"


def keep(body: bytes) -> int | None:
    """Store a receive answer's bytes as one row, in one transaction; its id, or None for `[]`."""
    if is_empty(body):
        return None
    # Two answers may have the same bytes (the same envelope delivered again): a fresh key each.
    key = f"{ANSWER}:{uuid.uuid4().hex}"
    db = database()
    p = db.param
    # Plain SQL here and below: each live message passes these statements, and peewee's query
    # building cost more than the database's work (docs/performance.md, the Signal path).
    with write_transaction(db):
        return db.execute_sql(
            "INSERT INTO raw_event (platform, dedup_key, received_at, payload, status, kind)"
            f" VALUES ({p}, {p}, {p}, {p}, {p}, {p}) RETURNING id",
            (PLATFORM, key, now_ms(), bytes(body), RECEIVED, ANSWER),
        ).fetchone()[0]


def waiting() -> list[int]:
    """The answers stored whole and not cut yet, oldest first (a kill left them, or a refused write)."""
    db = database()
    sql = f"SELECT id FROM raw_event WHERE platform = {db.param} AND status = {db.param} ORDER BY id"
    return [answer_id for (answer_id,) in db.execute_sql(sql, (PLATFORM, RECEIVED)).fetchall()]


def split_waiting(metrics: Metrics) -> int:
    """Cut every waiting answer into its elements, oldest first; returns how many elements were new.

    A database error goes to the caller, which retries: the answers stay stored meanwhile.
    """
    new = 0
    for answer_id in waiting():
        try:
            new += split_answer(answer_id, metrics)
        except peewee.DatabaseError:
            raise
        except Exception as error:  # an answer that cannot be cut must not hold up the ones behind it
            log.exception("stored answer %s cannot be cut into its elements; kept whole, status error", answer_id)
            with write_transaction(database()):
                reason = f"cannot be cut into elements: {type(error).__name__}: {error}"
                RawEvent.update(status="error", error=reason).where(RawEvent.id == answer_id).execute()
            metrics.failure("split")
    return new


def split_answer(answer_id: int, metrics: Metrics) -> int:
    """Turn one stored answer into a RawEvent per element (status `new`) and delete it, in one transaction.

    Returns how many elements were new. An element seen before (the same dedup key) is counted
    as a duplicate and not stored again, so cutting an answer a second time adds nothing.
    """
    new = duplicates = 0
    failures: list[str] = []
    db = database()
    with write_transaction(db):
        sql = f"SELECT payload FROM raw_event WHERE id = {db.param} AND status = {db.param}"
        answer = db.execute_sql(sql, (answer_id, RECEIVED)).fetchone()
        if answer is None:
            return 0
        for piece in split(bytes(answer[0])):
            kind = content_field(piece.value) if piece.ok else "malformed"
            row = store_raw(PLATFORM, dedup_key(piece), piece.payload, kind)
            if row is None:
                duplicates += 1
                continue
            new += 1
            if piece.invalid_utf8:
                failures.append("invalid_utf8")
                log.warning("raw event %s is not valid UTF-8; read with replacement characters", row.id)
            if not piece.ok:
                failures.append("malformed_json")
                log.warning("raw event %s kept but not read: %s", row.id, piece.error)
                RawEvent.update(status="error", error=piece.error).where(RawEvent.id == row.id).execute()
        db.execute_sql(f"DELETE FROM raw_event WHERE id = {db.param}", (answer_id,))
    # Counted once committed: a refused transaction is tried again and must not count twice.
    for _ in range(duplicates):
        metrics.duplicate()
    for reason in failures:
        metrics.failure(reason)
        if reason == "malformed_json":
            metrics.message("malformed")
    return new
