"""Releasing a draft or final to the owner: a coach (from their page) or staff decides when.

The deliverable's window (`deliverable.due`) no longer delivers anything: it tells the team and
the coaches that the window is open; its end without a release is escalated by scheduling
(`deliverable.overdue`), as before.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from services.documents.domain.approach import DeliveryKind
from services.documents.domain.case_files import CaseFile
from services.documents.domain.release import coach_of, open_window, section_problems
from services.documents.service_layer.context import Documents
from services.documents.service_layer.deliveries import approach_of, delivery_outcome
from services.documents.service_layer.producing import Outcome
from shared.contracts.base import EventData
from shared.contracts.documents import DeliverableOpened, DeliverableRefused
from shared.contracts.envelope import CloudEvent
from shared.contracts.scheduling import DeliverableDue, DeliverableKind, SessionAttendeesChanged

log = logging.getLogger(__name__)
STAFF_NAME = "het programmabureau"


@dataclass(frozen=True)
class Releaser:
    """Who releases: staff (by their staff token), or the coach behind a page's person id."""

    staff: bool
    person_id: str = ""


def _kind(kind: DeliverableKind) -> DeliveryKind:
    return DeliveryKind.DRAFT if kind is DeliverableKind.DRAFT else DeliveryKind.FINAL


async def release_approach(
    case_id: str,
    kind: DeliveryKind,
    releaser: Releaser,
    docs: Documents,
) -> Outcome[CaseFile]:
    """Check who releases and whether every section is there, then deliver to the owner."""

    def decide(current: CaseFile | None) -> Outcome[CaseFile]:
        state, _ = approach_of(current)
        name = STAFF_NAME
        if not releaser.staff:
            name = str(coach_of(state.coaches(), releaser.person_id).name)
        return delivery_outcome(current, kind, docs, released_by=name)

    outcome = await docs.producer.run(case_id, decide)
    assert outcome is not None
    log.info("approach released", extra={"kind": kind.value, "by_staff": releaser.staff})
    return outcome


async def on_deliverable_due(event: CloudEvent[DeliverableDue], docs: Documents) -> None:
    """The window opened: team and coaches are told; sections still missing alert staff too."""
    data = event.data
    kind = _kind(data.deliverable.kind)

    def decide(current: CaseFile | None) -> Outcome[CaseFile] | None:
        state, approach = approach_of(current)
        if any(d.kind is kind for d in approach.deliveries) or approach.is_final:
            return None
        problems = list(section_problems(approach).values())
        opened = DeliverableOpened(
            case_id=data.case_id,
            case_title=state.title,
            cohort_id=state.cohort_id,
            kind=data.deliverable.kind,
            due_at=data.deliverable.due_at,
            coaches=state.coaches(),
            team=state.team(),
            missing=problems,
        )
        owed: list[CloudEvent[EventData]] = [docs.events(opened, subject=data.case_id)]
        new_state = state.model_copy(update={"approach": open_window(approach, kind)})
        if problems:
            log.warning("window opened on an unfinished approach", extra={"kind": kind.value})
            refused = DeliverableRefused(
                case_id=data.case_id,
                case_title=state.title,
                kind=data.deliverable.kind,
                missing=problems,
                refused_at=docs.events.now(),
            )
            owed.append(docs.events(refused, subject=data.case_id))
            reason = f"{kind.label} nog niet vrij te geven: " + "; ".join(problems)
            new_state = new_state.needs_attention(reason, docs.events.now())
        return Outcome(new_state, events=lambda *_: owed)

    await docs.producer.run(data.case_id, decide, event_id=event.id)


async def on_attendees_changed(event: CloudEvent[SessionAttendeesChanged], docs: Documents) -> None:
    """Learners joined or left a case's sessions: the team told about its windows follows."""
    data = event.data
    if not data.case_id:
        return

    def decide(current: CaseFile | None) -> Outcome[CaseFile] | None:
        if current is None:
            return None
        return Outcome(current.with_attendees(list(data.session.attendees)))

    await docs.producer.run(data.case_id, decide, event_id=event.id)
