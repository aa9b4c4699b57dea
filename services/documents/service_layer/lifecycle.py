"""Letters, planning and agendas that follow from intake's decisions and scheduling's plans."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from services.documents.domain.case_files import CaseFile, accept, open_case_file
from services.documents.domain.documents import LETTER_FORMATS, next_version
from services.documents.domain.preparation import summarise
from services.documents.domain.questionnaires import questionnaire_for
from services.documents.domain.renditions import DocumentRequest
from services.documents.service_layer.agendas import STEP_AGENDAS
from services.documents.service_layer.context import Documents
from services.documents.service_layer.links import local_today
from services.documents.service_layer.producing import Job, Outcome
from services.documents.service_layer.readiness import documents_ready
from services.documents.service_layer.requests import (
    acceptance_request,
    agenda_request,
    planning_request,
    rejection_request,
)
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseAccepted, CaseRejected, CaseSubmitted
from shared.contracts.scheduling import SessionEvent, SessionRescheduled, TrajectoryScheduled
from shared.messaging.dispatcher import Handler, handles

log = logging.getLogger(__name__)


def _letter(
    state: CaseFile, kind: str, request: DocumentRequest, version: int | None = None
) -> Job:
    """A letter-like document of `kind` in the letter formats, at the next version unless given."""
    return Job(kind, version or next_version(state.documents, kind), request, LETTER_FORMATS)


def agenda_job(state: CaseFile, step: int, version: int | None = None) -> Job:
    """The agenda of one session step, with the questions and briefing collected so far."""
    assert state.trajectory is not None
    briefing = None
    if step == 3 and state.responses:
        briefing = summarise(questionnaire_for(state.format), state.responses)
    request = agenda_request(state.trajectory, step, state.title, state.questions, briefing)
    return _letter(state, f"agenda-step-{step}", request, version)


def planning_job(state: CaseFile, today: dt.date) -> Job:
    assert state.trajectory is not None
    return _letter(state, "planning", planning_request(state.trajectory, state.title, today))


def acceptance_job(state: CaseFile, today: dt.date) -> Job:
    assert state.accepted is not None
    request = acceptance_request(state.accepted, state.trajectory, today)
    return _letter(state, "acceptance-letter", request)


async def on_case_submitted(event: CloudEvent[CaseSubmitted], docs: Documents) -> None:
    """Open the file once, without reading first (a file that exists makes it read); a
    redelivered event changes nothing."""

    def decide(current: CaseFile | None) -> Outcome[CaseFile] | None:
        return None if current else Outcome(open_case_file(event.data))

    await docs.producer.run(event.data.case_id, decide, event_id=event.id, new=True)


def _answer(made_for: CloudEvent[EventData], kinds: tuple[str, ...], docs: Documents) -> Any:
    """The `documents.ready` owed for `made_for`: the renditions just made (of `kinds`), or,
    when nothing new was made, the latest ones of those kinds already in the file."""

    def build(state: CaseFile, records: list[Any]) -> list[CloudEvent[EventData]]:
        made = [r for r in records if r.kind in kinds]
        if not made:
            latest = {k: next_version(state.documents, k) - 1 for k in kinds}
            made = [r for r in state.documents if latest.get(r.kind) == r.version]
        about = {"case_id": state.case_id, "case_title": state.title, "cohort_id": state.cohort_id}
        return [documents_ready(docs.events, made_for, docs.links.base_url, made, **about)]

    return build


async def on_case_accepted(event: CloudEvent[CaseAccepted], docs: Documents) -> None:
    """Open the approach and write the acceptance letter (with the schedule if already known);
    the decision mail waits for the `documents.ready` that names it."""
    data = event.data
    answer = _answer(event, ("acceptance-letter",), docs)

    def decide(current: CaseFile | None) -> Outcome[CaseFile] | None:
        if current is not None and current.accepted is not None:
            return Outcome(current, events=answer)
        state = accept(current, data)
        state = state.model_copy(update={"acceptance_has_schedule": state.trajectory is not None})
        today = local_today(event.time, data.country)
        return Outcome(state, [acceptance_job(state, today)], events=answer)

    await docs.producer.run(data.case_id, decide, event_id=event.id)


async def on_case_rejected(event: CloudEvent[CaseRejected], docs: Documents) -> None:
    """The rejection letter, with the reason and every alternative (a link or our contact)."""
    data = event.data
    answer = _answer(event, ("rejection-letter",), docs)

    def decide(current: CaseFile | None) -> Outcome[CaseFile] | None:
        base = current or CaseFile(case_id=data.case_id, title=data.case_title)
        state = base.model_copy(update={"rejected": data, "owner": data.owner})
        kind = "rejection-letter"
        today = local_today(event.time, data.country)
        request = rejection_request(data, today, docs.links.office)
        return Outcome(state, [_letter(base, kind, request)], events=answer)

    await docs.producer.run(data.case_id, decide, event_id=event.id)


def _schedule_jobs(state: CaseFile, today: dt.date, steps: list[int]) -> list[Job]:
    jobs = [planning_job(state, today)]
    jobs += [agenda_job(state, step) for step in steps if step in STEP_AGENDAS]
    return jobs


async def on_trajectory_scheduled(
    event: CloudEvent[TrajectoryScheduled],
    docs: Documents,
) -> None:
    """Planning overview with the timeline, an agenda per session, and the acceptance letter
    again, now with the schedule, if it went out before the trajectory was planned."""
    data = event.data
    agendas = tuple(f"agenda-step-{step}" for step in STEP_AGENDAS)
    answer = _answer(event, ("planning", "acceptance-letter", *agendas), docs)

    def decide(current: CaseFile | None) -> Outcome[CaseFile] | None:
        base = current or CaseFile(case_id=data.case_id, title=data.case_title or data.case_id)
        state = base.model_copy(update={"trajectory": data, "cohort_id": data.cohort_id})
        today = local_today(event.time, state.country)
        jobs = _schedule_jobs(state, today, sorted({s.step for s in data.sessions}))
        if state.accepted is not None and not state.acceptance_has_schedule:
            jobs.append(acceptance_job(state, today))
            state = state.model_copy(update={"acceptance_has_schedule": True})
        return Outcome(state, jobs, events=answer)

    await docs.producer.run(data.case_id, decide, event_id=event.id)
    await docs.producer.parked.replay(_trajectory_of(data.case_id), _waiting_handlers(docs))


def _trajectory_of(case_id: str) -> str:
    """What an early session event waits for: the case's `trajectory.scheduled`."""
    return f"trajectory/{case_id}"


def _waiting_handlers(docs: Documents) -> dict[type[EventData], Handler]:
    async def rescheduled(event: CloudEvent[SessionRescheduled]) -> None:
        await on_session_rescheduled(event, docs)

    return dict([handles(SessionRescheduled, rescheduled)])


def with_session(trajectory: TrajectoryScheduled, event: SessionEvent) -> TrajectoryScheduled:
    """The trajectory with the event's word on its session, unless it holds a newer one."""
    sessions = [
        event.session
        if s.session_id == event.session.session_id and event.session.sequence >= s.sequence
        else s
        for s in trajectory.sessions
    ]
    return trajectory.model_copy(update={"sessions": sessions})


async def on_session_rescheduled(event: CloudEvent[SessionRescheduled], docs: Documents) -> None:
    """The moved session's agenda and the planning are made again as new versions."""
    data = event.data

    early: list[str] = []

    def decide(current: CaseFile | None) -> Outcome[CaseFile] | None:
        if current is None or current.trajectory is None:
            early.extend([data.case_id] if data.case_id else [])
            return None
        state = current.model_copy(update={"trajectory": with_session(current.trajectory, data)})
        return Outcome(
            state,
            _schedule_jobs(state, local_today(event.time, state.country), [data.session.step]),
        )

    case_ids: list[Any]
    if data.case_id:
        case_ids = [data.case_id]
    else:
        case_ids = await docs.producer.files.case_ids_in_cohort(data.cohort_id)
    for case_id in case_ids:
        await docs.producer.run(case_id, decide, event_id=event.id)
    if early:  # before its trajectory: kept until it arrives (design.md, "Order")
        await _park(event, early[0], docs)


async def _park(event: CloudEvent[SessionRescheduled], case_id: str, docs: Documents) -> None:
    """Park the event; if the trajectory was written meanwhile, apply what waits at once."""
    await docs.producer.parked.park(_trajectory_of(case_id), event)
    stored = await docs.producer.files.get(case_id)
    if stored is not None and stored.state.trajectory is not None:
        await docs.producer.parked.replay(_trajectory_of(case_id), _waiting_handlers(docs))
