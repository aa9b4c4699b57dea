"""Learners book, move or cancel their place in an e-learning's live training (one write each)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from services.scheduling.domain import bookings
from services.scheduling.domain.bookings import Booking, BookingRefused
from services.scheduling.domain.runs import CohortRun, refresh_attendees
from services.scheduling.service_layer.changes import NotFound
from services.scheduling.service_layer.cohorts import offer_changed
from services.scheduling.service_layer.context import Scheduling
from services.scheduling.service_layer.runs import owed, sync_run_timers
from shared.persistence.aggregate import Change

log = logging.getLogger(__name__)
BookingsChange = Callable[[CohortRun], list[Booking] | None]


async def _apply(cohort_id: str, change: BookingsChange, ctx: Scheduling) -> CohortRun:
    now = ctx.events.now()

    def decide(current: CohortRun | None) -> Change[CohortRun] | None:
        if current is None or current.cohort is None:
            raise NotFound(cohort_id)
        template = ctx.templates[current.cohort.format]
        if template.invites_participants or template.sessions_per_case:
            raise BookingRefused("cohort_id", "In dit programma boekt u geen training.")
        after = change(current)
        if after is None:
            return None
        run, events = refresh_attendees(
            current.model_copy(update={"bookings": after}), template, now
        )
        run, offered = offer_changed(current, run, ctx)
        return Change(run, [*offered, *owed(run, events, ctx)])

    applied = await ctx.cohorts.apply(cohort_id, decide)
    assert applied.state is not None
    await sync_run_timers(applied.state, ctx)
    return applied.state


async def book(cohort_id: str, participant_id: str, session_id: str, ctx: Scheduling) -> CohortRun:
    """Take (or move to) a place; BookingRefused when full, begun, unknown or not enrolled."""
    now = ctx.events.now()

    def change(run: CohortRun) -> list[Booking] | None:
        live = [s for s in run.sessions if run.live(s)]
        return bookings.book(
            run.bookings, live, run.enrolled_ids(), participant_id, session_id, now
        )

    run = await _apply(cohort_id, change, ctx)
    log.info("training booked", extra={"cohort_id": cohort_id, "session_id": session_id})
    return run


async def cancel(cohort_id: str, participant_id: str, ctx: Scheduling) -> CohortRun:
    """Give the place back (a cancellation for that training only); nothing booked: no change."""
    run = await _apply(cohort_id, lambda r: bookings.cancel(r.bookings, participant_id), ctx)
    log.info("training booking cancelled", extra={"cohort_id": cohort_id})
    return run
