"""The repositories intake's use cases reach, as Protocols: `get`, `apply` and named queries.

The Mongo implementations live in `adapters/` and are built by `bootstrap.py`; the fast tier
runs the same classes on the in-memory twin (`tests/unit/intake/twin.py`).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from services.intake.domain.agenda import SessionView
from services.intake.domain.case import Case
from services.intake.domain.case_list import CaseListQuery
from services.intake.domain.enrolment import Enrolment
from services.intake.domain.guests import SessionGuests
from services.intake.domain.link_request import LinkRequests
from services.intake.domain.timeline import CaseTimeline
from shared.contracts.scheduling import CohortInfo
from shared.persistence.ports import AggregateStore


class CaseStore(AggregateStore[Case], Protocol):
    """Cases by id, by the reference a retrying sender reuses, by owner link or person, listed."""

    async def by_external_ref(self, external_ref: str) -> Case | None: ...

    async def by_owner_token_hash(self, token_hash: str) -> Case | None: ...

    async def by_revoked_owner_token_hash(self, token_hash: str) -> Case | None: ...

    async def by_person_id(self, person_id: str) -> Case | None: ...

    async def submitted_since(self, key: str, since: dt.datetime) -> Case | None: ...

    async def latest_to_address_since(
        self, key: str, since: dt.datetime, at_most: int
    ) -> list[Case]: ...

    async def listed(self, query: CaseListQuery, today: dt.date) -> tuple[list[Case], int]: ...


class CohortStore(AggregateStore[Enrolment], Protocol):
    """Each cohort with its places and waitlist, found by who takes part or mentors."""

    async def with_person(self, person_id: str, limit: int = 50) -> list[Enrolment]: ...

    async def with_mentor(self, person_id: str, limit: int = 50) -> list[Enrolment]: ...

    async def upcoming(self, today: dt.date, limit: int = 50) -> list[CohortInfo]: ...

    async def listed(self, limit: int = 200) -> list[Enrolment]: ...


class TimelineStore(AggregateStore[CaseTimeline], Protocol):
    """A case's timeline, by the case id."""


class SessionStore(AggregateStore[SessionView], Protocol):
    """Sessions as intake last heard of them, found by who attends or by cohort."""

    async def for_person(self, person_id: str, limit: int = 200) -> list[SessionView]: ...

    async def of_cohort(self, cohort_id: str, limit: int = 200) -> list[SessionView]: ...


class LinkRequestStore(AggregateStore[LinkRequests], Protocol):
    """A person's requests for a fresh link, by person id."""


class GuestStore(AggregateStore[SessionGuests], Protocol):
    """Each session's guests, by session id; staff list them per cohort."""

    async def for_cohort(self, cohort_id: str, limit: int = 500) -> list[SessionGuests]: ...
