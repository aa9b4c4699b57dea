"""The staff list's filters and sorts, and the indexes that serve every combination of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from itertools import combinations
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.intake.domain.lifecycle import CaseStatus
from shared.contracts.base import ProgrammeFormat
from shared.contracts.intake import Verdict
from shared.persistence.indexes import IndexSpec

# Equality filters staff may combine freely, in the order their indexes list them.
EQUALITY_FILTERS = ("status", "verdict", "programme_format")
SORT_FIELDS = ("submitted_at", "decision_due")
MAX_PAGE_SIZE = 100
# Far past any real list, and keeps `skip` inside the 8-byte integers MongoDB accepts.
MAX_PAGE = 100_000


class CaseSort(StrEnum):
    """Oldest or newest first, or the nearest or furthest deadline first."""

    SUBMITTED_ASC = "submitted_at"
    SUBMITTED_DESC = "-submitted_at"
    DUE_ASC = "decision_due"
    DUE_DESC = "-decision_due"

    def key(self) -> tuple[str, int]:
        """The MongoDB sort key and direction."""
        return (self.value.lstrip("-"), -1 if self.value.startswith("-") else 1)


class CaseListQuery(BaseModel):
    """What the staff list was asked for; `overdue` means screened, undecided, past its due day."""

    model_config = ConfigDict(frozen=True)

    status: CaseStatus | None = None
    verdict: Verdict | None = None
    programme_format: ProgrammeFormat | None = None
    overdue: bool = False
    sort: CaseSort = CaseSort.SUBMITTED_DESC
    page: int = Field(default=1, ge=1, le=MAX_PAGE)
    page_size: int = Field(default=20, ge=1, le=MAX_PAGE_SIZE)

    def mongo_filter(self, today: dt.date) -> dict[str, Any]:
        """The filter; dates are stored as ISO strings, which compare in date order."""
        query: dict[str, Any] = {}
        status = CaseStatus.SCREENED if self.overdue else self.status
        if status is not None:
            query["status"] = status.value
        if self.verdict is not None:
            query["verdict"] = self.verdict.value
        if self.programme_format is not None:
            query["programme_format"] = self.programme_format.value
        if self.overdue:
            query["decision_due"] = {"$lt": today.isoformat()}
        return query

    def mongo_sort(self) -> list[tuple[str, int]]:
        """The sort; each offered sort has its own index (see `list_indexes`)."""
        return [self.sort.key()]

    def skip(self) -> int:
        return (self.page - 1) * self.page_size


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
