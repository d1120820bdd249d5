"""From measured figures to the capacity line and the terminal table. Pure: no I/O here."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# The stated workload (docs/performance.md, "The capacity line"), per daily active player.
SHARES_PER_DAY = 2
CHATTER_PER_DAY = 10
VIEWS_PER_DAY = 3
BUSIEST_HOUR_SHARE = 0.15  # of a day's traffic
CPU_BUDGET = 0.10  # of one vCPU, sustained (a B1s baseline)
# Each share changes its group's pages, so of a player's 3 views at most 2 find the page cache
# stale (a first view); the third is a repeat view.
FIRST_VIEW_SHARE = 2 / 3
# The line "views by what a share changes" counts those 2 views at what they cost now that a page
# is made of pieces: rendered again after a share it shows, with the process's pieces (month sums,
# board sections) kept. Only a restart of the web forgets the pieces; the web restarts when
# `podman auto-update` brings a new image, about once a week (the Wednesday to-do). Cautiously,
# every view of a player's day is a different page, and each is rendered cold once per restart.
STALE_VIEW_SHARE = 2 / 3
RESTARTS_PER_DAY = 1 / 7
# B-series hosts run older Xeons: an estimate (not measured here) of 1.5 times the CPU per operation.
TARGET_VM_SLOWDOWN = 1.5

# The Signal ingest's defaults (containers/signal-ingest/.../settings.py; a test checks they match):
# a receive listens SIGNAL_RECEIVE_TIMEOUT_S and answers at most SIGNAL_MAX_MESSAGES envelopes,
# and the poller receives again at once while an answer brought new ones (poller.py, _drain).
RECEIVE_TIMEOUT_S = 5
MAX_MESSAGES = 500
# Envelopes per receive answer in the at-scale line: far below the 500 the busiest hour at 1M
# players fills (`arrival`), so a conservative batch.
BATCH = 50

TARGETS = {
    "board_repeat_req_per_s": 2000,
    "board_repeat_p99_ms": 20,
    "board_first_cpu_ms": 5,
    "ingest_msgs_per_s": 5000,
    "rss_mib": 40,
    "bytes_per_score": 150,
    "capacity_dau": 1_000_000,
}


@dataclass(frozen=True)
class Capacity:
    """Daily active players one vCPU at `CPU_BUDGET` carries, and the costs behind it."""

    ingest_ms_per_player_day: float
    view_ms: float
    pages_ms_per_player_day: float
    ms_per_player_day: float
    dau_busiest_hour_within_budget: int
    dau_daily_mean_within_budget: int
    dau_busiest_hour_on_target_vm: int
    cold_ms_per_player_day: float = 0.0  # the first views after a restart, beyond a stale view's cost

    def to_json(self) -> dict:
        return asdict(self)


def capacity(
    share_ms: float,
    chatter_ms: float,
    first_view_ms: float,
    repeat_view_ms: float,
    http_ms: float,
    recap_ms_per_player: float = 0.0,
    stale_view_ms: float | None = None,
) -> Capacity:
    """The capacity arithmetic, from CPU milliseconds per message, per page and per request.

    `http_ms` is what the server spends on a request beyond the page itself (parsing, writing,
    threads): measured as one core's time per request under load, less the page's own work.
    `recap_ms_per_player` is a group's daily recap shared among its members (counted as ingest).
    With `stale_view_ms` (a view right after a share the page shows, its pieces kept), 2 of 3
    views cost that instead of a cold first view, and the cold first views come once per restart
    (RESTARTS_PER_DAY), each costing `first_view_ms - stale_view_ms` more than the stale view it replaces.
    """
    ingest = SHARES_PER_DAY * share_ms + CHATTER_PER_DAY * chatter_ms + recap_ms_per_player
    if stale_view_ms is None:
        view = FIRST_VIEW_SHARE * first_view_ms + (1 - FIRST_VIEW_SHARE) * repeat_view_ms + http_ms
        cold = 0.0
    else:
        view = STALE_VIEW_SHARE * stale_view_ms + (1 - STALE_VIEW_SHARE) * repeat_view_ms + http_ms
        cold = RESTARTS_PER_DAY * VIEWS_PER_DAY * max(0.0, first_view_ms - stale_view_ms)
    pages = VIEWS_PER_DAY * view + cold
    per_player = ingest + pages
    hour_budget_ms = CPU_BUDGET * 3_600_000
    day_budget_ms = CPU_BUDGET * 86_400_000
    return Capacity(
        ingest_ms_per_player_day=ingest,
        view_ms=view,
        pages_ms_per_player_day=pages,
        ms_per_player_day=per_player,
        dau_busiest_hour_within_budget=int(hour_budget_ms / (BUSIEST_HOUR_SHARE * per_player)),
        dau_daily_mean_within_budget=int(day_budget_ms / per_player),
        dau_busiest_hour_on_target_vm=int(hour_budget_ms / (BUSIEST_HOUR_SHARE * per_player * TARGET_VM_SLOWDOWN)),
        cold_ms_per_player_day=cold,
    )


def arrival(dau: float) -> dict:
    """The busiest hour's messages per second at `dau`, and the receive answer they fill.

    One Signal account takes every group's messages. A receive listening RECEIVE_TIMEOUT_S at
    that rate brings rate x timeout envelopes, up to MAX_MESSAGES (an answer that brought new
    ones is followed by another receive at once, so the backlog never waits for the poll interval).
    """
    per_s = dau * (SHARES_PER_DAY + CHATTER_PER_DAY) * BUSIEST_HOUR_SHARE / 3600
    return {"dau": dau, "msgs_per_s": per_s, "envelopes_per_answer": min(MAX_MESSAGES, per_s * RECEIVE_TIMEOUT_S)}


def verdict(value: float, target: float, higher_is_better: bool) -> str:
    """'ok' or how far off the target, as a factor."""
    if value <= 0:
        return "n/a"
    met = value >= target if higher_is_better else value <= target
    if met:
        return "ok"
    factor = target / value if higher_is_better else value / target
    return f"MISSED x{factor:.1f}"


def table(rows: list[list[str]]) -> str:
    """Columns padded to their widest cell; the first row is the header."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = enumerate(zip(row, widths, strict=True))
        lines.append("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def fmt(value: float, digits: int = 2) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def _per_share(signal: dict) -> float:
    return signal["reactions_enqueued"] / signal["share_messages"] if signal["share_messages"] else 0.0


def _raw_bytes(signal: dict) -> float:
    """What a Signal message's raw payload adds: its raw event's payload and the message's copy of it."""
    return signal["raw_event_payload_bytes"] + signal["message_raw_bytes"]


def render(result: dict) -> str:
    """The whole report as text: one column per database size, then targets and capacity."""
    sizes = result["sizes"]
    head = ["figure"] + [f"{s['players']:,} players" for s in sizes]

    def row(label: str, get, digits: int = 2) -> list[str]:
        cells = []
        for s in sizes:
            try:
                cells.append(fmt(get(s), digits))
            except (KeyError, TypeError):
                cells.append("-")
        return [label] + cells

    rows = [
        head,
        row("scores stored", lambda s: s["disk"]["scores"], 0),
        row("messages stored", lambda s: s["disk"]["messages"], 0),
        row("ingest backlog msgs/s (wall)", lambda s: s["ingest"]["backlog_msgs_per_s"], 0),
        row("ingest backlog msgs per CPU-s", lambda s: s["ingest"]["backlog_msgs_per_cpu_s"], 0),
        row("ingest CPU ms/chatter msg, backlog", lambda s: s["ingest"]["probe"]["backlog"]["chatter_cpu_ms"], 3),
        row("ingest CPU ms/share, backlog", lambda s: s["ingest"]["probe"]["backlog"]["share_cpu_ms"], 3),
        row("ingest CPU ms/chatter msg, one by one", lambda s: s["ingest"]["probe"]["live"]["chatter_cpu_ms"], 3),
        row("ingest CPU ms/share, one by one", lambda s: s["ingest"]["probe"]["live"]["share_cpu_ms"], 3),
        row("Signal path CPU ms/chatter msg (raw first)", lambda s: s["ingest"]["probe"]["signal"]["chatter_cpu_ms"], 3),
        row("Signal path CPU ms/share (raw first, ✅)", lambda s: s["ingest"]["probe"]["signal"]["share_cpu_ms"], 3),
        row("reactions enqueued per share", lambda s: _per_share(s["ingest"]["probe"]["signal"]), 2),
        row("Signal answers of B: CPU ms/chatter msg", lambda s: s["ingest"]["probe"]["signal_batched"]["chatter_cpu_ms"], 3),
        row("Signal answers of B: CPU ms/share (✅)", lambda s: s["ingest"]["probe"]["signal_batched"]["share_cpu_ms"], 3),
        row("daily recap CPU ms (measured group)", lambda s: s["ingest"]["recap"]["recap_cpu_ms"]),
    ]
    for kind in ("board", "leaderboard", "head-to-head", "player", "puzzle"):
        rows.append(row(f"{kind} first view CPU ms", lambda s, k=kind: s["pages"][k]["first_cpu_ms"]))
        rows.append(row(f"{kind} repeat view CPU ms", lambda s, k=kind: s["pages"][k]["repeat_cpu_ms"], 3))
        rows.append(row(f"{kind} after another's share CPU ms", lambda s, k=kind: s["pages"][k]["after_share_cpu_ms"], 3))
        rows.append(row(f"{kind} after a share it shows CPU ms", lambda s, k=kind: s["pages"][k]["after_shown_share_cpu_ms"], 3))
    rows += [
        row("board repeat req/s (32 clients, 1 core)", lambda s: s["load"]["req_per_s"], 0),
        row("board repeat p50 ms", lambda s: s["load"]["p50_ms"]),
        row("server CPU ms per request under load", lambda s: s["load"]["server_cpu_ms_per_request"], 3),
        row("board repeat p99 ms", lambda s: s["load"]["p99_ms"]),
        row("other processes' share of the server's core meanwhile", lambda s: s["load"]["others_on_server_cpu"]),
        row("/healthz req/s (same server, same run)", lambda s: s["load"]["healthz"]["req_per_s"], 0),
        row("/healthz p99 ms", lambda s: s["load"]["healthz"]["p99_ms"]),
        row("board repeat req/s as share of /healthz", lambda s: s["load"]["req_per_s_vs_healthz"]),
        row("web peak RSS MiB", lambda s: s["load"]["server_peak_rss_kib"] / 1024, 1),
        row("ingest peak RSS MiB", lambda s: s["ingest"]["peak_rss_kib"] / 1024, 1),
        row("bytes on disk per score (table+indexes)", lambda s: s["disk"]["bytes_per_score"], 0),
    ]
    relations = sorted({name for s in sizes for name in s["disk"].get("per_score", {})}, key=lambda n: (n != "score", n))
    rows += [row(f"  of which {name}", lambda s, n=name: s["disk"]["per_score"][n], 1) for name in relations]
    rows += [
        row("database bytes per message", lambda s: s["disk"]["bytes_per_message"], 0),
        row("+ Signal raw payloads per message", lambda s: _raw_bytes(s["ingest"]["probe"]["signal"]), 0),
        row("capacity DAU (busiest hour in 10%)", lambda s: s["capacity"]["dau_busiest_hour_within_budget"], 0),
        row("capacity DAU, Signal path + recaps", lambda s: s["capacity_signal"]["dau_busiest_hour_within_budget"], 0),
        row("capacity DAU, at scale (answers of B)", lambda s: s["capacity_signal_batched"]["dau_busiest_hour_within_budget"], 0),
        row("capacity DAU, at scale, pieces kept", lambda s: s["capacity_pieces"]["dau_busiest_hour_within_budget"], 0),
        row("capacity DAU, at scale, every view cold", lambda s: s["capacity_cold"]["dau_busiest_hour_within_budget"], 0),
    ]
    last = sizes[-1]
    out = [table(rows), "", "Targets (largest size):", *target_lines(last)]
    at_scale, pieces, cold = last.get("capacity_signal_batched"), last.get("capacity_pieces"), last.get("capacity_cold")
    cap = last["capacity"]
    out += [
        "",
        "Capacity (largest size; per player a day: 2 shares, 10 chatter, 3 views, 15% in the busiest hour,",
        "one-by-one ingest costs, 2 of 3 views first views, plus the server's per-request cost):",
        (
            f"  ingest {fmt(cap['ingest_ms_per_player_day'])} ms + pages {fmt(cap['pages_ms_per_player_day'])} ms"
            f" = {fmt(cap['ms_per_player_day'])} ms CPU per player-day"
        ),
        (
            f"  busiest hour within 10% of a vCPU: {cap['dau_busiest_hour_within_budget']:,} daily active players"
            f" ({cap['dau_busiest_hour_on_target_vm']:,} on a B-series vCPU at 1.5x the cost)"
        ),
        f"  daily mean within 10% (busiest hour on burst credits): {cap['dau_daily_mean_within_budget']:,}",
    ]
    signal = last.get("capacity_signal")
    if signal:
        out += [
            "With each message through the Signal ingest's path (raw event first, the applier, a ✅ per counted share",
            "enqueued to the outbox) and one daily recap per group, shared among its members:",
            (
                f"  ingest {fmt(signal['ingest_ms_per_player_day'])} ms + pages {fmt(signal['pages_ms_per_player_day'])} ms"
                f" = {fmt(signal['ms_per_player_day'])} ms CPU per player-day"
            ),
            f"  busiest hour within 10% of a vCPU: {signal['dau_busiest_hour_within_budget']:,} daily active players",
        ]
    if at_scale:
        out += [""] + at_scale_lines(at_scale, last["ingest"]["probe"]["signal_batched"])
    if pieces and cold:
        out += [""] + view_lines(pieces, cold)
    return "\n".join(out)


def view_lines(pieces: dict, cold: dict) -> list[str]:
    """The at-scale line with views costed by what a share changes, and its bound with every view cold."""
    return [
        "Views by what a share changes (at scale, as above): 2 of 3 views come right after a share the page shows",
        "and are rendered again from the pieces the web keeps; each page a player views is rendered cold once",
        f"per restart of the web ({RESTARTS_PER_DAY * 7:.0f} a week: the Wednesday podman auto-update):",
        (
            f"  ingest {fmt(pieces['ingest_ms_per_player_day'])} ms + pages {fmt(pieces['pages_ms_per_player_day'])} ms"
            f" (of which cold after restarts {fmt(pieces['cold_ms_per_player_day'], 3)})"
            f" = {fmt(pieces['ms_per_player_day'])} ms CPU per player-day"
        ),
        (
            f"  busiest hour within 10% of a vCPU: {pieces['dau_busiest_hour_within_budget']:,} daily active players"
            f" ({pieces['dau_busiest_hour_on_target_vm']:,} on a B-series vCPU at 1.5x the cost)"
        ),
        "  this holds while the web's caches keep a page from one of its views to the next; when they cannot",
        "  (more busy groups than the caches hold), every view is cold:",
        (
            f"  every view cold: pages {fmt(cold['pages_ms_per_player_day'])} ms = {fmt(cold['ms_per_player_day'])} ms"
            f" per player-day, {cold['dau_busiest_hour_within_budget']:,} daily active players"
        ),
    ]


def target_lines(last: dict) -> list[str]:
    """Each target's verdict at the largest size."""
    out: list[str] = []
    checks = [
        ("board repeat view req/s >= 2,000", last.get("load", {}).get("req_per_s", 0), TARGETS["board_repeat_req_per_s"], True),
        ("board repeat view p99 < 20 ms", last.get("load", {}).get("p99_ms", 0), TARGETS["board_repeat_p99_ms"], False),
        ("board first view < 5 ms CPU", last["pages"]["board"]["first_cpu_ms"], TARGETS["board_first_cpu_ms"], False),
        ("ingest >= 5,000 msgs/s backlog", last["ingest"]["backlog_msgs_per_s"], TARGETS["ingest_msgs_per_s"], True),
        ("web RSS < 40 MiB", last.get("load", {}).get("server_peak_rss_kib", 0) / 1024, TARGETS["rss_mib"], False),
        ("ingest RSS < 40 MiB", last["ingest"]["peak_rss_kib"] / 1024, TARGETS["rss_mib"], False),
        ("< 150 bytes on disk per score", last["disk"]["bytes_per_score"], TARGETS["bytes_per_score"], False),
        ("capacity >= 1M DAU", last["capacity"]["dau_busiest_hour_within_budget"], TARGETS["capacity_dau"], True),
    ]
    for label, value, target, higher in checks:
        out.append(f"  {label:34} {fmt(value):>10}  {verdict(value, target, higher)}")
    at_scale = last.get("capacity_signal_batched")
    if at_scale:
        value = at_scale["dau_busiest_hour_within_budget"]
        label, met = "capacity >= 1M DAU, at scale", verdict(value, TARGETS["capacity_dau"], True)
        out.append(f"  {label:34} {fmt(value):>10}  {met}  (Signal answers of B, below)")
    for key, label, note in (
        ("capacity_pieces", "capacity >= 1M DAU, pieces kept", "(at scale, views by what a share changes, below)"),
        ("capacity_cold", "capacity >= 1M DAU, every view cold", "(at scale, no page or piece kept, below)"),
    ):
        if last.get(key):
            value = last[key]["dau_busiest_hour_within_budget"]
            out.append(f"  {label:34} {fmt(value):>10}  {verdict(value, TARGETS['capacity_dau'], True)}  {note}")
    return out


def at_scale_lines(cap: dict, batched: dict) -> list[str]:
    """The capacity line at scale: the Signal path in answers of B envelopes, and the arrival rate behind it."""
    dau = cap["dau_busiest_hour_within_budget"]
    here, target = arrival(dau), arrival(TARGETS["capacity_dau"])
    b = batched["batch"]

    def rate(a: dict) -> str:
        return (
            f"{a['dau']:,.0f} DAU x {SHARES_PER_DAY + CHATTER_PER_DAY} msgs x {BUSIEST_HOUR_SHARE:.0%} / 3,600 s"
            f" = {a['msgs_per_s']:,.1f} msgs/s -> answers of {a['envelopes_per_answer']:,.0f} envelopes"
        )

    return [
        f"At scale: Signal answers of B={b} envelopes, as the busiest hour's arrival rate gives them (plus recaps):",
        f"  one Signal account; a receive listens {RECEIVE_TIMEOUT_S} s and answers up to {MAX_MESSAGES} envelopes:",
        f"    at this line's {rate(here)}",
        f"    at the target's {rate(target)}",
        (
            f"  measured: {batched['chatter_answers']} chatter-only and {batched['share_answers']} share-only answers;"
            f" {fmt(batched['chatter_cpu_ms'], 3)} ms/chatter msg, {fmt(batched['share_cpu_ms'], 3)} ms/share"
        ),
        (
            f"  ingest {fmt(cap['ingest_ms_per_player_day'])} ms + pages {fmt(cap['pages_ms_per_player_day'])} ms"
            f" = {fmt(cap['ms_per_player_day'])} ms CPU per player-day"
        ),
        (
            f"  busiest hour within 10% of a vCPU: {dau:,} daily active players"
            f" ({cap['dau_busiest_hour_on_target_vm']:,} on a B-series vCPU at 1.5x the cost)"
        ),
        f"  self-consistent when this line's answers ({here['envelopes_per_answer']:,.0f}) hold at least B={b} envelopes:"
        f" {'yes' if here['envelopes_per_answer'] >= b else 'NO, the line assumes bigger answers than its rate gives'}",
    ]
