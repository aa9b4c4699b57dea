"""The owner's feedback: open until the feedback session starts, kept whole, letters listed."""

from __future__ import annotations

import datetime as dt

import pytest

from services.intake.domain.feedback_window import case_coaches, feedback_open, open_until
from services.intake.domain.timeline import CaseTimeline
from services.intake.presentation.projection import project
from shared.contracts.base import EventData
from shared.contracts.documents import (
    DocumentKind,
    DocumentsReady,
    FeedbackSubmitted,
    ReadyDocument,
    SectionFeedback,
)
from shared.contracts.scheduling import Attendee, AttendeeRole
from tests.unit.intake.timeline_samples import SESSIONS, START, draft, link, scheduled

pytestmark = pytest.mark.unit
FEEDBACK_SESSION_STARTS = SESSIONS[-1].starts_at  # week 7


def _run(*events: EventData) -> CaseTimeline:
    timeline: CaseTimeline | None = None
    for n, data in enumerate(events):
        timeline = project(timeline, "c1", f"e{n}", START, data) or timeline
    assert timeline is not None
    return timeline


def test_the_form_is_open_from_the_draft_until_the_feedback_session_starts() -> None:
    before_draft = _run(scheduled())
    assert not feedback_open(before_draft, START + dt.timedelta(weeks=5))
    with_draft = _run(scheduled(), draft())
    assert feedback_open(with_draft, FEEDBACK_SESSION_STARTS - dt.timedelta(minutes=1))
    assert not feedback_open(with_draft, FEEDBACK_SESSION_STARTS)
    assert open_until(with_draft).startswith("tot het begin van de feedbacksessie (")
    cancelled = SESSIONS[-1].model_copy(update={"cancelled": True})
    without = with_draft.model_copy(update={"sessions": [*SESSIONS[:-1], cancelled]})
    assert feedback_open(without, FEEDBACK_SESSION_STARTS + dt.timedelta(days=3))


def test_each_submission_is_kept_with_its_sections_titled_in_dutch() -> None:
    first = FeedbackSubmitted(
        case_id="c1",
        on_version=1,
        submitted_at=START,
        items=[SectionFeedback(section="stakeholders", comment="Ook de scholen")],
    )
    second = FeedbackSubmitted(
        case_id="c1", on_version=1, submitted_at=START, general_comment="Mooi werk"
    )
    timeline = _run(scheduled(), draft(), first, second)
    assert [f.items for f in timeline.feedback] == [
        [("Betrokkenen en publieksgroepen", "Ook de scholen")],
        [],
    ]
    assert timeline.entries[-2].detail == "Betrokkenen en publieksgroepen: Ook de scholen"
    assert timeline.entries[-1].detail == "Algemeen: Mooi werk"
    assert "opmerking(en)" not in " ".join(e.detail for e in timeline.entries)


def test_letters_and_the_planning_are_listed_but_not_the_coaches_briefing() -> None:
    def ready(kind: DocumentKind, title: str) -> ReadyDocument:
        return ReadyDocument(kind=kind, title=title, version=1, downloads=[link(kind.value)])

    letters = DocumentsReady(
        made_for="e-accepted",
        case_id="c1",
        documents=[ready(DocumentKind.ACCEPTANCE_LETTER, "Acceptatiebrief")],
        ready_at=START,
    )
    briefing = DocumentsReady(
        made_for="e-reminder",
        case_id="c1",
        documents=[ready(DocumentKind.BRIEFING, "Briefing voor de coaches")],
        ready_at=START,
    )
    timeline = _run(scheduled(), letters, briefing, letters)
    assert [(d.title, d.kind) for d in timeline.letters] == [
        ("Acceptatiebrief", "acceptance_letter")
    ]
    assert len(timeline.entries) == 3  # the briefing is no news on the case's timeline


def test_the_case_coaches_are_those_invited_to_its_sessions() -> None:
    coach = Attendee(
        person_id="", name="Carla Coach", email="carla@example.nl", role=AttendeeRole.COACH
    )
    owner = Attendee(person_id="", name="Anne", email="anne@example.nl", role=AttendeeRole.OWNER)
    sessions = [s.model_copy(update={"attendees": [coach, owner]}) for s in SESSIONS]
    timeline = CaseTimeline(case_id="c1", sessions=sessions)
    assert [c.email for c in case_coaches(timeline)] == ["carla@example.nl"]
