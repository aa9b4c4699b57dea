"""A session is near: its agenda made now (with what was collected so far), and before the
leercase's main session the coaches' briefing, so the reminder mail carries them."""

from __future__ import annotations

from typing import Any

from services.documents.domain.case_files import CaseFile
from services.documents.domain.documents import LETTER_FORMATS, DocumentRecord, next_version
from services.documents.domain.preparation import summarise
from services.documents.domain.questionnaires import questionnaire_for
from services.documents.domain.session_files import SessionFile
from services.documents.domain.wording import session_label
from services.documents.service_layer.agendas import STEP_AGENDAS
from services.documents.service_layer.context import Documents
from services.documents.service_layer.lifecycle import agenda_job, with_session
from services.documents.service_layer.links import Links
from services.documents.service_layer.producing import Job, Outcome
from services.documents.service_layer.readiness import documents_ready
from services.documents.service_layer.requests import briefing_request, session_agenda_request
from shared.contracts.base import EventData
from shared.contracts.documents import PreparationReminderDue
from shared.contracts.envelope import CloudEvent, EventFactory
from shared.contracts.scheduling import Attendee, AttendeeRole, SessionReminderDue

BRIEFING_STEP = 3  # the Relevant Gesprek®-sessie: the coaches prepare it with the briefing
PREPARATION_STEP = 2  # the preparation follows the kick-off and feeds the clarification session


def briefing_job(state: CaseFile) -> Job:
    """The participants' preparation and their questions to the owner, for the coaches."""
    briefing = summarise(questionnaire_for(state.format), state.responses)
    request = briefing_request(briefing, state.title, state.questions)
    return Job("briefing", next_version(state.documents, "briefing"), request, LETTER_FORMATS)


async def on_session_reminder_due(event: CloudEvent[SessionReminderDue], docs: Documents) -> None:
    """Every reminder gets its `documents.ready`, with an agenda wherever one can be made."""
    data = event.data
    stored = await docs.producer.files.get(data.case_id) if data.case_id else None
    if stored is not None and _has_step_agenda(stored.state, data):
        await _case_session(event, docs)
    else:
        await _cohort_session(event, docs)


def unprepared(state: CaseFile, data: SessionReminderDue) -> list[Attendee]:
    """The case's learners invited to the clarification session who filled in nothing yet."""
    if data.session.step != PREPARATION_STEP:
        return []
    done = {r.participant_id for r in state.responses}
    return [
        a
        for a in data.session.attendees
        if a.role is AttendeeRole.PARTICIPANT and a.person_id and a.person_id not in done
    ]


def _has_step_agenda(state: CaseFile, data: SessionReminderDue) -> bool:
    return state.trajectory is not None and data.session.step in STEP_AGENDAS


def _ready(event: CloudEvent[EventData], events: EventFactory, links: Links, **about: Any) -> Any:
    def build(_state: Any, records: list[DocumentRecord]) -> list[CloudEvent[EventData]]:
        return [documents_ready(events, event, links.base_url, records, **about)]

    return build


async def _case_session(event: CloudEvent[SessionReminderDue], docs: Documents) -> None:
    data = event.data
    about = {
        "case_id": data.case_id,
        "case_title": data.case_title,
        "cohort_id": data.cohort_id,
        "session_id": data.session.session_id,
    }

    def decide(current: CaseFile | None) -> Outcome[CaseFile] | None:
        if current is None or current.trajectory is None:
            return None
        state = current.model_copy(update={"trajectory": with_session(current.trajectory, data)})
        jobs = [agenda_job(state, data.session.step)]
        if data.session.step == BRIEFING_STEP:
            jobs.append(briefing_job(state))
        ready, missing = _ready(event, docs.events, docs.links, **about), unprepared(state, data)

        def owed(built: Any, records: list[DocumentRecord]) -> list[CloudEvent[EventData]]:
            if not missing:
                return list(ready(built, records))
            reminder = PreparationReminderDue(
                case_id=state.case_id,
                case_title=state.title,
                cohort_id=data.cohort_id,
                session_name=data.session.name,
                starts_at=data.session.starts_at,
                team=missing,
            )
            return [*ready(built, records), docs.events(reminder, subject=state.case_id)]

        return Outcome(state, jobs, events=owed)

    assert data.case_id is not None
    await docs.producer.run(data.case_id, decide, event_id=event.id)


async def _cohort_session(event: CloudEvent[SessionReminderDue], docs: Documents) -> None:
    """A session of a cohort format (or one documents knows no case for): the format's agenda."""
    data = event.data
    session = data.session
    about = {
        "case_id": data.case_id,
        "case_title": data.case_title,
        "cohort_id": data.cohort_id,
        "session_id": session.session_id,
    }

    def decide(current: SessionFile | None) -> Outcome[SessionFile]:
        base = current or SessionFile(
            session_id=session.session_id,
            cohort_id=data.cohort_id,
            title=session_label(session, data.format),
        )
        request = session_agenda_request(data, base.topics)
        jobs = []
        if request is not None:
            jobs.append(
                Job("agenda", next_version(base.documents, "agenda"), request, LETTER_FORMATS)
            )
        return Outcome(base, jobs, events=_ready(event, docs.events, docs.links, **about))

    await docs.producer.run_session(session.session_id, decide, event_id=event.id)
