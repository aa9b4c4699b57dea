"""Staff acting on a case: accept into a cohort, reject with alternatives, manage the owner link."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from services.intake.domain.case import Case
from services.intake.domain.owner_link import hash_capability_token, new_capability_token
from services.intake.service_layer.context import Intake
from services.intake.service_layer.people import revoke_person_links
from shared.contracts.base import EventData, Person
from shared.persistence.aggregate import Change

log = logging.getLogger(__name__)


class CaseNotFound(Exception):
    """No case with this id (HTTP 404)."""


async def _change(case_id: str, act: Callable[[Case], Sequence[EventData]], intake: Intake) -> Case:
    """Apply one staff action in a guarded write; domain errors propagate to the caller."""

    def decide(current: Case | None) -> Change[Case] | None:
        if current is None:
            raise CaseNotFound(case_id)
        case = current.model_copy(deep=True)
        payloads = act(case)
        return Change(case, intake.wrap(payloads, case_id))

    result = await intake.cases.apply(case_id, decide)
    assert result.state is not None  # decide never returns None
    return result.state


async def accept_case(
    case_id: str, cohort_id: str, note: str, decided_by: str, intake: Intake
) -> Case:
    """Place the case in a cohort intake knows from scheduling's events."""
    stored = await intake.cohorts.get(cohort_id)
    cohorts = {cohort_id: stored.state.cohort} if stored else {}
    case = await _change(
        case_id,
        lambda c: c.accept(cohort_id, cohorts, decided_by, intake.now(), note=note),
        intake,
    )
    log.info("case accepted", extra={"case_id": case_id, "cohort_id": cohort_id})
    return case


async def reject_case(
    case_id: str, reason: str, alternatives: Sequence[str], decided_by: str, intake: Intake
) -> Case:
    """Turn the case down with a reason and at least one configured alternative."""
    case = await _change(
        case_id,
        lambda c: c.reject(reason, alternatives, intake.alternatives, decided_by, intake.now()),
        intake,
    )
    log.info("case rejected", extra={"case_id": case_id})
    return case


async def revoke_owner_link(case_id: str, actor: str, intake: Intake) -> Case:
    """Make the owner's link worthless (e.g. forwarded by mistake)."""

    def act(case: Case) -> list[EventData]:
        case.revoke_owner_link(actor, intake.now())
        return []

    case = await _change(case_id, act, intake)
    await revoke_person_links(case.owner_person_id, intake)  # pages, downloads, calendar links
    log.info("owner link revoked", extra={"case_id": case_id})
    return case


async def issue_owner_link(case_id: str, intake: Intake) -> str:
    """A fresh link for the owner (the old one stops working); the token is returned once."""
    token = new_capability_token()

    def act(case: Case) -> list[EventData]:
        case.issue_owner_link(hash_capability_token(token), intake.now())
        return []

    case = await _change(case_id, act, intake)
    await revoke_person_links(case.owner_person_id, intake)  # the old links end with it
    log.info("owner link issued", extra={"case_id": case_id})
    return token


async def name_content_expert(case_id: str, expert: Person, actor: str, intake: Intake) -> Case:
    """The owner adds (or changes) the content expert: `case.content_expert_named`, re-screened."""
    case = await _change(
        case_id,
        lambda c: c.name_content_expert(expert, actor, intake.now(), intake.screening),
        intake,
    )
    log.info("content expert named", extra={"case_id": case_id})
    return case
