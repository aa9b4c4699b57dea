"""Keep what the staff digest lists (submissions, open decisions, overdue work) from events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.notifications.domain.records import CaseFacts, Moment
from services.notifications.service_layer.context import Notifications
from shared.contracts.base import EventData
from shared.contracts.documents import DraftDelivered, FinalDelivered
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseAccepted, CaseRejected, CaseScreened, CaseSubmitted
from shared.contracts.scheduling import DecisionOverdue, DeliverableOverdue
from shared.persistence.aggregate import Change

Update = Callable[[CaseFacts], CaseFacts]


def _update(data: Any) -> Update | None:
    """How one event changes a case's facts; None for events the digest does not need."""
    if isinstance(data, CaseSubmitted):
        return lambda f: f.model_copy(
            update={"title": data.case.title, "submitted": Moment(at=data.submitted_at)}
        )
    if isinstance(data, CaseScreened):
        return lambda f: f.model_copy(
            update={
                "title": data.case_title,
                "decision_due": data.decision_due,
                "decision_open": not f.decided,
            }
        )
    if isinstance(data, DecisionOverdue):
        return lambda f: f.model_copy(
            update={
                "title": f.title or data.case_title,
                "decision_due": f.decision_due or data.decision_due,
                "decision_open": not f.decided,
            }
        )
    if isinstance(data, CaseAccepted | CaseRejected):
        return lambda f: f.model_copy(
            update={"title": data.case_title, "decided": True, "decision_open": False}
        )
    if isinstance(data, DeliverableOverdue):
        return lambda f: f.model_copy(
            update={
                "overdue_kind": str(data.deliverable.kind),
                "overdue_due": Moment(at=data.deliverable.due_at),
                "overdue_open": True,
            }
        )
    if isinstance(data, DraftDelivered | FinalDelivered):
        kind = "draft" if isinstance(data, DraftDelivered) else "final"
        return lambda f: f.model_copy(
            update={"overdue_open": f.overdue_open and f.overdue_kind not in (kind, "draft")}
        )
    return None


async def remember(event: CloudEvent[EventData], deps: Notifications) -> None:
    """Apply one event to its case's facts, once per event id."""
    update = _update(event.data)
    case_id = getattr(event.data, "case_id", None)
    if update is None or not case_id:
        return

    def decide(current: CaseFacts | None) -> Change[CaseFacts]:
        return Change(update(current or CaseFacts(case_id=case_id)))

    # decided on the copy written last (`CaseFactsRepository.remembered`); not inserted blind at
    # the submission: its screening is often handled first, and a failed insert costs a trip
    await deps.facts.apply(case_id, decide, event_id=event.id)
