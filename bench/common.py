"""Shared helpers for the benchmarks: the machine, real texts from ../shared, timing."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

SHARED = Path(os.environ.get("PARALLAX_SHARED", Path(__file__).resolve().parent.parent.parent / "shared"))


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> str:
    return f"{os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}"


def gva_texts(limit: int) -> list[tuple[str, str]]:
    """(title, raw content) of the first ``limit`` GVA long-tail documents."""
    path = SHARED / "datasets" / "gva_longtail" / "gva_documents.jsonl"
    if not path.exists():
        raise SystemExit(f"{path} is missing: benchmarks read real texts from ../shared")
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("content", "").strip():
                records.append((record.get("title") or "", record["content"]))
            if len(records) >= limit:
                break
    return records


def best_of(rounds: int, work: Callable[[], object]) -> float:
    """Median wall time of ``rounds`` runs (the machines are noisy; ratios matter more)."""
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
