"""whole_answers.group_post, the one-pass reader of a plain group post, against classify and translate: pure, no I/O."""

import copy
import itertools

from signal_ingest import fake_signal_api as f
from signal_ingest.conftest import ACCOUNT, ALICE, BOB, CAROL, GROUP, ME, OTHER_GROUP, SAMPLES, T0, sample, wordle

from puzzlesecretary_signal_ingest.envelopes import MAX_TEXT_CHARS, EnvelopeError, classify
from puzzlesecretary_signal_ingest.pipeline import translate
from puzzlesecretary_signal_ingest.whole_answers import group_post, read_events

ANSWER = 7
GROUPS = frozenset({GROUP, "asdasdfweasdfsdfcvbnmfghjkl="})  # ours, and the group of sample signal_08


def _slow(element):
    """What classify and translate make of `element`: a NewMessage of kind "message", or None for anything else."""
    try:
        event = translate(classify(element, GROUPS), None, ANSWER)
    except (EnvelopeError, ValueError, TypeError):
        return None
    return event if getattr(event, "kind", None) == "message" and type(event).__name__ == "NewMessage" else None


def _posts() -> list:
    """Group posts of every sender shape, and every other kind of envelope the test builders make."""
    posts = [
        f.group_post(ALICE, T0, "nice one!", GROUP, ACCOUNT),
        f.group_post(BOB, T0 + 1, wordle(3), GROUP, ACCOUNT),  # a hidden number, an emoji name
        f.group_post(CAROL, T0 + 2, "", GROUP, ACCOUNT, group_name="Puzzlers"),
        f.group_post(ALICE, T0 + 3, "x" * MAX_TEXT_CHARS, GROUP, ACCOUNT),
        f.group_post(ALICE, T0 + 4, "x" * (MAX_TEXT_CHARS + 1), GROUP, ACCOUNT),
        f.group_post(ALICE, T0 + 5, "!ps help", GROUP, ACCOUNT),
        f.group_post(ALICE, T0 + 6, "hi", OTHER_GROUP, ACCOUNT),
        f.direct_post(ALICE, T0 + 7, "hi", ACCOUNT),
        f.edit(ALICE, T0 + 8, T0, "edited", GROUP, ACCOUNT),
        f.delete(ALICE, T0 + 9, T0, GROUP, ACCOUNT),
        f.own_post(ME, T0 + 10, "mine", GROUP, ACCOUNT),
        f.reaction(ALICE, T0 + 11, BOB, T0, GROUP, ACCOUNT),
        f.group_update(ALICE, T0 + 12, GROUP, ACCOUNT),
        f.typing(ALICE, T0 + 13, ACCOUNT, GROUP),
        f.receipt(ALICE, T0 + 14, [T0], ACCOUNT),
        f.untrusted(ALICE, T0 + 15, ACCOUNT),
    ]
    posts += [sample(path.name) for path in sorted(SAMPLES.glob("*.json"))]
    return posts


def _variants(post) -> list:
    """`post` with each field of a group post missing, null, of another type, or changed (one at a time)."""
    out = [post]
    envelope = post.get("envelope") if isinstance(post, dict) else None
    data = envelope.get("dataMessage") if isinstance(envelope, dict) else None
    info = data.get("groupInfo") if isinstance(data, dict) else None
    odd = (None, "", 0, -1, True, 1.5, "text", [], {})
    places = [(post, k) for k in ("envelope", "method", "result", "exception", "params")]
    places += [(envelope, k) for k in ("sourceUuid", "sourceName", "sourceNumber", "timestamp", "dataMessage", "receiptMessage",
                                       "typingMessage", "callMessage", "storyMessage", "syncMessage", "editMessage")]  # fmt: skip
    places += [(data, k) for k in ("timestamp", "message", "groupInfo", "reaction", "remoteDelete", "quote")]
    places += [(info, k) for k in ("groupId", "groupName", "type")]
    for (where, key), value in itertools.product([p for p in places if isinstance(p[0], dict)], odd):
        changed = copy.deepcopy(post)
        target = _same_place(changed, post, where)
        target[key] = value
        out.append(changed)
        removed = copy.deepcopy(post)
        _same_place(removed, post, where).pop(key, None)
        out.append(removed)
    return out


def _same_place(copied, original, where):
    """The dict in `copied` at the place `where` has in `original`."""
    if where is original:
        return copied
    for key, value in original.items():
        if isinstance(value, dict):
            found = _same_place(copied[key], value, where)
            if found is not None:
                return found
    return None


def test_a_plain_group_post_reads_exactly_as_classify_and_translate_read_it_and_anything_else_is_left_to_them():
    elements = [v for post in _posts() for v in _variants(post)]
    read = 0
    for element in elements:
        quick = group_post(element, GROUPS, ANSWER)
        if quick is not None:  # None leaves the element to classify, which reads it as before
            read += 1
            assert quick == _slow(element), element
    assert read > 1000  # the variants that stay plain posts (a name, a number, a group name changed) were read in one pass
    plain = [p for p in _posts()[:6] if _slow(p) is not None]
    assert len(plain) == 5 and all(group_post(p, GROUPS, ANSWER) == _slow(p) for p in plain)


def test_an_answer_with_an_escape_that_is_not_storable_is_read_the_slow_way_and_gets_a_replacement_character():
    post = f.group_post(ALICE, T0, "nul here", GROUP, ACCOUNT)
    payload = f.compact(post).replace(b"nul here", b"nul\\u0000here")
    events = read_events(b"[" + payload + b"]", GROUPS, "", ANSWER, translate)
    assert [e.text for e in events] == ["nul\ufffdhere"]


def test_an_answer_of_plain_posts_is_read_as_classify_and_translate_read_each():
    posts = [f.group_post((ALICE, BOB, CAROL)[i % 3], T0 + i, f"line {i} 🎉", GROUP, ACCOUNT) for i in range(30)]
    payload = b"[" + b",".join(f.compact(p) for p in posts) + b"]"
    assert read_events(payload, GROUPS, "", ANSWER, translate) == [_slow(p) for p in posts]
