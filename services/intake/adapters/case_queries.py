"""The staff list's filters and sorts, and the indexes that serve every combination of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import combinations
from typing import Any

from services.intake.domain.case_list import CaseListQuery, CaseSort
from services.intake.domain.lifecycle import CaseStatus
from shared.contracts.base import ProgrammeFormat
from shared.contracts.intake import Verdict
from shared.persistence.indexes import IndexSpec

# Equality filters staff may combine freely, in the order their indexes list them.
EQUALITY_FILTERS = ("status", "verdict", "programme_format")
SORT_FIELDS = ("submitted_at", "decision_due")
__all__ = [
    "CaseListQuery",
    "CaseSort",
    "every_list_query",
    "list_indexes",
    "mongo_filter",
    "mongo_sort",
]


def mongo_filter(query: CaseListQuery, today: dt.date) -> dict[str, Any]:
    """The filter; dates are stored as ISO strings, which compare in date order."""
    found: dict[str, Any] = {}
    status = CaseStatus.SCREENED if query.overdue else query.status
    if status is not None:
        found["status"] = status.value
    if query.verdict is not None:
        found["verdict"] = query.verdict.value
    if query.programme_format is not None:
        found["programme_format"] = query.programme_format.value
    if query.overdue:
        found["decision_due"] = {"$lt": today.isoformat()}
    return found


def mongo_sort(query: CaseListQuery) -> list[tuple[str, int]]:
    """The sort; each offered sort has its own index (see `list_indexes`)."""
    return [query.sort.key()]


def _equality_subsets() -> Iterator[tuple[str, ...]]:
    for size in range(len(EQUALITY_FILTERS) + 1):
        yield from combinations(EQUALITY_FILTERS, size)


def list_indexes() -> tuple[IndexSpec, ...]:
    """One index per filter subset and sort; `decision_due` last serves the overdue range too."""
    specs = []
    for subset in _equality_subsets():
        prefix = tuple((name, 1) for name in subset)
        tag = "_".join(subset) or "all"
        specs.append(
            IndexSpec((*prefix, ("submitted_at", -1), ("decision_due", 1)), f"list_{tag}_submitted")
        )
        specs.append(IndexSpec((*prefix, ("decision_due", 1)), f"list_{tag}_due"))
    return tuple(specs)


def every_list_query() -> Iterator[CaseListQuery]:
    """Every combination the staff list offers: for the index-coverage test and the benchmark."""
    values: dict[str, Any] = {
        "status": CaseStatus.SCREENED,
        "verdict": Verdict.FLAG,
        "programme_format": ProgrammeFormat.LEERCASE,
    }
    for subset in _equality_subsets():
        for sort in CaseSort:
            for overdue in (False, True):
                if overdue and "status" in subset:
                    continue
                chosen = {name: values[name] for name in subset}
                yield CaseListQuery(**chosen, sort=sort, overdue=overdue)
