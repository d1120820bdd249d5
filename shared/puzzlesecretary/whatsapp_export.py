"""Reading WhatsApp's own chat exports ("Export chat" -> "Without media"): text in, messages out.

Pure: no clock, no database. Layouts (there is no official specification; see
the fixtures in tests/whatsapp_ingest/exports/, each naming its source):

  Android  `1/15/24, 9:41 PM - Alice: text`      (U+202F before AM/PM since about 2023)
           `15/01/2024, 21:41 - Alice: text`     `15.01.24, 21:41 - Alice: text` (German)
  iOS      `[15.01.24, 21:41:05] Alice: text`    `[1/15/24, 9:41:05 PM] Alice: text`

A message runs until the next line that starts with a timestamp, so a Wordle grid stays one
message. Day-first or month-first is decided once for the whole file, never line by line.
Times carry no zone: they are the exporting phone's local time and stay naive here.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .text import storable

# Marks WhatsApp sprinkles into exports: U+200E/U+200F direction marks (iOS puts one before
# media, system and edit markers) and the BOM; U+202F and friends become plain spaces.
_DROP = dict.fromkeys(map(ord, "\u200e\u200f\ufeff"), None)
_SPACES = dict.fromkeys(map(ord, "\u202f\u00a0\u2009"), " ")

_DATE = r"(?P<date>\d{1,4}[./-] ?\d{1,2}[./-] ?\d{1,4})"
_TIME = r"(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)"
_AMPM = r"(?:[ ]?(?P<ampm>[AaPp]\.?[ ]?[Mm]\.?))?"
ANDROID = re.compile(rf"^{_DATE},?[ ]{_TIME}{_AMPM}[ ]?[-–][ ](?P<rest>.*)$")
IOS = re.compile(rf"^\[{_DATE},?[ ]{_TIME}{_AMPM}\][ ](?P<rest>.*)$")
# "Author: text". Authors never hold a colon followed by a space in practice.
AUTHOR = re.compile(r"^(?P<author>[^:\n]{1,80}?):[ ](?P<text>.*)$", re.S)

MEDIA = re.compile(
    r"^(?:<Media omitted>|<Medien ausgeschlossen>|<attached: [^>]*>|<Anhang: [^>]*>|"
    r"(?:image|video|audio|sticker|GIF|document|Contact card) omitted|"
    r"(?:Bild|Video|Audio|Sticker|GIF|Dokument|Kontaktkarte) weggelassen|null)$",
    re.I,
)
DELETED = re.compile(
    r"^(?:This message was deleted|You deleted this message|Diese Nachricht wurde gelöscht|"
    r"Du hast diese Nachricht gelöscht)\.?$",
    re.I,
)
EDITED = re.compile(r"[ ]?<(?:This message was edited|Diese Nachricht wurde bearbeitet)\.?>$", re.I)
# Android writes group events without an author; these are the ones whose text holds ": ".
SYSTEM = re.compile(
    r"end-to-end encrypted|Ende-zu-Ende-verschlüsselt|changed the subject|changed the group|"
    r"created group|hat die Gruppe|Betreff|Gruppenbeschreibung|security code|Sicherheitsnummer",
    re.I,
)
# What WhatsApp writes instead of the exporter's own name, per app language.
SELF_WORDS = frozenset({"You", "Du", "Vous", "Tú", "Tu", "Jij", "Você"})


# WhatsApp exports at most about 40,000 messages without media (receipts.love, "Backing up
# WhatsApp conversations"), a few MB of text; 64 MiB is far past any real export and keeps one
# import's memory bounded whatever a zip claims to unpack to.
MAX_EXPORT_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024
# A zip's first local file header, or the end record of an empty one: a zip cut short is still a zip.
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


class ExportError(ValueError):
    """The file is not a WhatsApp chat export this reader understands."""


@dataclass(frozen=True)
class ExportMessage:
    """One message of an export: local time (naive), author as exported, final text."""

    at: dt.datetime
    author: str
    text: str
    line: int
    edited: bool = False


@dataclass
class Export:
    """What one export file holds, and what was left out and why."""

    layout: str  # "android" | "ios"
    date_order: str  # "DMY" | "MDY" | "YMD"
    group_name: str | None
    messages: list[ExportMessage] = field(default_factory=list)
    system: int = 0
    media: int = 0
    deleted: int = 0
    not_understood: list[str] = field(default_factory=list)


@dataclass
class _Draft:
    date: str
    time: str
    ampm: str | None
    rest: str
    line: int
    extra: list[str] = field(default_factory=list)


def read_export(path: str | Path, max_bytes: int = MAX_EXPORT_BYTES) -> tuple[str, str | None]:
    """The export's text and the group name its file name gives, from a .txt or an iOS .zip.

    Never more than `max_bytes` of text is read or unpacked, so a zip bomb stops at the limit.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            if handle.read(4) in _ZIP_MAGIC or zipfile.is_zipfile(handle):
                raw, inner = _read_zip(path, handle, max_bytes)
            else:
                handle.seek(0)
                raw, inner = _read_bounded(handle, path.name, max_bytes), path.name
    except IsADirectoryError:
        raise ExportError(f"{path} is a directory: name the export's .txt or .zip file") from None
    except OSError as error:
        raise ExportError(f"cannot read {path}: {error.strerror or error}") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExportError(f"{path.name} is not UTF-8 text (byte {error.start})") from error
    name = group_name_from_file(inner) or group_name_from_file(path.name)
    # A file name can hold bytes that are not UTF-8 (Python keeps them as lone surrogates), and a
    # chat text can hold NUL: neither can be stored.
    return storable(text), storable(name) if name else None


def _read_zip(path: Path, handle: BinaryIO, max_bytes: int) -> tuple[bytes, str]:
    """The chat's bytes out of an iOS export zip; ExportError for a damaged zip or a member too large."""
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ExportError(f"{path.name} starts like a zip but cannot be opened ({error}): it may be cut short") from None
    with archive:
        names = [n for n in archive.namelist() if n.lower().endswith(".txt") and not n.startswith("__MACOSX")]
        if not names:
            raise ExportError(f"{path.name}: the zip holds no .txt chat")
        chosen = next((n for n in names if Path(n).name == "_chat.txt"), names[0])
        info = archive.getinfo(chosen)
        if info.file_size > max_bytes:
            raise ExportError(_too_large(f"{path.name}: {chosen}", max_bytes, info.file_size))
        try:
            with archive.open(info) as member:
                raw = _read_bounded(member, f"{path.name}: {chosen}", max_bytes)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            # zlib.error: a corrupt deflate stream; EOFError: one cut short; BadZipFile: a CRC mismatch.
            raise ExportError(f"{path.name}: {chosen} cannot be unpacked, the zip is damaged ({error}): copy it again") from None
        except NotImplementedError as error:
            raise ExportError(f"{path.name}: {chosen} uses a compression this reader lacks ({error})") from None
        except RuntimeError as error:  # zipfile's "File ... is encrypted, password required"
            raise ExportError(f"{path.name}: {chosen} cannot be read ({error})") from None
    return raw, Path(chosen).name


def _read_bounded(stream: BinaryIO, what: str, max_bytes: int) -> bytes:
    """All of `stream`, read a chunk at a time; ExportError as soon as it passes `max_bytes`."""
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise ExportError(_too_large(what, max_bytes))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(what: str, max_bytes: int, size: int | None = None) -> str:
    said = f"{size:,} bytes" if size is not None else f"more than {max_bytes:,} bytes"
    return (
        f"{what} holds {said} of text, over the limit of {max_bytes:,}: WhatsApp exports at most about "
        "40,000 messages, far less than that. Is this a chat export?"
    )


def group_name_from_file(name: str) -> str | None:
    """`WhatsApp Chat with Pals.txt`, `WhatsApp-Chat mit Pals.txt`, `WhatsApp Chat - Pals.zip` -> `Pals`."""
    m = re.match(r"^WhatsApp[ -]Chat(?: (?:with|mit|avec|con|com|met)| -) (.+?)(?: \(\d+\))?\.(?:txt|zip)$", name, re.I)
    return m.group(1) if m else None


def parse_export(text: str, date_order: str = "auto") -> Export:
    """Every message of an export, in file order; `date_order` is auto, DMY, MDY or YMD."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SPACES).split("\n")
    drafts, ios_lines, stray = _drafts(lines)
    if not drafts:
        raise ExportError("no line starts with a WhatsApp timestamp such as '1/15/24, 9:41 PM - ' or '[15.01.24, 21:41:05] '")
    order = (
        decide_date_order([d.date for d in drafts], any(d.ampm for d in drafts)) if date_order == "auto" else date_order.upper()
    )
    if order not in ("DMY", "MDY", "YMD"):
        raise ExportError(f"date order {date_order!r} is not auto, DMY, MDY or YMD")
    layout = "ios" if ios_lines * 2 > len(drafts) else "android"
    export = Export(layout=layout, date_order=order, group_name=None, not_understood=stray)
    for index, draft in enumerate(drafts):
        _read(draft, index, export)
    return export


def _drafts(lines: list[str]) -> tuple[list[_Draft], int, list[str]]:
    """The lines grouped into messages (a timestamp starts one), how many are iOS's, and stray lines."""
    drafts: list[_Draft] = []
    ios_lines = 0
    stray: list[str] = []
    current: _Draft | None = None
    for number, line in enumerate(lines, start=1):
        bare = line.lstrip("\u200e\u200f\ufeff")
        m = IOS.match(bare) or ANDROID.match(bare)
        if m:
            ios_lines += bare.startswith("[")
            current = _Draft(m["date"], m["time"], m["ampm"], m["rest"], number)
            drafts.append(current)
        elif current is not None:
            current.extra.append(line.translate(_DROP))
        elif line.strip():
            stray.append(f"line {number}: {line[:80]}")
    return drafts, ios_lines, stray


def _read(draft: _Draft, index: int, export: Export) -> None:
    """Add one drafted message to `export`: as a message, or to the count of what it is instead."""
    try:
        at = _when(draft, export.date_order)
    except ValueError as error:
        export.not_understood.append(f"line {draft.line}: {error}: {draft.rest[:60]}")
        return
    m = AUTHOR.match("\n".join([draft.rest, *draft.extra]).rstrip("\n"))
    if m is None or _system_author(m["author"]):
        export.system += 1  # Android writes group events with no "Author: "
        return
    author, content = m["author"].translate(_DROP).strip(), m["text"]
    # iOS marks its own words (media, deletions, group events) with a leading U+200E.
    marked = content.startswith("\u200e")
    content = content.translate(_DROP)
    stripped = EDITED.sub("", content)
    edited, content = stripped != content, stripped
    one_line = content.strip()
    if MEDIA.match(one_line):
        export.media += 1
    elif DELETED.match(one_line):
        export.deleted += 1
    elif marked or (export.layout == "ios" and index == 0 and SYSTEM.search(one_line)):
        # iOS opens with the group's own name as the author of the encryption notice, and
        # posts later group events ("Alice added Bob") under that name too.
        if index == 0:
            export.group_name = author
        export.system += 1
    elif not one_line:
        export.not_understood.append(f"line {draft.line}: a message with no text")
    else:
        export.messages.append(ExportMessage(at=at, author=author, text=content, line=draft.line, edited=edited))


def _system_author(author: str) -> bool:
    """An Android group event whose own text holds ': ' (a new subject, a description)."""
    return bool(SYSTEM.search(author)) or any(q in author for q in '"“”«»„')


def decide_date_order(dates: list[str], twelve_hour: bool = False) -> str:
    """DMY, MDY or YMD for a whole file: impossible readings first, then which keeps time running forward."""
    fields = [tuple(int(p) for p in re.split(r"[./-]", d)) for d in dates]
    if all(len(str(f[0])) == 4 for f in fields):
        return "YMD"

    def valid(f: tuple[int, ...], order: str) -> bool:
        try:
            _date(f, order)
        except ValueError:
            return False
        return True

    # A line that reads neither way is left for "not understood"; the rest decide.
    usable = [f for f in fields if valid(f, "DMY") or valid(f, "MDY")]
    if not usable:
        raise ExportError("no date in the file reads as day-first or month-first")
    day_first_possible = all(valid(f, "DMY") for f in usable)
    month_first_possible = all(valid(f, "MDY") for f in usable)
    if day_first_possible and not month_first_possible:
        return "DMY"
    if month_first_possible and not day_first_possible:
        return "MDY"
    if not day_first_possible and not month_first_possible:
        raise ExportError("some dates only read day-first and others only month-first: is this one export?")

    def reading(order: str) -> tuple[int, int]:
        """(dates that run backwards, days from first to last) when read in `order`."""
        days = [_date(f, order) for f in usable]
        back = sum(1 for a, b in zip(days, days[1:], strict=False) if b < a)
        return back, (max(days) - min(days)).days

    dmy, mdy = reading("DMY"), reading("MDY")
    if dmy != mdy:
        # An export runs forward in time, and a chat read the wrong way round jumps by months
        # between neighbouring days: fewer steps back first, then the shorter span.
        return "DMY" if dmy < mdy else "MDY"
    # Every date is one day of the month twice (05/05): dots are a day-first habit, and slashes
    # with a 12-hour clock come from US phones.
    return "DMY" if "." in dates[0] or not twelve_hour else "MDY"


def _date(f: tuple[int, ...], order: str) -> dt.date:
    if order == "YMD":
        y, m, d = f
    elif order == "DMY":
        d, m, y = f
    else:
        m, d, y = f
    if y < 100:
        y += 2000
    return dt.date(y, m, d)


def _when(draft: _Draft, order: str) -> dt.datetime:
    day = _date(tuple(int(p) for p in re.split(r"[./-]", draft.date)), order)
    parts = [int(p) for p in re.split(r"[:.]", draft.time)]
    hour, minute, second = parts[0], parts[1], parts[2] if len(parts) > 2 else 0
    if draft.ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"hour {hour} with {draft.ampm}")
        pm = draft.ampm.lower().startswith("p")
        hour = (hour % 12) + (12 if pm else 0)
    return dt.datetime.combine(day, dt.time(hour, minute, second))
