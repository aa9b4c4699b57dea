"""The daily staff digest: a durable timer at a configured local time composes and sends it."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import holidays

from services.notifications.domain.digest import (
    DecisionItem,
    DeliverableItem,
    SubmissionItem,
    compose_digest,
    plan_digest,
)
from services.notifications.domain.records import CaseFacts
from services.notifications.service_layer.ports import CaseFactsStore
from services.notifications.service_layer.recording import Recorder
from shared.clock import Clock
from shared.persistence.aggregate import Change
from shared.persistence.ports import Timer, TimerStore

log = logging.getLogger(__name__)
DIGEST_TIMER = "staff_digest"


def digest_timer_key(due_at: dt.datetime) -> str:
    """One timer per digest run, keyed by its day and time, so a run is armed and fired once."""
    return f"staff-digest:{due_at.astimezone(dt.UTC).isoformat()}"


class DigestRunner:
    """Knows when the digest is due and what it lists."""

    def __init__(
        self,
        facts: CaseFactsStore,
        recorder: Recorder,
        timers: TimerStore,
        clock: Clock,
        *,
        at: dt.time,
        timezone: str,
    ) -> None:
        self._facts = facts
        self._recorder = recorder
        self._timers = timers
        self._clock = clock
        self._at = at
        self._zone = ZoneInfo(timezone)
        self._holidays = holidays.country_holidays("NL")

    def is_working_day(self, day: dt.date) -> bool:
        """Monday to Friday, not a Dutch public holiday."""
        return day.weekday() < 5 and day not in self._holidays

    def next_run(self, after: dt.datetime) -> dt.datetime:
        """The first digest time strictly after `after`, in the configured local time."""
        local = after.astimezone(self._zone)
        candidate = dt.datetime.combine(local.date(), self._at, tzinfo=self._zone)
        if candidate <= local:
            candidate = dt.datetime.combine(
                local.date() + dt.timedelta(days=1), self._at, tzinfo=self._zone
            )
        return candidate.astimezone(dt.UTC)

    async def ensure_scheduled(self, after: dt.datetime | None = None) -> None:
        """The next digest has its timer (created once, whoever asks first)."""
        due = self.next_run(after or self._clock.now())
        timer = Timer(kind=DIGEST_TIMER, due_at=due)

        def create(current: Timer | None) -> Change[Timer] | None:
            return Change(timer) if current is None else None

        await self._timers.apply(digest_timer_key(due), create)

    async def run(self, due_at: dt.datetime) -> int:
        """Send today's digest (once per day, by its keys) and schedule tomorrow's."""
        today = due_at.astimezone(self._zone).date()
        since = self.next_run(due_at - dt.timedelta(days=1, seconds=1))
        digest = compose_digest(
            today,
            new_submissions=[_submission(f) for f in await self._facts.submitted_since(since)],
            open_decisions=[_decision(f) for f in await self._facts.open_decisions()],
            overdue_deliverables=[_overdue(f) for f in await self._facts.overdue_deliverables()],
            is_working_day=self.is_working_day,
        )
        sent = 0
        if digest is not None:
            config = await self._recorder.planning_config()
            source = digest.model_dump_json()
            for planned in plan_digest(today, config.staff):
                await self._recorder.record_and_send(planned, source)
                sent += 1
        await self.ensure_scheduled(max(due_at, self._clock.now()))
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
