"""Runs inside Home Assistant's own venv (build/hass-venv; Home Assistant does not install into
the project's .venv): JSON on stdin, JSON on stdout. Called by the ops tests through
opskit.hass_helper, so what is checked is Home Assistant's real template engine, MQTT schema,
conditions, scripts and automations, not an imitation of them.

Commands:
  load-package    the package as Home Assistant's YAML loader reads it (the project's venv has no YAML)
  mqtt-sensors    subscribe to the package's MQTT topics on a real broker, print "ready", then
                  render each sensor's value_template / json_attributes_template on what arrives
  validate-mqtt   run the package's MQTT entries through the MQTT platforms' own schemas
  automations     set up input_text, script and automation from the package in a bare Home
                  Assistant, set states, trigger automations, report the service calls made
  triggers-hold   for given states, which automations' triggers' conditions are met now
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
import sys
import tempfile
from unittest import mock


def load_package(path: str) -> dict:
    from homeassistant.util.yaml import load_yaml

    return load_yaml(path)


async def new_hass(config_dir: str):
    from homeassistant.core import HomeAssistant

    from homeassistant import bootstrap, config_entries, loader

    hass = HomeAssistant(config_dir)
    hass.config.set_time_zone("UTC")
    hass.config.skip_pip = True
    # What bootstrap does before any integration is set up, without reading a configuration.
    hass.config_entries = config_entries.ConfigEntries(hass, {})
    loader.async_setup(hass)
    await bootstrap.async_load_base_functionality(hass)
    return hass


def mqtt_entries(package: dict):
    for platform in ("sensor", "binary_sensor"):
        for entry in package["mqtt"].get(platform, []):
            yield platform, entry


# One conversation with Home Assistant, step by step; its branches are the steps' checks.
async def mqtt_sensors(request: dict) -> dict:  # noqa: C901
    import paho.mqtt.client as mqtt
    from homeassistant.helpers.template import Template

    package = load_package(request["package"])
    topics = set()
    for _, entry in mqtt_entries(package):
        topics.add(entry["state_topic"])
        if "json_attributes_topic" in entry:
            topics.add(entry["json_attributes_topic"])
    received: dict[str, str] = {}
    subscribed = asyncio.Event()
    loop = asyncio.get_running_loop()
    client = mqtt.Client(client_id="hass-helper")

    def on_connect(client, userdata, flags, rc):
        client.subscribe([(topic, 1) for topic in sorted(topics)])

    def on_subscribe(client, userdata, mid, granted_qos):
        loop.call_soon_threadsafe(subscribed.set)

    def on_message(client, userdata, message):
        received[message.topic] = message.payload.decode()

    client.on_connect, client.on_subscribe, client.on_message = on_connect, on_subscribe, on_message
    client.connect("127.0.0.1", request["port"])
    client.loop_start()
    await asyncio.wait_for(subscribed.wait(), 10)
    print(json.dumps({"ready": sorted(topics)}), flush=True)
    expected = set(request["expect_topics"])
    for _ in range(200):
        if expected <= set(received):
            break
        await asyncio.sleep(0.05)
    client.loop_stop()
    client.disconnect()

    hass = await new_hass(tempfile.mkdtemp())
    results = {}
    for _platform, entry in mqtt_entries(package):
        name = entry["name"]
        payload = received.get(entry["state_topic"])
        result = {"topic": entry["state_topic"], "received": payload is not None}
        if payload is not None:
            state = Template(entry["value_template"], hass).async_render_with_possible_json_value(payload, "ERROR")
            result["state"] = state
        attributes_topic = entry.get("json_attributes_topic")
        if attributes_topic and attributes_topic in received:
            rendered = Template(entry["json_attributes_template"], hass).async_render_with_possible_json_value(
                received[attributes_topic], "ERROR"
            )
            result["attributes"] = json.loads(rendered)
        results[name] = result
    await hass.async_stop(force=True)
    return {"sensors": results, "topics": sorted(received)}


async def validate_mqtt(request: dict) -> dict:
    import voluptuous as vol
    from homeassistant.components.mqtt import binary_sensor, sensor

    package = load_package(request["package"])
    schemas = {"sensor": sensor.PLATFORM_SCHEMA_MODERN, "binary_sensor": binary_sensor.PLATFORM_SCHEMA_MODERN}
    errors = []
    entries = [("sensor", e) for e in request.get("extra_sensors", [])] + list(mqtt_entries(package))
    for platform, entry in entries:
        try:
            schemas[platform](dict(entry))
        except vol.Invalid as error:
            errors.append(f"{entry.get('name')}: {error}")
    return {"errors": errors, "checked": len(entries)}


async def setup_package(hass, package: dict) -> list:
    """input_text, script and automation from the package, a real Local To-do list named after
    the package's default, and a recording phone (the companion app cannot run here)."""
    from homeassistant.config_entries import ConfigEntry
    from homeassistant.setup import async_setup_component

    calls = []

    async def record(call):
        calls.append({"service": f"{call.domain}.{call.service}", "data": json.loads(json.dumps(dict(call.data), default=str))})

    phone = package["input_text"]["puzzlesecretary_phone"]["initial"]
    hass.services.async_register("notify", phone, record)
    # The to-do integration needs http (hence auth): a real one, on 127.0.0.1 and a free port.
    from homeassistant import auth

    hass.auth = await auth.auth_manager_from_config(hass, [], [])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert await async_setup_component(hass, "http", {"http": {"server_host": ["127.0.0.1"], "server_port": port}})
    todo_name = package["input_text"]["puzzlesecretary_todo_list"]["initial"].split(".", 1)[1]
    entry = ConfigEntry(
        version=1,
        minor_version=1,
        domain="local_todo",
        title=todo_name,
        source="user",
        data={"todo_list_name": todo_name, "storage_key": todo_name},
    )
    await hass.config_entries.async_add(entry)
    for domain in ("input_text", "script", "automation"):
        assert await async_setup_component(hass, domain, {domain: package[domain]}), domain
    await hass.async_block_till_done()
    assert hass.states.get(f"todo.{todo_name}") is not None, "the Local To-do list did not load"
    return calls


async def todo_items(hass, entity_id: str) -> list[dict]:
    response = await hass.services.async_call("todo", "get_items", {"entity_id": entity_id}, blocking=True, return_response=True)
    return [{key: item.get(key) for key in ("summary", "status", "due", "description")} for item in response[entity_id]["items"]]


async def automations(request: dict) -> dict:
    """Each run sets states, then fires the automation the way its trigger would (with the
    trigger variables the test names), conditions included unless skip_condition is set."""
    import homeassistant.util.dt as dt_util

    package = load_package(request["package"])
    hass = await new_hass(tempfile.mkdtemp())
    # The sensors exist before the automations attach, as the MQTT entities do in a real setup.
    for entity_id, (state, attributes) in request.get("initial_states", {}).items():
        hass.states.async_set(entity_id, state, attributes)
    calls = await setup_package(hass, package)
    await hass.async_start()
    component = hass.data["automation"]
    runs = []
    for run in request["runs"]:
        for entity_id, (state, attributes) in run.get("states", {}).items():
            hass.states.async_set(entity_id, state, attributes)
        await hass.async_block_till_done()
        trigger = dict(run.get("trigger", {"platform": None}))
        if "to_state" in trigger:
            trigger["to_state"] = hass.states.get(trigger["to_state"])
            trigger["entity_id"] = trigger["to_state"].entity_id
        # Runs name the automation by its id: entity ids come from aliases, which may change.
        entity = next((e for e in component.entities if e.unique_id == run["automation"]), None)
        assert entity is not None, f"automation {run['automation']} was not set up"
        before = len(calls)
        now = dt.datetime.fromisoformat(run["now"]) if run.get("now") else dt_util.now()
        with mock.patch.object(dt_util, "now", lambda time_zone=None, now=now: now):
            await entity.async_trigger({"trigger": trigger}, skip_condition=run.get("skip_condition", False))
            await hass.async_block_till_done()
        todo = package["input_text"]["puzzlesecretary_todo_list"]["initial"]
        runs.append({"automation": run["automation"], "calls": calls[before:], "todo": await todo_items(hass, todo)})
    entities = sorted(hass.states.async_entity_ids())
    await hass.async_stop(force=True)
    return {"runs": runs, "entities": entities}


async def triggers_hold(request: dict) -> dict:
    from homeassistant.helpers import condition
    from homeassistant.helpers import config_validation as cv

    package = load_package(request["package"])
    hass = await new_hass(tempfile.mkdtemp())
    results = []
    for case in request["cases"]:
        for entity_id in hass.states.async_entity_ids():
            hass.states.async_remove(entity_id)
        for entity_id, state in case["states"].items():
            hass.states.async_set(entity_id, state)
        holding = []
        for automation in package["automation"]:
            for trigger in automation["trigger"]:
                as_condition = trigger_as_condition(trigger)
                if as_condition is None:
                    continue
                validated = await condition.async_validate_condition_config(hass, cv.CONDITION_SCHEMA(as_condition))
                check = await condition.async_from_config(hass, validated)
                if check(hass, {"trigger": {"id": trigger.get("id")}}):
                    holding.append(automation["id"])
                    break
        results.append(sorted(set(holding)))
    await hass.async_stop(force=True)
    return {"results": results}


def trigger_as_condition(trigger: dict) -> dict | None:
    """The condition that is true exactly when this trigger's threshold is crossed (its `for:`
    is checked by the test from the YAML: waiting minutes here proves nothing more). A trigger
    fires for ANY of its entities, a condition needs ALL of them: hence one per entity, or'ed."""
    platform = trigger["platform"]
    if platform == "template":
        return {"condition": "template", "value_template": trigger["value_template"]}
    if platform not in ("numeric_state", "state"):
        return None
    entities = trigger["entity_id"] if isinstance(trigger["entity_id"], list) else [trigger["entity_id"]]
    if platform == "numeric_state":
        limits = {key: trigger[key] for key in ("above", "below") if key in trigger}
        each = [{"condition": "numeric_state", "entity_id": entity, **limits} for entity in entities]
    elif platform == "state":
        each = [{"condition": "state", "entity_id": entity, "state": trigger["to"]} for entity in entities]
    return {"condition": "or", "conditions": each}


async def load_package_command(request: dict) -> dict:
    return load_package(request["package"])


COMMANDS = {
    "load-package": load_package_command,
    "mqtt-sensors": mqtt_sensors,
    "validate-mqtt": validate_mqtt,
    "automations": automations,
    "triggers-hold": triggers_hold,
}


def main() -> int:
    command = COMMANDS[sys.argv[1]]
    request = json.loads(sys.stdin.readline())
    result = asyncio.run(command(request))
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
