"""Time and memory per approach for HTML, DOCX and PDF: `python bench/documents.py [runs]`.

Renders the final approach of a fully worked-out case (every section, feedback and changes
since the draft) N times per format, after one warm-up render, and prints median and p95
beside the targets, with the peak of Python allocations (tracemalloc, one extra render) and
the process's peak resident set (ru_maxrss).
"""

from __future__ import annotations

import datetime as dt
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.documents.adapters.docx_renderer import DocxRenderer
from services.documents.adapters.html_renderer import HtmlRenderer
from services.documents.adapters.pdf_renderer import PdfRenderer
from services.documents.adapters.rendering import DocumentRequest, Renderer
from services.documents.domain.approach import (
    DeliveryKind,
    apply_edit,
    deliver,
    record_feedback,
)
from services.documents.domain.content import Milestone, Planning
from services.documents.service_layer.requests import approach_request
from shared.contracts.documents import FeedbackSubmitted, SectionFeedback
from tests.unit.documents.samples import OWNER, T0, full_approach

TARGETS_MS = {"html": 50.0, "docx": 150.0, "pdf": 1500.0}


def final_request() -> DocumentRequest:
    approach, _ = deliver(full_approach(), DeliveryKind.DRAFT, T0)
    feedback = FeedbackSubmitted(
        case_id="case-001",
        on_version=1,
        submitted_at=T0,
        items=[SectionFeedback(section="planning", comment="De terugkoppeling mag later.")],
        general_comment="Helder stuk, dank u wel.",
    )
    approach = record_feedback(approach, feedback)
    planning = Planning(
        items=[
            Milestone(period="april 2026", activity="Uitnodigingen versturen"),
            Milestone(period="mei 2026", activity="Buurtavond"),
            Milestone(period="september 2026", activity="Terugkoppeling aan de buurt"),
        ]
    )
    approach = apply_edit(approach, planning, 1, "coach", T0)
    approach, final = deliver(approach, DeliveryKind.FINAL, T0)
    return approach_request(approach, final, OWNER, dt.date(2026, 5, 1))


def measure(renderer: Renderer, request: DocumentRequest, runs: int) -> tuple[list[float], int]:
    renderer.render(request)  # warm-up: template compile, font loading
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        renderer.render(request)
        times.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    renderer.render(request)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return times, peak


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    request = final_request()
    renderers: list[Renderer] = [HtmlRenderer(), DocxRenderer(), PdfRenderer()]
    print(f"final approach, {runs} runs per format after one warm-up")
    print(
        f"{'format':<6} {'median ms':>10} {'p95 ms':>9} {'target ms':>10} {'ok':>4} {'peak MiB':>9}"
    )
    for renderer in renderers:
        times, peak = measure(renderer, request, runs)
        median, high = statistics.median(times), p95(times)
        ok = "yes" if high <= TARGETS_MS[renderer.format] else "NO"
        print(
            f"{renderer.format:<6} {median:>10.1f} {high:>9.1f} "
            f"{TARGETS_MS[renderer.format]:>10.0f} {ok:>4} {peak / 2**20:>9.1f}"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS (ru_maxrss): {rss:.0f} MiB")


if __name__ == "__main__":
    main()
