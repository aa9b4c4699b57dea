"""The daily staff digest: a durable timer at a configured local time composes and sends it."""

from __future__ import annotations

import datetime as dt
import logging

from services.notifications.domain.digest import (
    DecisionItem,
    DeliverableItem,
    SubmissionItem,
    compose_digest,
    plan_digest,
)
from services.notifications.domain.records import CaseFacts
from services.notifications.service_layer.context import Notifications
from services.notifications.service_layer.recording import planning_config, record_and_send
from shared.persistence.aggregate import Change
from shared.persistence.ports import Timer

log = logging.getLogger(__name__)
DIGEST_TIMER = "staff_digest"


def digest_timer_key(due_at: dt.datetime) -> str:
    """One timer per digest run, keyed by its day and time, so a run is armed and fired once."""
    return f"staff-digest:{due_at.astimezone(dt.UTC).isoformat()}"


async def ensure_digest_scheduled(after: dt.datetime | None, deps: Notifications) -> None:
    """The next digest has its timer (created once, whoever asks first)."""
    due = deps.digest.next_run(after or deps.now())
    timer = Timer(kind=DIGEST_TIMER, due_at=due)

    def create(current: Timer | None) -> Change[Timer] | None:
        return Change(timer) if current is None else None

    await deps.timers.apply(digest_timer_key(due), create)


async def run_digest(due_at: dt.datetime, deps: Notifications) -> int:
    """Send today's digest (once per day, by its keys) and schedule tomorrow's."""
    schedule = deps.digest
    today = due_at.astimezone(schedule.zone).date()
    since = schedule.next_run(due_at - dt.timedelta(days=1, seconds=1))
    facts = deps.facts
    digest = compose_digest(
        today,
        new_submissions=[_submission(f) for f in await facts.submitted_since(since)],
        open_decisions=[_decision(f) for f in await facts.open_decisions()],
        overdue_deliverables=[_overdue(f) for f in await facts.overdue_deliverables()],
        is_working_day=schedule.is_working_day,
    )
    sent = 0
    if digest is not None:
        config = await planning_config(None, deps)
        source = digest.model_dump_json()
        for planned in plan_digest(today, config.staff):
            await record_and_send(planned, source, deps)
            sent += 1
    await ensure_digest_scheduled(max(due_at, deps.now()), deps)
    log.info("staff digest run", extra={"recipients": sent})
    return sent


def _submission(facts: CaseFacts) -> SubmissionItem:
    assert facts.submitted is not None
    return SubmissionItem(case_id=facts.case_id, title=facts.title, submitted_at=facts.submitted.at)


def _decision(facts: CaseFacts) -> DecisionItem:
    assert facts.decision_due is not None
    return DecisionItem(case_id=facts.case_id, title=facts.title, decision_due=facts.decision_due)


def _overdue(facts: CaseFacts) -> DeliverableItem:
    assert facts.overdue_due is not None
    return DeliverableItem(
        case_id=facts.case_id,
        kind=facts.overdue_kind or "",
        due_at=facts.overdue_due.at,
        title=facts.title,
    )
