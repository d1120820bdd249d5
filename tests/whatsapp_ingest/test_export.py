"""WhatsApp chat exports: six layouts with the scores they must yield, the bad inputs, dedup."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from puzzlesecretary.clock import from_ms
from puzzlesecretary.ingest import Incoming, ingest
from puzzlesecretary.store import Group, Message, Score
from puzzlesecretary.whatsapp_export import ExportError, decide_date_order, group_name_from_file, parse_export, read_export
from puzzlesecretary.whatsapp_import import ImportOptionError, export_group_key, import_export

EXPORTS = Path(__file__).resolve().parent / "exports"
CASES = sorted(p.name for p in EXPORTS.iterdir() if (p / "expected.json").exists())


def export_file(case: str) -> Path:
    return next(p for p in (EXPORTS / case).iterdir() if p.suffix in (".txt", ".zip"))


def load(case: str, **override):
    expected = json.loads((EXPORTS / case / "expected.json").read_text(encoding="utf-8"))
    text, file_group = read_export(export_file(case))
    export = parse_export(text)
    group_id, group_name = export_group_key(export, file_group, None)
    options = expected["options"] | override
    return expected, export, group_id, group_name, options


def scores_in(group_id: str) -> list[list]:
    group = Group.get(Group.platform_id == group_id)
    rows = Score.select().where(Score.group == group.id).order_by(Score.sent_at, Score.id)
    return [[s.player.name, s.game, s.puzzle, s.score, s.solved, s.hard_mode, s.counted] for s in rows]


def test_there_are_at_least_six_layouts():
    assert {"android_en_us_12h", "android_dmy_24h", "android_de", "ios_brackets", "ios_12h", "ios_zip"} <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_each_export_layout_reads_as_expected(case):
    expected, export, group_id, group_name, options = load(case)
    assert (export.layout, export.date_order, export.group_name) == (
        expected["layout"],
        expected["date_order"],
        expected["group_name"],
    )
    assert group_id == expected["group"]
    assert len(export.messages) == expected["messages"]
    assert (export.system, export.media, export.deleted) == (expected["system"], expected["media"], expected["deleted"])
    assert len(export.not_understood) == expected["not_understood"]


@pytest.mark.parametrize("case", CASES)
def test_each_export_layout_yields_its_scores(db, case):
    expected, export, group_id, group_name, options = load(case)
    summary = import_export(export, group_id, group_name, options["timezone"], options.get("me"))
    assert scores_in(group_id) == expected["scores"]
    assert summary.scores_found == len(expected["scores"])
    assert summary.scores_new == sum(1 for s in expected["scores"] if s[-1])
    first = Message.select().order_by(Message.sent_at).first()
    assert from_ms(first.sent_at).isoformat() == expected["first_sent_at"]
    assert summary.unnamed_self == 0


@pytest.mark.parametrize("case", CASES)
def test_importing_the_same_export_twice_adds_nothing(db, case):
    expected, export, group_id, group_name, options = load(case)
    import_export(export, group_id, group_name, options["timezone"], options.get("me"))
    messages = Message.select().count()
    again = import_export(export, group_id, group_name, options["timezone"], options.get("me"))
    assert (again.stored, again.duplicates, again.scores_new) == (0, expected["messages"], 0)
    assert Message.select().count() == messages
    assert scores_in(group_id) == expected["scores"]


def test_multi_line_grids_stay_one_message():
    _, export, *_ = load("android_en_us_12h")
    assert export.messages[0].text == "Wordle 998 4/6\n\n⬛🟨⬛⬛⬛\n⬛⬛🟨🟨⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"


def test_edited_markers_are_stripped_and_remembered():
    _, export, *_ = load("ios_brackets")
    edited = [m for m in export.messages if m.edited]
    assert len(edited) == 1 and edited[0].text.endswith("🟪🟪🟪🟪")


def test_twelve_oclock_is_noon_and_twelve_am_is_midnight():
    _, export, *_ = load("ios_12h")
    assert [m.at for m in export.messages] == [
        dt.datetime(2023, 11, 20, 7, 5, 2),
        dt.datetime(2023, 11, 20, 12, 15, 40),
        dt.datetime(2023, 11, 21, 0, 1, 9),
    ]


def test_the_exporters_own_posts_need_a_name():
    expected, export, group_id, group_name, options = load("android_en_us_12h")
    assert [m.author for m in export.messages].count("You") == 1


def test_without_me_the_exporters_posts_are_counted_in_the_summary(db):
    expected, export, group_id, group_name, options = load("android_en_us_12h")
    summary = import_export(export, group_id, group_name, options["timezone"])
    assert summary.unnamed_self == 1
    assert any("--me" in line for line in summary.lines())


# --- the date order comes from the whole file --------------------------------------------------


@pytest.mark.parametrize(
    "dates, twelve_hour, order",
    [
        (["3/13/24", "3/14/24"], True, "MDY"),  # 13 cannot be a month
        (["13/03/24", "14/03/24"], False, "DMY"),
        (["02/07/2024", "03/07/2024", "04/07/2024"], False, "DMY"),  # July 2-4, not Feb-Apr
        (["7/2/24", "7/3/24", "7/4/24"], True, "MDY"),  # July 2-4, not Feb-Apr
        (["11/12/23", "12/12/23", "1/1/24"], True, "DMY"),  # month-first would run backwards
        (["05.05.24"], False, "DMY"),
        (["5/5/24"], True, "MDY"),
        (["2024-01-15", "2024-01-16"], False, "YMD"),
    ],
)
def test_it_decides_the_date_order_from_every_date(dates, twelve_hour, order):
    assert decide_date_order(dates, twelve_hour) == order


def test_a_date_order_can_be_forced():
    text = "02/07/2024, 07:59 - Priya: hi\n03/07/2024, 08:00 - Priya: hi again\n"
    assert parse_export(text, "MDY").messages[0].at == dt.datetime(2024, 2, 7, 7, 59)
    assert parse_export(text).messages[0].at == dt.datetime(2024, 7, 2, 7, 59)


# --- bad input: a clear error, and nothing lost --------------------------------------------------


def test_a_file_that_is_not_an_export_is_refused_with_a_clear_error(tmp_path):
    with pytest.raises(ExportError, match="no line starts with a WhatsApp timestamp"):
        parse_export("Dear diary,\ntoday I played Wordle.\n")


def test_a_binary_file_is_refused(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x00")
    with pytest.raises(ExportError, match="not UTF-8"):
        read_export(path)


def test_a_zip_without_a_chat_is_refused(tmp_path):
    path = tmp_path / "WhatsApp Chat - Pals.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("00000001-PHOTO.jpg", b"\xff\xd8")
    with pytest.raises(ExportError, match="no .txt chat"):
        read_export(path)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(ExportError, match="cannot read"):
        read_export(tmp_path / "nope.txt")


def test_lines_that_cannot_be_read_are_reported_and_the_rest_imported():
    text = (
        "some preamble that is not a message\n"
        "1/15/24, 9:41 PM - Alice: Wordle 940 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩\n"
        "2/30/24, 9:42 PM - Bob: this date does not exist\n"
        "1/15/24, 13:42 PM - Bob: neither does this hour\n"
        "1/16/24, 7:00 AM - Bob: fine\n"
    )
    export = parse_export(text)
    assert [m.author for m in export.messages] == ["Alice", "Bob"]
    assert len(export.not_understood) == 3
    assert export.not_understood[0].startswith("line 1:")


def test_an_export_without_a_group_name_needs_the_group_option():
    export = parse_export("1/15/24, 9:41 PM - Alice: hi\n")
    with pytest.raises(ImportOptionError, match="--group"):
        export_group_key(export, None, None)
    assert export_group_key(export, None, "120363000000000009@g.us") == ("120363000000000009@g.us", "")


def test_an_unknown_time_zone_is_refused(db):
    export = parse_export("1/15/24, 9:41 PM - Alice: hi\n")
    with pytest.raises(ImportOptionError, match="time zone"):
        import_export(export, "export:x", "x", "Mars/Olympus_Mons")


def test_group_names_come_from_the_file_names_whatsapp_gives():
    assert group_name_from_file("WhatsApp Chat with Puzzle Pals.txt") == "Puzzle Pals"
    assert group_name_from_file("WhatsApp-Chat mit Rätselrunde.txt") == "Rätselrunde"
    assert group_name_from_file("WhatsApp Chat - Sunday Solvers.zip") == "Sunday Solvers"
    assert group_name_from_file("_chat.txt") is None


# --- exports and live messages together ---------------------------------------------------------


def test_an_export_joins_live_whatsapp_senders_and_doubles_no_score(db):
    group = "120363419669512474@g.us"
    # WAHA already brought two of the export's messages, with real ids and the senders' push names.
    ingest(
        [
            Incoming(
                "whatsapp",
                "LIVE1",
                group,
                "153219082764294@lid",
                "Alice",
                dt.datetime(2024, 3, 13, 12, 15, 21, tzinfo=dt.timezone.utc),
                "Wordle 998 4/6\n\n⬛🟨⬛⬛⬛\n⬛⬛🟨🟨⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩",
                None,
            ),
            # Dana's push name differs from the exporter's address book: --alias maps it.
            Incoming(
                "whatsapp",
                "LIVE2",
                group,
                "447700900555@c.us",
                "Dana B",
                dt.datetime(2024, 3, 13, 12, 40, 40, tzinfo=dt.timezone.utc),
                "Connections\nPuzzle #276\n🟨🟨🟨🟨\n🟩🟦🟩🟩\n🟩🟩🟩🟩\n🟦🟦🟦🟦\n🟪🟪🟪🟪",
                None,
            ),
        ]
    )
    _, export, _, _, options = load("android_en_us_12h")
    summary = import_export(export, group, "Puzzle Pals", options["timezone"], "Carol", {"Dana": "Dana B"})
    assert summary.duplicates == 2 and summary.stored == 4
    assert Score.select().where(Score.counted == True).count() == 5  # noqa: E712
    rows = scores_in(group)
    assert sorted((p, g, n) for p, g, n, *_ in rows) == sorted(
        [
            ("Alice", "wordle", 998),
            ("Dana B", "connections", 276),
            ("Carol", "wordle", 998),
            ("Alice", "wordle", 999),
            ("Dana B", "wordle", 999),
        ]
    )
    assert Message.get(Message.platform_message_id == "LIVE1").identity.platform_id == "153219082764294@lid"


def test_exported_senders_get_name_identities(db):
    _, export, group_id, group_name, options = load("ios_zip")
    import_export(export, group_id, group_name, options["timezone"])
    ids = sorted({m.identity.platform_id for m in Message.select()})
    assert ids == ["name:Maya", "name:Sam Okafor"]
    assert {m.identity.platform for m in Message.select()} == {"whatsapp"}
