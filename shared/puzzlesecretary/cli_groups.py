"""The operator's commands about groups: `groups` (list, --disable, --enable) and `invite`."""

from __future__ import annotations

from . import config, invites
from .clock import from_ms
from .groups import DISABLED, ENABLED, set_state
from .store import Group, migrate, open_database, write_transaction


class GroupCommandError(Exception):
    """A group command cannot do what was asked; the message says why."""


def _open():
    settings = config.load(config.COMMON + (config.PUBLIC_BASE_URL,))
    db = open_database(settings.database_url, readonly=False)
    migrate(db)
    return settings, db


def _group(ref: str) -> Group:
    for g in Group.select().order_by(Group.id):
        if ref in (g.token, g.platform_id, str(g.id), g.name):
            return g
    raise GroupCommandError(f"no group {ref!r} (see 'puzzlesecretary groups')")


def cmd_groups(args) -> int:
    """List every group with its state and board URL (PUBLIC_BASE_URL sets the address); or disable or enable one."""
    settings, db = _open()
    ref = getattr(args, "disable", None) or getattr(args, "enable", None)
    if ref:
        with write_transaction(db):
            group = _group(ref)
            set_state(group, DISABLED if getattr(args, "disable", None) else ENABLED)
        print(f"{group.name or group.platform_id}: {group.state}")
        return 0
    for g in Group.select().order_by(Group.id):
        print(f"{g.name or g.platform_id}\t{g.platform}\t{settings.public_base_url}/g/{g.token}\t{g.state}")
    return 0


def cmd_invite(args) -> int:
    """Make an invite code: `!ps join CODE` in a group the bot's account is in enables it (once, within 24 hours)."""
    _, db = _open()
    if getattr(args, "list", False):
        for invite in invites.live():
            print(f"{invite.code}\tuntil {from_ms(invite.expires_at).isoformat(timespec='minutes')}")
        return 0
    with write_transaction(db):
        invite = invites.make()
    until = from_ms(invite.expires_at).isoformat(timespec="minutes")
    print(f"{invite.code}\nPost `!ps join {invite.code}` in the group (works once, until {until}).")
    return 0
