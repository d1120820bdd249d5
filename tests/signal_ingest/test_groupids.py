import base64

import pytest

from puzzlesecretary_signal_ingest.groupids import GroupIdError, to_internal, to_rest

INTERNAL = "UIXSwit7KF/RqKfH9jqySnLTgqVCimGcEK25Dbf+yDw="  # sample signal_06
REST = "group." + base64.b64encode(INTERNAL.encode()).decode()


def test_it_turns_a_rest_group_id_into_the_internal_id():
    assert REST == "group.VUlYU3dpdDdLRi9ScUtmSDlqcXlTbkxUZ3FWQ2ltR2NFSzI1RGJmK3lEdz0="
    assert to_internal(REST) == INTERNAL


def test_it_keeps_an_internal_id_as_it_is():
    assert to_internal(" " + INTERNAL + " ") == INTERNAL


def test_it_turns_an_internal_id_into_the_rest_id_and_back():
    assert to_rest(INTERNAL) == REST
    assert to_internal(to_rest(INTERNAL)) == INTERNAL


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "group.",
        "group.!!!!",
        "not base64!",
        "group." + base64.b64encode(b"\xff\xfe\x00\x01").decode(),
        "group." + base64.b64encode(b"ab!").decode(),
    ],
)
def test_it_rejects_text_that_is_no_group_id(bad):
    with pytest.raises(GroupIdError):
        to_internal(bad)
