import subprocess
import sys
from pathlib import Path

import pytest
from signal_ingest.conftest import GROUP
from signal_ingest.fake_signal_api import rest_group_id

from puzzlesecretary.config import ConfigError
from puzzlesecretary_signal_ingest.settings import load

GOOD = {"SIGNAL_NUMBER": "+4915100000000", "SIGNAL_GROUP_IDS": GROUP}
COMMAND = Path(sys.executable).parent / "puzzlesecretary-signal-ingest"


def test_it_reads_the_defaults_and_the_required_settings():
    settings = load(GOOD)
    assert settings.signal_api_url == "http://signal-api:8080"
    assert settings.signal_group_ids == (GROUP,)
    assert settings.signal_poll_interval_s == 30
    assert settings.signal_cmd_timeout_s > settings.signal_receive_timeout_s


def test_it_accepts_both_spellings_of_a_group_id_and_keeps_one():
    settings = load(GOOD | {"SIGNAL_GROUP_IDS": f"{rest_group_id(GROUP)}, {GROUP}"})
    assert settings.signal_group_ids == (GROUP,)


@pytest.mark.parametrize(
    "environ, named",
    [
        ({"SIGNAL_GROUP_IDS": GROUP}, "SIGNAL_NUMBER"),
        (GOOD | {"SIGNAL_NUMBER": "015100000000"}, "SIGNAL_NUMBER"),
        (GOOD | {"SIGNAL_GROUP_IDS": "group.%%%"}, "SIGNAL_GROUP_IDS"),
        (GOOD | {"SIGNAL_API_URL": "signal-api:8080"}, "SIGNAL_API_URL"),
        (GOOD | {"SIGNAL_POLL_INTERVAL_S": "0"}, "SIGNAL_POLL_INTERVAL_S"),
        (GOOD | {"SIGNAL_POLL_INTERVAL_S": "soon"}, "SIGNAL_POLL_INTERVAL_S"),
        (GOOD | {"SIGNAL_SELF_UUID": "me"}, "SIGNAL_SELF_UUID"),
        (GOOD | {"SIGNAL_RECEIVE_TIMEOUT_S": "120", "SIGNAL_CMD_TIMEOUT_S": "60"}, "SIGNAL_CMD_TIMEOUT_S"),
        (GOOD | {"INGEST_HTTP_PORT": "70000"}, "INGEST_HTTP_PORT"),
        (GOOD | {"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
    ],
)
def test_a_bad_setting_is_an_error_that_names_it(environ, named):
    with pytest.raises(ConfigError, match=named):
        load(environ)


def test_without_a_group_list_every_group_joined_with_a_code_is_read():
    assert load({"SIGNAL_NUMBER": "+4915100000000"}).signal_group_ids == ()
    assert load(GOOD | {"SIGNAL_GROUP_IDS": " , "}).signal_group_ids == ()


def test_the_command_stops_at_start_with_the_variable_named(tmp_path):
    done = subprocess.run(
        [str(COMMAND)],
        env={"PATH": "/usr/bin:/bin", "SIGNAL_GROUP_IDS": GROUP, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "SIGNAL_NUMBER is not set" in done.stderr
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize(
    "extra, named",
    [
        ({"DATABASE_URL": "mysql://db/scores"}, "DATABASE_URL"),
        ({"INGEST_HTTP_HOST": "192.0.2.1"}, "INGEST_HTTP_PORT"),  # an address this machine does not have
    ],
)
def test_the_command_stops_when_it_cannot_open_what_it_needs(tmp_path, extra, named):
    environ = GOOD | {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "INGEST_HTTP_PORT": "0"} | extra
    done = subprocess.run([str(COMMAND)], env=environ, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith(f"puzzlesecretary-signal-ingest: {named}")
    assert "Traceback" not in done.stderr

