"""Staff input a cohort cannot hold is refused naming the field, never stored or crashed on."""

import datetime as dt

import pytest
from pydantic import ValidationError

from services.scheduling.domain.cohorts import CohortChange, NewCohort, changed_cohort
from services.scheduling.domain.errors import InvalidInput
from services.scheduling.domain.programme import ProgrammeTemplate
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import CohortInfo

pytestmark = pytest.mark.unit

COHORT = CohortInfo(
    cohort_id="lc", format=ProgrammeFormat.LEERCASE, title="t", start_date=dt.date(2026, 3, 9)
)


def test_emptying_a_field_every_cohort_needs_names_the_field(leercase: ProgrammeTemplate) -> None:
    change = CohortChange.model_validate({"country": None, "title": None, "end_date": None})
    with pytest.raises(InvalidInput) as refused:
        changed_cohort(COHORT, change, leercase, has_plans=False)
    assert refused.value.errors == [
        ("title", "mag niet leeg zijn"),
        ("country", "mag niet leeg zijn"),
    ]


def test_a_fee_past_what_the_database_can_store_is_refused() -> None:
    with pytest.raises(ValidationError, match="fee_eur_cents"):
        NewCohort.model_validate(
            {"cohort_id": "lc", "format": "leercase", "title": "t", "fee_eur_cents": 10**20}
        )
