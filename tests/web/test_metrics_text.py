"""The web's own metrics write what prometheus_client would write for the same counts."""

from __future__ import annotations

import subprocess
import sys

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client import Counter as PromCounter
from prometheus_client import Histogram as PromHistogram

from puzzlesecretary_web import metrics_text
from puzzlesecretary_web.guard import Metrics
from puzzlesecretary_web.metrics_text import Counter, Histogram, Registry, go_float

BUCKETS = (0.0005, 0.001, 0.0025, 1.0, 2.5)


def both(monkeypatch):
    """The same metrics made with prometheus_client and with metrics_text, at one fixed time."""
    monkeypatch.setattr(metrics_text.time, "time", lambda: 1796411731.8783314)
    monkeypatch.setattr("prometheus_client.metrics.time.time", lambda: 1796411731.8783314)
    theirs, ours = CollectorRegistry(), Registry()
    made = []
    for registry, counter, histogram in ((theirs, PromCounter, PromHistogram), (ours, Counter, Histogram)):
        made.append(
            (
                counter("app_requests", 'Requests \\ "answered"\nby route.', ["route", "method"], registry=registry),
                histogram("app_duration_seconds", "Time.", ["route"], buckets=BUCKETS, registry=registry),
                counter("app_errors", "Errors.", ["route"], registry=registry),
            )
        )
    return theirs, ours, made


def test_counters_and_histograms_read_byte_for_byte_as_prometheus_client_writes_them(monkeypatch):
    theirs, ours, made = both(monkeypatch)
    for requests, duration, _errors in made:
        requests.labels("/g/<token>", "GET").inc()
        requests.labels("/g/<token>", "GET").inc(2)
        requests.labels('odd "route"\\\n', "HEAD").inc()
        for seconds in (0.0001, 0.0005, 0.0007, 0.003, 2.0, 40.0):
            duration.labels("/g/<token>").observe(seconds)
        duration.labels("/static").observe(0.0002)
    assert ours.render() == generate_latest(theirs)
    assert b'app_requests_total{method="GET",route="/g/<token>"} 3.0' in ours.render()


def test_a_metric_never_counted_shows_its_help_and_type_only(monkeypatch):
    theirs, ours, _ = both(monkeypatch)
    assert ours.render() == generate_latest(theirs)
    assert b"app_errors_created" not in ours.render()


def test_collect_gives_the_samples_by_name_and_labels_as_prometheus_client_does(monkeypatch):
    theirs, ours, made = both(monkeypatch)
    for requests, _, _ in made:
        requests.labels("/", "GET").inc(4)
    prom = [(s.name, s.labels, s.value) for f in made[0][0].collect() for s in f.samples]
    mine = [(s.name, s.labels, s.value) for f in made[1][0].collect() for s in f.samples]
    assert mine == prom


NUMBERS = [0.0, 1.0, 0.0005, 2.5, 3.0007, 1796411731.8783314, 1e22, float("inf"), -float("inf"), 12345678.0]


@pytest.mark.parametrize("value", NUMBERS)
def test_numbers_are_written_as_go_writes_them(value):
    from prometheus_client.utils import floatToGoString

    assert go_float(value) == floatToGoString(value)


def test_a_wrong_number_of_labels_is_refused_with_the_labels_it_takes():
    counter = Counter("x", "X.", ["route"], registry=Registry())
    with pytest.raises(ValueError, match="route"):
        counter.labels("a", "b")
    with pytest.raises(ValueError, match="only goes up"):
        counter.labels("a").inc(-1)


def test_the_web_app_imports_neither_prometheus_client_nor_wsgiref():
    code = (
        "import sys\n"
        "from puzzlesecretary_web import no_tls; no_tls.hide()\n"
        "import puzzlesecretary_web.main, puzzlesecretary_web.app, puzzlesecretary_web.server\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('prometheus_client', 'wsgiref')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_web_metrics_keep_their_names():
    text = Metrics().registry.render().decode()
    for name in ("puzzlesecretary_web_requests_total", "puzzlesecretary_web_request_duration_seconds",
                 "puzzlesecretary_web_errors_total", "puzzlesecretary_web_page_cache_total"):  # fmt: skip
        assert f"# TYPE {name} " in text


def test_prometheus_client_writes_the_web_registry_as_it_writes_itself(monkeypatch):
    _, ours, made = both(monkeypatch)
    made[1][0].labels("/", "GET").inc()
    made[1][1].labels("/").observe(0.3)
    assert generate_latest(ours) == ours.render()
