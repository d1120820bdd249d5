"""The quadlets, checked with the real quadlet generator of podman 5.4 (Debian 13's package).

Flatcar ships podman 5.5; a 5.4 generator refuses the keys 5.5 added, so passing here means
the units stay within what the target host accepts.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from deploy.quadletkit import QUADLETS, ROOT, generate, service_name, source_units

OUR_CONTAINERS = ("web", "signal-ingest", "whatsapp-ingest", "updater-metrics")
DATABASE_OPENERS = ("web", "signal-ingest", "whatsapp-ingest")
LONG_RUNNING = (
    "web",
    "signal-ingest",
    "whatsapp-ingest",
    "updater-metrics",
    "signal-cli-rest-api",
    "waha",
    "cloudflared",
    "telegraf",
)


@pytest.fixture(scope="module")
def generated():
    return generate(QUADLETS)


def run_args(generated, name: str) -> list[str]:
    return generated.units[f"{name}.service"].command()


def copy_quadlets(tmp_path: Path) -> Path:
    folder = tmp_path / "quadlets"
    shutil.copytree(QUADLETS, folder)
    return folder


def test_the_generator_accepts_every_unit_without_an_error_or_warning(generated):
    assert generated.returncode == 0, generated.problems
    assert generated.problems == []


def test_every_source_unit_becomes_a_service(generated):
    sources = source_units()
    assert len(sources) >= 13
    for source in sources:
        assert service_name(source) in generated.units, f"{source.name} produced no service"


def test_a_misspelled_key_fails_the_check(tmp_path):
    folder = copy_quadlets(tmp_path)
    web = folder / "web.container"
    web.write_text(web.read_text().replace("ReadOnly=true", "ReadOnlyy=true"))
    result = generate(folder)
    assert any("ReadOnlyy" in line for line in result.problems), result.problems


def test_a_key_newer_than_podman_5_4_is_refused(tmp_path):
    # Memory= arrived in 5.5: a unit using it would not start on a 5.4 host.
    folder = copy_quadlets(tmp_path)
    web = folder / "web.container"
    web.write_text(web.read_text().replace("[Container]\n", "[Container]\nMemory=256m\n"))
    result = generate(folder)
    assert any("Memory" in line for line in result.problems), result.problems


def test_exec_start_pre_in_the_container_section_is_refused(tmp_path):
    folder = copy_quadlets(tmp_path)
    web = folder / "web.container"
    web.write_text(web.read_text().replace("[Container]\n", "[Container]\nExecStartPre=/bin/true\n"))
    result = generate(folder)
    assert result.returncode != 0 or result.problems
    assert any("ExecStartPre" in line for line in result.problems), result.problems


def test_the_secrets_drop_in_adds_a_pre_start_step_to_the_service(tmp_path):
    folder = copy_quadlets(tmp_path)
    shutil.copytree(ROOT / "deploy" / "secrets" / "cloudflared.container.d", folder / "cloudflared.container.d")
    result = generate(folder)
    assert result.problems == []
    unit = result.units["cloudflared.service"]
    assert unit.values("Service", "ExecStartPre") == ["/opt/bin/op-secret-manager --serialize --tags cloudflared"]
    assert "/opt/bin/op-secret-manager --cleanup --tags cloudflared" in unit.values("Service", "ExecStopPost")


def test_the_web_is_published_on_the_hosts_loopback_only(generated):
    publishes = []
    for name, unit in generated.units.items():
        if unit.value("Service", "ExecStart") and unit.command()[1] == "run":
            argv = unit.command()
            publishes += [(name, argv[i + 1]) for i, a in enumerate(argv) if a in ("--publish", "-p")]
    assert publishes == [("web.service", "127.0.0.1:5000:5000")]


@pytest.mark.parametrize("name", OUR_CONTAINERS)
def test_our_images_update_from_the_registry(generated, name):
    argv = run_args(generated, name)
    assert "io.containers.autoupdate=registry" in argv
    image = next(a for a in argv if a.startswith("ghcr.io/"))
    assert image == f"ghcr.io/puzzlesecretary/puzzlesecretary-{name}:latest"


@pytest.mark.parametrize("name", LONG_RUNNING + ("migrations",))
def test_every_container_runs_read_only_without_capabilities_or_new_privileges(generated, name):
    argv = run_args(generated, name)
    assert "--read-only" in argv
    assert argv[argv.index("--cap-drop") + 1] == "all"
    assert "--security-opt=no-new-privileges" in argv


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_every_long_running_container_restarts_on_failure(generated, name):
    unit = generated.units[f"{name}.service"]
    assert unit.value("Service", "Restart") in ("on-failure", "always")
    assert unit.value("Install", "WantedBy") == "default.target"


@pytest.mark.parametrize("name", [n for n in LONG_RUNNING if n != "telegraf"])
def test_every_long_running_container_has_a_healthcheck_that_kills_it_when_failing(generated, name):
    argv = run_args(generated, name)
    assert "--health-cmd" in argv
    assert argv[argv.index("--health-on-failure") + 1] == "kill"


@pytest.mark.parametrize("name", OUR_CONTAINERS)
def test_our_healthcheck_is_the_script_in_the_image(generated, name):
    argv = run_args(generated, name)
    assert argv[argv.index("--health-cmd") + 1] == "/usr/local/bin/healthcheck"
    # Started means healthy, so `podman auto-update` can roll back an image that never gets there.
    assert "--sdnotify=healthy" in argv


def test_the_tunnel_healthcheck_is_an_exec_array_because_its_image_has_no_shell(generated):
    argv = run_args(generated, "cloudflared")
    assert argv[argv.index("--health-cmd") + 1] == '["cloudflared", "tunnel", "--metrics", "127.0.0.1:60123", "ready"]'


@pytest.mark.parametrize("name", DATABASE_OPENERS)
def test_nothing_opens_the_database_before_the_migrations_ran(generated, name):
    unit = generated.units[f"{name}.service"]
    assert "migrations.service" in unit.words("Unit", "Requires")
    assert "migrations.service" in unit.words("Unit", "After")


def test_the_migrations_run_once_per_start_and_exit(generated):
    unit = generated.units["migrations.service"]
    assert unit.value("Service", "Type") == "oneshot"
    argv = unit.command()
    assert argv[-2:] == ["puzzlesecretary", "migrate"]
    assert "-d" not in argv
    assert "puzzlesecretary-data:/data:z" in argv


@pytest.mark.parametrize("ingest, upstream", [("signal-ingest", "signal-cli-rest-api"), ("whatsapp-ingest", "waha")])
def test_each_ingest_requires_its_upstream(generated, ingest, upstream):
    unit = generated.units[f"{ingest}.service"]
    assert f"{upstream}.service" in unit.words("Unit", "Requires")
    assert f"{upstream}.service" in unit.words("Unit", "After")


def test_signal_cli_rest_api_runs_native_with_its_own_volume_and_no_receive_schedule(generated):
    argv = run_args(generated, "signal-cli-rest-api")
    assert "MODE=native" in argv
    assert not any(a.startswith("AUTO_RECEIVE_SCHEDULE") for a in argv)
    volumes = [argv[i + 1] for i, a in enumerate(argv) if a == "-v"]
    assert volumes == ["signal-api-data:/home/.local/share/signal-cli:Z"]
    # signal-ingest reaches it by this container name.
    assert argv[argv.index("--name") + 1] == "signal-api"


def test_the_shared_data_volume_is_labelled_shareable_for_selinux(generated):
    for name in DATABASE_OPENERS + ("migrations",):
        argv = run_args(generated, name)
        assert "puzzlesecretary-data:/data:z" in argv, name


def test_the_tunnel_token_comes_from_an_environment_file_never_the_command_line(generated):
    argv = run_args(generated, "cloudflared")
    assert "--token" not in argv
    assert argv[argv.index("--env-file") + 1] == "%h/.config/puzzlesecretary/cloudflared.env"
    assert argv[-3:] == ["tunnel", "--no-autoupdate", "run"]


def test_every_container_joins_the_app_network(generated):
    for name in LONG_RUNNING + ("migrations",):
        unit = generated.units[f"{name}.service"]
        argv = unit.command()
        assert argv[argv.index("--network") + 1] == "puzzlesecretary", name
        assert "app-network.service" in unit.words("Unit", "Requires"), name


def test_telegraf_starts_after_what_it_scrapes(generated):
    after = generated.units["telegraf.service"].words("Unit", "After")
    for name in ("web", "signal-ingest", "whatsapp-ingest", "updater-metrics"):
        assert f"{name}.service" in after


def test_the_generated_names_match_what_the_containers_expect(generated):
    # Defaults in the containers' settings and in telegraf.conf name these hosts.
    names = {n: run_args(generated, n)[run_args(generated, n).index("--name") + 1] for n in LONG_RUNNING}
    assert names["signal-cli-rest-api"] == "signal-api"
    assert names["waha"] == "waha"
    assert names["web"] == "web"
    assert names["whatsapp-ingest"] == "whatsapp-ingest"
    assert names["updater-metrics"] == "updater-metrics"
    telegraf_conf = (ROOT / "telegraf" / "telegraf.conf").read_text()
    for name in ("web:5000", "signal-ingest:8080", "whatsapp-ingest:8080", "updater-metrics:9102"):
        assert f"http://{name}/metrics" in telegraf_conf
