"""The web's counters and histograms, written in Prometheus' text format as prometheus_client writes them.

The web keeps four metrics (guard.Metrics) and nothing else of prometheus_client, whose import
(with urllib.request, http.server and wsgiref behind its exposition module) held 1.7 MiB of the
web's start (docs/performance.md, "Issue 16, round 6: the web's memory"). These few classes
give the same `/metrics` text, byte for byte but for the `_created` times
(tests/web/test_metrics_text.py compares them), and the same `labels()`, `inc()`,
`observe()` and `collect()` as the tests and guard.py use. The ingests keep prometheus_client.
"""

from __future__ import annotations

import math
import threading
import time
from typing import NamedTuple

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"  # prometheus_client's CONTENT_TYPE_LATEST
INF = float("inf")


class Sample(NamedTuple):
    """prometheus_client's Sample, fields and all (prometheus_client.generate_latest reads these too)."""

    name: str
    labels: dict[str, str]
    value: float
    timestamp: float | None = None
    exemplar: None = None
    native_histogram: None = None


class Family(NamedTuple):
    name: str
    documentation: str
    type: str
    samples: list[Sample]


def go_float(value: float) -> str:
    """A number as Go (and prometheus_client) writes it: `+Inf`, `1.0`, `1.7e+09`."""
    if value == INF:
        return "+Inf"
    if value == -INF:
        return "-Inf"
    if math.isnan(value):
        return "NaN"
    text = repr(float(value))
    dot = text.find(".")
    if value > 0 and dot > 6:  # Go switches to exponents sooner than Python
        mantissa = f"{text[0]}.{text[1:dot]}{text[dot + 1:]}".rstrip("0.")
        return f"{mantissa}e+{dot - 1:02d}"
    return text


def _label_value(value: str) -> str:
    return value.replace("\\", r"\\").replace("\n", r"\n").replace('"', r"\"")


def _line(sample: Sample) -> str:
    if not sample.labels:
        return f"{sample.name} {go_float(sample.value)}\n"
    labels = ",".join(f'{k}="{_label_value(v)}"' for k, v in sorted(sample.labels.items()))
    return f"{sample.name}{{{labels}}} {go_float(sample.value)}\n"


def text_of(families: list[Family]) -> bytes:
    """The families in the text format, as prometheus_client.generate_latest writes them: a counter
    is named with `_total`, and each family's `_created` samples follow it as a gauge of their own."""
    out = []
    for family in families:
        help_text = family.documentation.replace("\\", r"\\").replace("\n", r"\n")
        shown = family.name + "_total" if family.type == "counter" else family.name
        out.append(f"# HELP {shown} {help_text}\n# TYPE {shown} {family.type}\n")
        created = [_line(s) for s in family.samples if s.name == family.name + "_created"]
        out.extend(_line(s) for s in family.samples if s.name != family.name + "_created")
        if created:
            out.append(f"# HELP {family.name}_created {help_text}\n# TYPE {family.name}_created gauge\n")
            out.extend(created)
    return "".join(out).encode("utf-8")


class Registry:
    """The metrics of one app, in the order they were made; `render()` is what /metrics answers."""

    def __init__(self) -> None:
        self.metrics: list[_Metric] = []

    def collect(self) -> list[Family]:
        return [family for metric in self.metrics for family in metric.collect()]

    def render(self) -> bytes:
        return text_of(self.collect())


class _Metric:
    def __init__(self, name: str, documentation: str, labelnames: list[str] | tuple[str, ...], registry: Registry) -> None:
        self.name = name
        self.documentation = documentation
        self.labelnames = tuple(labelnames)
        self._children: dict[tuple[str, ...], _Child] = {}
        self._lock = threading.Lock()
        registry.metrics.append(self)

    def labels(self, *values: str) -> _Child:
        if len(values) != len(self.labelnames):
            raise ValueError(f"{self.name} takes the labels {', '.join(self.labelnames)}")
        key = tuple(str(v) for v in values)
        child = self._children.get(key)
        if child is None:
            with self._lock:
                child = self._children.setdefault(key, self._child())
        return child

    def _child(self) -> _Child:
        raise NotImplementedError

    def collect(self) -> list[Family]:
        raise NotImplementedError

    def _named(self, key: tuple[str, ...], **more: str) -> dict[str, str]:
        return dict(zip(self.labelnames, key, strict=True)) | more


class _Child:
    def __init__(self) -> None:
        self.created = time.time()
        self._lock = threading.Lock()


class _Count(_Child):
    def __init__(self) -> None:
        super().__init__()
        self.value = 0.0

    def inc(self, amount: float = 1) -> None:
        if amount < 0:
            raise ValueError("a counter only goes up")
        with self._lock:
            self.value += amount


class Counter(_Metric):
    """A counter with labels: `name_total` and `name_created`, as prometheus_client's Counter."""

    def __init__(self, name: str, documentation: str, labelnames, registry: Registry) -> None:
        super().__init__(name.removesuffix("_total"), documentation, labelnames, registry)

    def _child(self) -> _Count:
        return _Count()

    def collect(self) -> list[Family]:
        samples = []
        for key, child in list(self._children.items()):
            samples.append(Sample(f"{self.name}_total", self._named(key), child.value))
            samples.append(Sample(f"{self.name}_created", self._named(key), child.created))
        return [Family(self.name, self.documentation, "counter", samples)]


class _Spread(_Child):
    def __init__(self, bounds: tuple[float, ...]) -> None:
        super().__init__()
        self.bounds = bounds
        self.counts = [0.0] * len(bounds)
        self.sum = 0.0

    def observe(self, value: float) -> None:
        with self._lock:
            self.sum += value
            for i, bound in enumerate(self.bounds):
                if value <= bound:
                    self.counts[i] += 1
                    break


class Histogram(_Metric):
    """A histogram with labels and fixed buckets (and +Inf), as prometheus_client's Histogram."""

    def __init__(self, name: str, documentation: str, labelnames, registry: Registry, buckets: tuple[float, ...]) -> None:
        super().__init__(name, documentation, labelnames, registry)
        self.bounds = tuple(float(b) for b in buckets) + ((INF,) if buckets[-1] != INF else ())

    def _child(self) -> _Spread:
        return _Spread(self.bounds)

    def collect(self) -> list[Family]:
        samples = []
        for key, child in list(self._children.items()):
            with child._lock:
                counts, total = list(child.counts), child.sum
            running = 0.0
            for bound, count in zip(self.bounds, counts, strict=True):
                running += count
                samples.append(Sample(f"{self.name}_bucket", self._named(key, le=go_float(bound)), running))
            samples.append(Sample(f"{self.name}_count", self._named(key), running))
            samples.append(Sample(f"{self.name}_sum", self._named(key), total))
            samples.append(Sample(f"{self.name}_created", self._named(key), child.created))
        return [Family(self.name, self.documentation, "histogram", samples)]
