"""Taking in a case: from our own API and form, or as an event another system published."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from services.intake.domain.case import Case, DuplicateHint, address_key
from services.intake.domain.owner_link import hash_capability_token, new_capability_token
from services.intake.domain.submission import CaseSubmission
from services.intake.service_layer.context import Intake
from services.intake.service_layer.screening import screen_case
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseSubmitted
from shared.persistence.aggregate import Change, UniqueViolation

log = logging.getLogger(__name__)
DUPLICATE_WINDOW = dt.timedelta(days=1)
ADDRESS_WINDOW = dt.timedelta(hours=1)


class TooManyForAddress(Exception):
    """More new cases for one owner address within the hour than a person submits: each would
    mail that address a receipt, so a burst (a bot, or someone naming a third party) stops here."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"at most {limit} new cases per owner address per hour")
        self.limit = limit


@dataclass(frozen=True)
class Submitted:
    """The outcome for the submitter; a new case comes with the owner's token, shown once."""

    case_id: str
    created: bool
    decision_due: dt.date | None = None
    owner_token: str | None = None


async def submit_case(submission: CaseSubmission, via: str, intake: Intake) -> Submitted:
    """Store a new case, screened, with its owner link; owe `CaseSubmitted` and `CaseScreened`.

    Screening is a pure rule check, so it happens in the same write: one database write and one
    relay round instead of a second read-modify-write when our own `case.submitted` comes back.
    """
    if submission.external_ref and (
        known := await intake.cases.by_external_ref(submission.external_ref)
    ):
        return Submitted(known.case_id, created=False)
    now = intake.now()
    recent: list[Case] = []
    if limit := intake.owner_submissions_per_hour:
        key = address_key(submission.owner.email)
        recent = await intake.cases.latest_to_address_since(key, now - DUPLICATE_WINDOW, limit)
        if sum(1 for c in recent if c.submitted_at >= now - ADDRESS_WINDOW) >= limit:
            log.warning("submissions per owner address reached; refused", extra={"via": via})
            raise TooManyForAddress(limit)
    case_id = str(uuid.uuid4())
    event = intake.events(submission.to_event(case_id, now), subject=case_id)
    token = new_capability_token()
    case = Case.from_submission(event.data, actor=via)
    case.issue_owner_link(hash_capability_token(token), now)
    earlier = await _earlier(case, recent, limit, now, intake)
    if earlier is not None:
        case.possible_duplicate = DuplicateHint(
            case_id=earlier.case_id, submitted_at=earlier.submitted_at
        )
        log.info("possible duplicate submission", extra={"case_id": case_id})
    due = intake.decision_due(now, submission.case.country)
    screened = intake.wrap(case.screen(intake.screening, due, now), case_id)

    def decide(current: Case | None) -> Change[Case] | None:
        return None if current else Change(case, [event, *screened])

    try:
        await intake.cases.apply(case_id, decide, new=True)  # a fresh id: nothing to read
    except UniqueViolation:
        known = await intake.cases.by_external_ref(submission.external_ref or "")
        if known is None:
            raise
        return Submitted(known.case_id, created=False)
    log.info("case submitted and screened", extra={"case_id": case_id, "via": via})
    return Submitted(case_id, created=True, decision_due=due, owner_token=token)


async def _earlier(
    case: Case, recent: list[Case], limit: int, now: dt.datetime, intake: Intake
) -> Case | None:
    """The latest case by the same owner with the same title within the day. A duplicate names
    the same address, so the address's cases of the day (newest first) answer it, unless they
    were cut at `limit` (or not read): then its own query does."""
    same = next((c for c in recent if c.duplicate_key == case.duplicate_key), None)
    if same is not None or (limit and len(recent) < limit):
        return same
    return await intake.cases.submitted_since(case.duplicate_key, now - DUPLICATE_WINDOW)


async def on_case_submitted(event: CloudEvent[CaseSubmitted], intake: Intake) -> None:
    """Record a case another system submitted (once), then screen whichever case it is.

    Our own `case.submitted` needs nothing: `submit_case` stored the case screened, in the
    write that owed this event, so reading the case back would only find it screened.
    """
    if event.source == intake.events.source:
        return
    data = event.data
    case_id = data.case_id
    known = await intake.cases.by_external_ref(data.external_ref) if data.external_ref else None
    if known is not None:
        case_id = known.case_id
    else:
        await _store_external(event, data, intake)
    await screen_case(case_id, intake)


async def _store_external(
    event: CloudEvent[CaseSubmitted], data: CaseSubmitted, intake: Intake
) -> None:
    def decide(current: Case | None) -> Change[Case] | None:
        return None if current else Change(Case.from_submission(data, actor=event.source))

    try:
        result = await intake.cases.apply(data.case_id, decide, event_id=event.id)
    except UniqueViolation:
        return  # the same external_ref arrived concurrently under another case id
    if result.changed:
        log.info("case received from another system", extra={"source": event.source})
