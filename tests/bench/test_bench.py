"""The benchmark's code on a tiny population: what it generates, feeds, parses and reports.

No timing is asserted here (tests check behaviour, the benchmark measures).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the benchmark is a folder of the repository, not an installed package

from bench import __main__ as bench_main  # noqa: E402
from bench import feed, population, report, signal_path  # noqa: E402
from bench.load import LoadError, cpu_ticks, others_share, parse_wrk, to_ms  # noqa: E402
from bench.pages import page_paths  # noqa: E402
from puzzlesecretary.store import Message, Score  # noqa: E402

END = dt.date(2026, 11, 27)

# What wrk 4.1.0 from Debian printed for a board under load (trimmed of nothing).
WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:50851/g/10Yq1KAN1TCOR109rVSTXA
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    13.10ms    6.17ms  76.84ms   81.22%
    Req/Sec     1.25k   232.47     1.82k    66.00%
  Latency Distribution
     50%   11.77ms
     75%   15.20ms
     90%   19.86ms
     99%   37.74ms
  12548 requests in 5.08s, 325.63MB read
Requests/sec:   2471.30
Transfer/sec:     64.13MB
"""


def test_groups_hold_three_to_fifty_players_and_the_first_holds_fifty():
    shape = population.Shape(players=700)
    groups = population.groups(shape)
    sizes = [len(g.members) for g in groups]
    assert sizes[0] == population.MEASURED_SIZE
    assert groups[0].platform_id == population.MEASURED_GROUP
    assert all(3 <= n <= 50 for n in sizes)
    assert sum(sizes) == 700
    assert len({m.sender_id for g in groups for m in g.members}) == 700


def test_the_population_is_the_same_for_the_same_seed_and_differs_for_another():
    def texts(seed: int) -> list[str]:
        shape = population.Shape(players=60, days=2, measured_days=2, seed=seed)
        return [e.text for _, events in population.history(shape, END) for e in events]

    assert texts(3) == texts(3)
    assert texts(3) != texts(4)


def test_there_are_about_five_chatter_messages_per_share_and_real_share_formats():
    shape = population.Shape(players=120, days=10, measured_days=10)
    kinds = Counter()
    games = Counter()
    from puzzlesecretary.parse import parse

    for day, events in population.history(shape, END):
        for event in events:
            if isinstance(event, population.Edit):
                continue
            if feed.is_share(event):
                kinds["share"] += 1
                outcome = parse(event.text, dt.datetime.combine(day, dt.time(23), dt.UTC))
                assert outcome.results, event.text  # every generated share is one the parsers read
                games[outcome.results[0].game] += 1
            else:
                kinds["chatter"] += 1
    assert 4 <= kinds["chatter"] / kinds["share"] <= 6
    assert len(games) >= 2


def test_edits_and_reposts_appear_at_their_rates():
    shape = population.Shape(players=60, days=5, measured_days=5, edit_rate=0.2, repost_rate=0.2)
    events = [e for _, day in population.history(shape, END) for e in day]
    edits = [e for e in events if isinstance(e, population.Edit)]
    reposts = [e for e in events if not isinstance(e, population.Edit) and e.text.startswith("again, in case")]
    shares = [e for e in events if not isinstance(e, population.Edit) and feed.is_share(e)]
    assert 0.1 < len(edits) / len(shares) < 0.3
    assert 0.1 < len(reposts) / len(shares) < 0.3


def test_feeding_a_population_stores_every_message_through_the_ingest_path(db):
    shape = population.Shape(players=15, days=3, measured_days=3, edit_rate=0.3, repost_rate=0.3)
    tally = feed.Tally()
    for _, events in population.history(shape, END):
        tally.add(feed.feed(events, 7, shape.timezone))
    assert Message.select().count() == tally.messages > 0
    assert tally.edits > 0
    assert Message.select().where(Message.revised_at.is_null(False)).count() == tally.edits
    assert Message.select().where(Message.status == "share").count() == tally.shares
    counted = Score.select().where(Score.counted).count()
    reposted = Score.select().where(~Score.counted).count()
    assert counted > 0 and reposted > 0  # a repost is stored and does not count twice


def test_the_probe_times_chatter_and_shares_of_a_group_it_adds(db):
    shape = population.Shape(players=10, days=1, measured_days=1)
    probe = feed.probe(shape, END, "t")
    for mode in ("backlog", "live"):
        assert probe[mode]["chatter_messages"] > probe[mode]["share_messages"] > 0
        assert probe[mode]["chatter_cpu_ms"] >= 0 and probe[mode]["share_cpu_ms"] >= 0
    assert Message.select().where(Message.platform_message_id.startswith("probe-t")).count() > 0
    # The Signal path: every message kept raw first, and each counted share confirmed through the outbox.
    signal = feed.probe_signal(shape, END, "t")
    assert signal["chatter_messages"] > signal["share_messages"] > 0
    assert signal["chatter_cpu_ms"] > 0 and signal["share_cpu_ms"] > 0
    assert 0 < signal["reactions_enqueued"] <= signal["share_messages"]
    assert signal["raw_event_payload_bytes"] > 200
    # A message read from a raw event points at it (migration 14) instead of keeping a second copy of its payload.
    assert signal["message_raw_bytes"] == 0
    signal_messages = Message.select().where(Message.platform == "signal")
    assert signal_messages.count() > 0
    assert signal_messages.where(Message.raw_event.is_null()).count() == 0


def test_the_batched_signal_probe_feeds_the_same_day_in_answers_of_b_envelopes(db):
    shape = population.Shape(players=10, days=1, measured_days=1)
    one_by_one = feed.probe_signal(shape, END, "t")
    batched = feed.probe_signal(shape, END, "t", batch=7)
    # The same day's messages, in chatter-only answers and share-only answers of at most 7 envelopes.
    assert batched["chatter_messages"] == one_by_one["chatter_messages"] > 0
    assert batched["share_messages"] == one_by_one["share_messages"] > 0
    assert batched["batch"] == 7
    assert batched["chatter_answers"] == -(-batched["chatter_messages"] // 7)
    assert batched["share_answers"] == -(-batched["share_messages"] // 7)
    assert batched["chatter_cpu_ms"] > 0 and batched["share_cpu_ms"] > 0
    # Its members are other Signal accounts than the first probe's, so its shares are new scores, each confirmed.
    assert batched["reactions_enqueued"] == one_by_one["reactions_enqueued"] > 0
    stored = Message.select().where(Message.platform == "signal", Message.raw_event.is_null(False)).count()
    assert stored >= 2 * (batched["chatter_messages"] + batched["share_messages"])


def test_a_receive_answer_of_no_envelopes_is_refused(db):
    with pytest.raises(ValueError, match="at least one envelope"):
        signal_path.run_batched([], feed.is_share, 0, "bench-none", batch=0)
    with pytest.raises(argparse.ArgumentTypeError, match="at least 1 envelope"):
        bench_main.envelopes_per_answer("0")


def test_the_busiest_hour_at_a_million_players_fills_receive_answers_to_their_limit():
    at_target = report.arrival(1_000_000)
    assert at_target["msgs_per_s"] == pytest.approx(500.0)  # 1e6 x 12 x 0.15 / 3,600
    assert at_target["envelopes_per_answer"] == report.MAX_MESSAGES
    quiet = report.arrival(1_000)
    assert quiet["msgs_per_s"] == pytest.approx(0.5)
    assert quiet["envelopes_per_answer"] == pytest.approx(2.5)  # 5 s of listening at 0.5 msgs/s


def test_the_arrival_arithmetic_uses_the_signal_ingests_defaults():
    from puzzlesecretary_signal_ingest.settings import SETTINGS

    defaults = {s.name: s.default for s in SETTINGS}
    assert int(defaults["SIGNAL_RECEIVE_TIMEOUT_S"]) == report.RECEIVE_TIMEOUT_S
    assert int(defaults["SIGNAL_MAX_MESSAGES"]) == report.MAX_MESSAGES


def test_the_at_scale_line_says_whether_its_own_rate_gives_answers_of_b():
    batched = {"batch": 50, "chatter_answers": 10, "share_answers": 2, "chatter_cpu_ms": 0.2, "share_cpu_ms": 1.0}
    cap = report.capacity(share_ms=1.0, chatter_ms=0.2, first_view_ms=1.0, repeat_view_ms=0.1, http_ms=0.1).to_json()
    text = "\n".join(report.at_scale_lines(cap, batched))
    assert "B=50" in text and "500.0 msgs/s" in text
    assert text.endswith("yes")  # tens of thousands of players bring more than 50 envelopes per 5 s receive
    small = {**cap, "dau_busiest_hour_within_budget": 1_000}
    assert "NO" in report.at_scale_lines(small, batched)[-1]


def test_a_daily_recap_is_timed_on_the_measured_group(db):
    shape = population.Shape(players=60, days=2, measured_days=3)
    for _, events in population.history(shape, END, population.groups(shape)[:1]):
        feed.feed(events, 500, shape.timezone)
    cost = signal_path.recap_cost(population.MEASURED_GROUP, END - dt.timedelta(days=1), samples=1)
    assert cost["recap_cpu_ms"] > 0 and cost["members"] == population.MEASURED_SIZE


def test_growth_steps_take_the_groups_whose_first_player_falls_in_the_range():
    shape = population.Shape(players=400)
    every = population.groups(shape)
    first = list(feed.chosen_groups(shape, 0, 100))
    rest = list(feed.chosen_groups(shape, 100, 400))
    assert first[0].platform_id == population.MEASURED_GROUP
    assert [g.platform_id for g in first + rest] == [g.platform_id for g in every]


def test_it_reads_wrk_output():
    parsed = parse_wrk(WRK_OUTPUT)
    assert parsed["req_per_s"] == 2471.30
    assert parsed["p50_ms"] == 11.77 and parsed["p99_ms"] == 37.74
    assert parsed["requests"] == 12548 and parsed["non_2xx"] == 0


@pytest.mark.parametrize("text, ms", [("850.00us", 0.85), ("1.50ms", 1.5), ("1.02s", 1020.0)])
def test_it_converts_wrk_latencies_to_milliseconds(text, ms):
    assert to_ms(text) == pytest.approx(ms)


@pytest.mark.parametrize("bad", ["", "12", "1.5min", "fast"])
def test_an_unreadable_latency_is_a_clear_error(bad):
    with pytest.raises(LoadError, match="cannot read"):
        to_ms(bad)


PROC_STAT = """cpu  900 0 300 5000 100 0 0 0 0 0
cpu0 400 10 100 2000 50 5 5 0 0 0
cpu1 500 0 200 3000 50 0 0 0 0 0
intr 12345
"""


def test_it_reads_one_cpus_busy_and_total_ticks_from_proc_stat():
    # busy: everything but idle (2000) and iowait (50)
    assert cpu_ticks(PROC_STAT, 0) == (520, 2570)
    assert cpu_ticks(PROC_STAT, 1) == (700, 3750)
    assert cpu_ticks(PROC_STAT, 7) == (0, 0)


def test_what_other_processes_took_of_the_core_is_its_busy_time_less_the_servers_own():
    hz = os.sysconf("SC_CLK_TCK")
    # 10 s of the core; 9 s busy, 6 of them the server's: others had 30%.
    assert others_share((0, 0), (9 * hz, 10 * hz), 6.0) == pytest.approx(0.3)
    assert others_share((0, 0), (5 * hz, 10 * hz), 6.0) == 0.0  # never below nothing (ticks are coarse)
    assert others_share((5, 5), (5, 5), 1.0) == 0.0


def test_wrk_output_without_a_rate_is_a_clear_error():
    with pytest.raises(LoadError, match="Requests/sec"):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


def test_the_capacity_arithmetic_follows_the_stated_workload():
    # 2 shares at 1 ms + 10 chatter at 0.5 ms = 7 ms; a view is 2/3 of 3 ms + 1/3 of 0 + 0.
    cap = report.capacity(share_ms=1.0, chatter_ms=0.5, first_view_ms=3.0, repeat_view_ms=0.0, http_ms=0.0)
    assert cap.ingest_ms_per_player_day == pytest.approx(7.0)
    assert cap.view_ms == pytest.approx(2.0)
    assert cap.ms_per_player_day == pytest.approx(13.0)
    # 10% of an hour is 360,000 ms; the busiest hour carries 15% of a player's 13 ms.
    assert cap.dau_busiest_hour_within_budget == int(360_000 / (0.15 * 13.0))
    assert cap.dau_daily_mean_within_budget == int(8_640_000 / 13.0)
    assert cap.dau_busiest_hour_on_target_vm < cap.dau_busiest_hour_within_budget
    # A group's daily recap, shared among its members, is ingest-side work.
    with_recap = report.capacity(
        share_ms=1.0, chatter_ms=0.5, first_view_ms=3.0, repeat_view_ms=0.0, http_ms=0.0, recap_ms_per_player=0.5
    )
    assert with_recap.ingest_ms_per_player_day == pytest.approx(7.5)


def test_views_by_what_a_share_changes_cost_a_stale_view_and_a_cold_one_once_per_restart():
    # A stale view (after a share the page shows) costs 0.6 ms, a cold first view 2.0, a repeat 0.
    cap = report.capacity(share_ms=0.2, chatter_ms=0.05, first_view_ms=2.0, repeat_view_ms=0.0, http_ms=0.1, stale_view_ms=0.6)
    assert cap.view_ms == pytest.approx(2 / 3 * 0.6 + 0.1)
    # Each of the 3 pages is rendered cold once a week: (2.0 - 0.6) ms x 3 / 7 a day.
    assert cap.cold_ms_per_player_day == pytest.approx(3 * 1.4 / 7)
    assert cap.pages_ms_per_player_day == pytest.approx(3 * (2 / 3 * 0.6 + 0.1) + 3 * 1.4 / 7)
    # A stale view dearer than a cold one adds no restart cost (the cold view is then no dearer).
    odd = report.capacity(share_ms=0.2, chatter_ms=0.05, first_view_ms=0.5, repeat_view_ms=0.0, http_ms=0.0, stale_view_ms=0.6)
    assert odd.cold_ms_per_player_day == 0.0
    # Without a stale-view figure the line is the old one: 2 of 3 views cold, nothing per restart.
    old = report.capacity(share_ms=0.2, chatter_ms=0.05, first_view_ms=2.0, repeat_view_ms=0.0, http_ms=0.1)
    assert old.view_ms == pytest.approx(2 / 3 * 2.0 + 0.1) and old.cold_ms_per_player_day == 0.0


def test_the_report_gives_the_pieces_line_and_its_every_view_cold_bound():
    pieces = report.capacity(share_ms=0.2, chatter_ms=0.05, first_view_ms=2.0, repeat_view_ms=0.0, http_ms=0.1, stale_view_ms=0.6)
    cold = report.capacity(share_ms=0.2, chatter_ms=0.05, first_view_ms=2.0, repeat_view_ms=2.0, http_ms=0.1, stale_view_ms=2.0)
    assert cold.dau_busiest_hour_within_budget < pieces.dau_busiest_hour_within_budget
    text = "\n".join(report.view_lines(pieces.to_json(), cold.to_json()))
    assert f"{pieces.dau_busiest_hour_within_budget:,} daily active players" in text
    assert f"{cold.dau_busiest_hour_within_budget:,} daily active players" in text
    assert "every view cold" in text


@pytest.mark.parametrize(
    "value, target, higher, expected",
    [(2500, 2000, True, "ok"), (1000, 2000, True, "MISSED x2.0"), (30, 20, False, "MISSED x1.5"), (4, 5, False, "ok")],
)
def test_a_missed_target_says_by_how_much(value, target, higher, expected):
    assert report.verdict(value, target, higher) == expected


def test_the_five_page_kinds_of_the_issue_are_timed():
    paths = page_paths("T", [3, 4], "wordle", "1234")
    assert set(paths) == {"board", "leaderboard", "head-to-head", "player", "puzzle"}
    assert paths["head-to-head"] == "/g/T/vs/3/4"


def run_bench(tmp_path: Path, *extra: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", "52,60", "--days", "1", "--measured-days", "3", "--load-seconds", "1",
         "--out", str(tmp_path), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "board first view CPU ms" in done.stdout and "capacity" in done.stdout.lower()
    assert "capacity >= 1M DAU, at scale" in done.stdout and "At scale: Signal answers of B=" in done.stdout
    [written] = list(tmp_path.glob("*.json"))
    return json.loads(written.read_text())


def check_result(result: dict) -> None:
    assert [s["players"] for s in result["sizes"]] == [52, 60]
    for size in result["sizes"]:
        assert size["disk"]["scores"] > 0 and size["disk"]["bytes_per_score"] > 0
        assert set(size["pages"]) == {"board", "leaderboard", "head-to-head", "player", "puzzle"}
        assert size["load"]["requests"] > 0 and size["load"]["non_2xx"] == 0
        assert size["load"]["healthz"]["requests"] > 0 and size["load"]["healthz"]["non_2xx"] == 0
        assert size["load"]["req_per_s_vs_healthz"] == size["load"]["req_per_s"] / size["load"]["healthz"]["req_per_s"]
        assert size["load"]["server_peak_rss_kib"] > 0 and size["ingest"]["peak_rss_kib"] > 0
        assert size["capacity"]["dau_busiest_hour_within_budget"] > 0
        batched = size["ingest"]["probe"]["signal_batched"]
        assert batched["batch"] == report.BATCH and batched["chatter_cpu_ms"] > 0 and batched["share_cpu_ms"] > 0
        assert size["capacity_signal_batched"]["dau_busiest_hour_within_budget"] > 0
    assert result["sizes"][1]["disk"]["messages"] > result["sizes"][0]["disk"]["messages"]


def test_the_whole_benchmark_runs_on_a_tiny_population_and_writes_its_report(tmp_path):
    result = run_bench(tmp_path)
    assert result["backend"] == "sqlite"
    check_result(result)


def test_the_benchmark_runs_against_postgresql(tmp_path, postgres_server):
    url = postgres_server.create_database()
    try:
        result = run_bench(tmp_path, "--database-url", url)
    finally:
        postgres_server.drop_database(url)
    assert result["backend"] == "postgresql"
    check_result(result)
