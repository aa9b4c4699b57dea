"""The decision deadline: armed when intake screens a case, ended by accept or reject."""

from __future__ import annotations

from services.scheduling.domain.case_deadlines import CaseDeadline, deadline_of, decided, screened
from services.scheduling.domain.timers import decision_key, decision_timer
from services.scheduling.service_layer.context import Scheduling
from services.scheduling.service_layer.timers import arm
from shared.contracts.base import Country
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseRejected, CaseScreened, CaseSubmitted
from shared.persistence.aggregate import Change


async def on_case_submitted(event: CloudEvent[CaseSubmitted], ctx: Scheduling) -> None:
    """Record the case once; a redelivered event changes nothing. Written without a read first:
    the case is new unless its screening came before it (then the insert conflicts and reads)."""

    def decide(current: CaseDeadline | None) -> Change[CaseDeadline] | None:
        return None if current else Change(deadline_of(event.data))

    await ctx.deadlines.apply(event.data.case_id, decide, event_id=event.id, new=True)


async def on_case_screened(event: CloudEvent[CaseScreened], ctx: Scheduling) -> None:
    """Arm `case.decision_overdue` for the end of the due day, unless a decision came first."""
    data = event.data

    def decide(current: CaseDeadline | None) -> Change[CaseDeadline] | None:
        return Change(screened(current, data))

    state = (await ctx.deadlines.apply(data.case_id, decide, event_id=event.id)).state
    if state is None or state.decided or state.decision_due is None:
        return
    calendar = ctx.calendar(state.country)
    await arm(
        decision_timer(data.case_id, state.decision_due, calendar, data.case_title),
        data.case_id,
        ctx,
        new=True,  # a case is screened once: its timer is new but for a redelivery
    )
    # A decision recorded between our read and our arm would otherwise leave a live timer.
    again = await ctx.deadlines.get(data.case_id)
    if again is not None and again.state.decided:
        await ctx.timers.cancel(decision_key(data.case_id))


async def record_decision(case_id: str, title: str, country: Country, ctx: Scheduling) -> None:
    """Mark the case decided (first), then cancel its decision timer."""

    def decide(current: CaseDeadline | None) -> Change[CaseDeadline] | None:
        return (
            None
            if current and current.decided
            else Change(decided(current, case_id, title, country))
        )

    await ctx.deadlines.apply(case_id, decide)
    await ctx.timers.cancel(decision_key(case_id))


async def on_case_rejected(event: CloudEvent[CaseRejected], ctx: Scheduling) -> None:
    """A rejection ends the wait for a decision; nothing is planned."""
    data = event.data
    await record_decision(data.case_id, data.case_title, data.country, ctx)
