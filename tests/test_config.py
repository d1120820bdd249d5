"""Settings: declared once, checked at start, errors that name the variable."""

from __future__ import annotations

import pytest

from puzzlesecretary.config import COMMON, ConfigError, Setting, describe, integer, load, url, word_list

PORT = Setting("PORT", "5000", integer(1, 65535), "The port.")
TOKEN = Setting("TOKEN", None, str, "A secret.", secret=True)


def test_defaults_apply_when_nothing_is_set():
    assert load([PORT], {}).port == 5000


def test_a_bad_value_names_the_variable():
    with pytest.raises(ConfigError, match="PORT='99999' must be at most 65535"):
        load([PORT], {"PORT": "99999"})


def test_a_missing_required_setting_names_the_variable_and_its_file_variant():
    with pytest.raises(ConfigError, match=r"TOKEN \(or TOKEN_FILE\) is not set"):
        load([TOKEN], {})


def test_every_problem_is_reported_at_once():
    with pytest.raises(ConfigError) as error:
        load([PORT, TOKEN], {"PORT": "x"})
    assert "PORT" in str(error.value) and "TOKEN" in str(error.value)


def test_a_secret_comes_from_its_file_and_the_file_wins(tmp_path):
    secret = tmp_path / "token"
    secret.write_text("from-file\n")
    assert load([TOKEN], {"TOKEN": "plain", "TOKEN_FILE": str(secret)}).token == "from-file"


def test_an_unreadable_secret_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="TOKEN_FILE: cannot read"):
        load([TOKEN], {"TOKEN_FILE": str(tmp_path / "missing")})


def test_a_bad_secret_value_is_not_echoed():
    bad = Setting("KEY", None, url, "x", secret=True)
    with pytest.raises(ConfigError) as error:
        load([bad], {"KEY": "hunter2"})
    assert "hunter2" not in str(error.value)


def test_lists_are_comma_or_newline_separated():
    assert word_list("a, b\nc,,") == ("a", "b", "c")


def test_the_common_settings_are_described():
    text = describe(COMMON)
    assert all(s.name in text for s in COMMON)
