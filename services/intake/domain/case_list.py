"""What staff may ask of the case list: filters, sorts and a page (the query is the adapter's)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from services.intake.domain.lifecycle import CaseStatus
from shared.contracts.base import ProgrammeFormat
from shared.contracts.intake import Verdict

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
        """The field sorted on and the direction (1 ascending, -1 descending)."""
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

    def skip(self) -> int:
        return (self.page - 1) * self.page_size
