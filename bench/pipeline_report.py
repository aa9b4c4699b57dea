"""Printing, JSON and plot of the pipeline benchmark: every figure beside its ceiling."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from bench.cpu import hot_spots

OUT = Path(__file__).resolve().parent.parent / "docs" / "bench"


def print_hot_spots(folder: Path) -> None:
    """Where each process spent its busy time during the saturation run."""
    for stacks in sorted(folder.glob("*.txt")):
        for title, rows in hot_spots(stacks).items():
            print(f"py-spy, {stacks.stem}, {title} (share of busy samples):")
            for share, name in rows:
                print(f"  {share:6.1%} {name}")


def report(raw: dict[str, float], steady: list[dict[str, Any]], saturated: dict[str, Any]) -> None:
    """Print each figure against its ceiling; write JSON and the plot."""
    consume = raw["raw_consume_ack_per_s"]
    ratios = {
        "faststream_noop_vs_raw_consume": raw["faststream_noop_consume_per_s"] / consume,
        "cases_per_s_vs_raw_consume": saturated["cases_per_s"] / consume,
        "cases_per_s_vs_publish_confirms": saturated["cases_per_s"] / raw["publish_confirms_per_s"],
        "cases_per_s_vs_database_inserts": saturated["cases_per_s"] / raw["database_inserts_per_s"],
        "cases_per_s_vs_cpu_bound": saturated["cases_per_s"]
        * saturated["cpu_ms_per_case"]["total"]
        / ((os.cpu_count() or 1) * 1000),
    }
    for name, value in {**raw, **saturated}.items():
        if isinstance(value, int | float):
            print(f"{name:40} {value:10.1f}")
    cpu = saturated["cpu_ms_per_case"]
    print(f"CPU ms per case (at saturation; {os.cpu_count()} cores):")
    for name, value in sorted(cpu.items(), key=lambda item: -item[1]):
        print(f"  {name:38} {value:8.1f}")
    print("database round trips per case (at saturation):")
    by_kind = saturated.get("database_round_trips_per_case_by_kind", {})
    for name, value in sorted(saturated["database_round_trips_per_case"].items()):
        print(f"  {name:38} {value:8.1f}")
        for kind, per_case in by_kind.get(name, {}).items():
            print(f"    {kind:36} {per_case:8.2f}")
    bound = (os.cpu_count() or 1) * 1000 / cpu["total"]
    print(f"{'CPU-bound ceiling (cores / CPU per case)':40} {bound:10.1f} cases/s")
    for run in steady:
        p50, p95, p99 = (run[f"p{n}_ms"] for n in (50, 95, 99))
        got = f"{run['received']} receipts, {run['alerts']} staff alerts of {run['cases']}"
        print(f"at {run['rate']:g}/s: p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms ({got})")
    for name, value in ratios.items():
        print(f"{name:40} {value:10.1%}")
    OUT.mkdir(parents=True, exist_ok=True)
    fixed = [{k: v for k, v in run.items() if k != "latencies_ms"} for run in steady]
    results = {"ceilings": raw, "fixed_rates": fixed, "saturation": saturated, "ratios": ratios,
               "cores": os.cpu_count()}  # fmt: skip
    (OUT / "pipeline.json").write_text(json.dumps(results, indent=2) + "\n")
    plot(steady, raw, saturated)


def plot(steady: list[dict[str, Any]], raw: dict[str, float], saturated: dict[str, Any]) -> None:
    """Latency distribution at each fixed rate, and throughputs beside their ceilings."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for run in steady:
        ordered = sorted(run["latencies_ms"])
        shares = [(i + 1) / len(ordered) for i in range(len(ordered))]
        left.step(ordered, shares, where="post", label=f"{run['rate']:g} cases/s")
    left.axvline(50, linestyle=":", color="grey")
    left.axvline(250, linestyle=":", color="grey")
    left.legend()
    left.set(title="submission -> receipt (targets 50 / 250 ms dotted)", xscale="log",
             xlabel="ms", ylabel="share of cases")  # fmt: skip
    cpu_bound = (os.cpu_count() or 1) * 1000 / saturated["cpu_ms_per_case"]["total"]
    names = ["publish+confirm", "raw consume+ack", "FastStream no-op", "DB inserts",
             "CPU-bound cases/s", "cases/s"]  # fmt: skip
    values = [raw["publish_confirms_per_s"], raw["raw_consume_ack_per_s"],
              raw["faststream_noop_consume_per_s"], raw["database_inserts_per_s"],
              cpu_bound, saturated["cases_per_s"]]  # fmt: skip
    right.barh(names, values)
    right.set(title="per second (this machine)", xscale="log")
    figure.tight_layout()
    figure.savefig(OUT / "pipeline.png", dpi=100)
