"""Invite codes: three short words that enable one group, once, within 24 hours.

`puzzlesecretary invite` makes one (`make`); `!ps join apple-banana-cherry` in a group spends
it (`redeem`). Spending is one conditional UPDATE, so two groups racing for one code cannot
both win. 128 words, three of them: 2 million codes, and a code is only tried by members of
a group the bot's account already belongs to.
"""

from __future__ import annotations

import re
import secrets

from .clock import now_ms
from .store import Invite

LIFETIME_MS = 24 * 3600 * 1000

WORDS = (
    "acorn", "anchor", "apple", "apron", "arrow", "aspen", "badge", "bagel", "banana", "barn", "basil",
    "beach", "bean", "berry", "birch", "bison", "blanket", "bloom", "boat", "bonnet", "brick", "bridge",
    "brook", "bucket", "butter", "cabin", "cactus", "camel", "candle", "canoe", "carrot", "castle", "cedar",
    "cherry", "chess", "cider", "cliff", "clover", "cobalt", "comet", "copper", "coral", "cotton", "crane",
    "crayon", "daisy", "delta", "desert", "dolphin", "donut", "dove", "dragon", "drum", "eagle", "ember",
    "falcon", "fern", "fiddle", "field", "flame", "flute", "forest", "fox", "garden", "garlic", "ginger",
    "glacier", "goose", "grape", "gravel", "harbor", "hazel", "heron", "honey", "island", "ivory", "jelly",
    "kettle", "kiwi", "koala", "ladder", "lantern", "lemon", "lilac", "lime", "llama", "lotus", "magnet",
    "mango", "maple", "meadow", "melon", "mint", "moon", "moss", "nutmeg", "oasis", "olive", "onion",
    "orange", "otter", "owl", "panda", "paper", "peach", "pearl", "pepper", "piano", "pickle", "pine",
    "plum", "pony", "poppy", "quilt", "rabbit", "radish", "raven", "river", "robin", "rocket", "saddle",
    "salmon", "sage", "seal", "shell", "sparrow", "spruce", "tiger",
)
_CODE = re.compile(r"[a-z]+(-[a-z]+){2}")


def normalize(typed: str) -> str:
    """A code as typed ("Apple Banana cherry", "apple_banana-cherry") in its stored form."""
    return "-".join(w for w in re.split(r"[\s_\-.,]+", typed.strip().lower()) if w)


def make(now: int | None = None) -> Invite:
    """A new code, stored, valid for 24 hours."""
    now = now_ms() if now is None else now
    for _ in range(20):
        code = "-".join(secrets.choice(WORDS) for _ in range(3))
        if Invite.get_or_none(Invite.code == code) is None:
            return Invite.create(code=code, created_at=now, expires_at=now + LIFETIME_MS)
    raise RuntimeError("no free invite code after 20 tries: clear out old invites")


def redeem(typed: str, group_id: int, now: int | None = None) -> str:
    """Spend a code for a group: "" when it worked, else why not (unknown, used, expired)."""
    now = now_ms() if now is None else now
    code = normalize(typed)
    if not _CODE.fullmatch(code):
        return "unknown"
    spent = (
        Invite.update(used_at=now, group=group_id)
        .where(Invite.code == code, Invite.used_at.is_null(), Invite.expires_at > now)
        .execute()
    )
    if spent:
        return ""
    invite = Invite.get_or_none(Invite.code == code)
    if invite is None:
        return "unknown"
    return "used" if invite.used_at is not None else "expired"


def live(now: int | None = None) -> list[Invite]:
    now = now_ms() if now is None else now
    return list(Invite.select().where(Invite.used_at.is_null(), Invite.expires_at > now).order_by(Invite.created_at))


