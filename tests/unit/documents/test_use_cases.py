"""Documents' use cases on the in-memory twin: which documents each event makes, and only once."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import pytest

from services.documents.adapters.rendering import Rendition
from services.documents.domain.approach import DeliveryKind
from services.documents.domain.case_files import CaseFile
from services.documents.domain.documents import DocumentRecord
from services.documents.domain.recordings import Recording
from services.documents.service_layer.deliveries import edit_section
from services.documents.service_layer.library import attach_recording, search_library
from services.documents.service_layer.lifecycle import acceptance_job
from services.documents.service_layer.producing import Outcome
from services.documents.service_layer.releases import Releaser, release_approach
from services.scheduling.entrypoints.messaging import event_handlers as scheduling_handlers
from services.scheduling.service_layer.cohorts import plan_cohort
from shared.clock import ManualClock
from shared.contracts.documents import FeedbackSubmitted, FinalDelivered
from shared.contracts.intake import CaseAccepted, CaseRejected
from shared.contracts.scheduling import SessionRescheduled, TrajectoryScheduled
from shared.messaging.dispatcher import PermanentFailure
from shared.persistence.repository import Change
from tests.support.twins import owed_data
from tests.unit.documents.samples import full_sections
from tests.unit.documents.twin import (
    NOW,
    Documents,
    documents_on_twin,
    published,
)
from tests.unit.documents.twin import (
    accepted_case as _accepted,
)
from tests.unit.documents.twin import (
    deliverable_due as _due,
)
from tests.unit.intake import factories
from tests.unit.scheduling import twin as scheduling

pytestmark = pytest.mark.unit
INTAKE = "/samenspel/intake"


async def _trajectory(case_id: str = "c1") -> TrajectoryScheduled:
    """The trajectory scheduling plans for the case, as it publishes it."""
    ctx = scheduling.scheduling_on_twin(ManualClock(scheduling.START))
    await plan_cohort(scheduling.leercase(), ctx)
    event = scheduling.from_intake(_accepted(case_id), case_id, scheduling.START)
    await scheduling_handlers(ctx)[CaseAccepted](event)
    [data] = await owed_data(ctx.trajectories, case_id, "trajectory.scheduled")
    return TrajectoryScheduled.model_validate(data)


async def _release(documents: Documents, kind: str) -> None:
    """Staff release the draft or final from the console."""
    releaser = Releaser(staff=True)
    await release_approach("c1", DeliveryKind(kind), releaser, documents.deps)


async def _kinds(documents: Documents, case_id: str = "c1") -> list[tuple[str, int, str]]:
    stored = await documents.producer.files.get(case_id)
    assert stored is not None
    return sorted((r.kind, r.version, r.format) for r in stored.state.documents)


async def test_an_accepted_case_gets_its_acceptance_letter_and_documents_ready_names_it() -> None:
    documents = documents_on_twin()
    await documents.deliver(published(factories.submitted(case_id="c1"), INTAKE, "c1"))
    await documents.deliver(published(_accepted(), INTAKE, "c1"))
    assert await _kinds(documents) == [
        ("acceptance-letter", 1, "html"),
        ("acceptance-letter", 1, "pdf"),
    ]
    [ready] = await owed_data(documents.producer.files, "c1", "documents.ready")
    assert {d["kind"] for d in ready["documents"]} == {"acceptance_letter"}


async def test_a_redelivered_case_accepted_writes_no_second_letter() -> None:
    documents = documents_on_twin()
    event = published(_accepted(), INTAKE, "c1")
    await documents.deliver(event)
    await documents.deliver(event)
    assert len(await _kinds(documents)) == 2 and len(documents.store.files) == 2


async def test_a_rejected_case_gets_a_letter_with_the_reason() -> None:
    documents = documents_on_twin()
    rejected = CaseRejected.model_validate(
        {
            "case_id": "c1",
            "case_title": "Zonneweide",
            "reason": "Er is al een besluit genomen",
            "alternatives": [{"code": "adviesgesprek", "title": "Een adviesgesprek"}],
            "owner": {"name": "Olga", "email": "olga@example.nl"},
            "decided_by": "medewerker",
            "decided_at": NOW,
        }
    )
    await documents.deliver(published(rejected, INTAKE, "c1"))
    assert [k for k, _v, f in await _kinds(documents) if f == "html"] == ["rejection-letter"]
    [request] = documents.renderers["html"].requests
    assert "Er is al een besluit genomen" in json.dumps(request.context, default=str)


async def test_a_planned_trajectory_brings_planning_agendas_and_the_letter_with_its_schedule() -> (
    None
):
    documents = documents_on_twin()
    await documents.deliver(published(_accepted(), INTAKE, "c1"))
    trajectory = await _trajectory()
    await documents.deliver(published(trajectory, "/samenspel/scheduling", "c1"))
    kinds = {(kind, version) for kind, version, _format in await _kinds(documents)}
    assert ("planning", 1) in kinds and ("acceptance-letter", 2) in kinds
    assert any(kind.startswith("agenda-step-") for kind, _ in kinds)


async def test_feedback_on_a_case_without_an_approach_is_dead_lettered_with_the_reason() -> None:
    documents = documents_on_twin()
    feedback = FeedbackSubmitted.model_validate(
        {"case_id": "c9", "on_version": 1, "submitted_at": NOW, "general_comment": "Mooi"}
    )
    with pytest.raises(PermanentFailure, match="CaseNotFound"):
        await documents.deliver(published(feedback, INTAKE, "c9"))


async def test_a_write_that_lost_a_race_discards_its_files_and_decides_again() -> None:
    documents = documents_on_twin()
    await documents.deliver(published(_accepted(), INTAKE, "c1"))
    files, before = documents.producer.files, set(documents.store.files)
    decisions = 0

    def decide(current: CaseFile | None) -> Outcome[CaseFile]:
        nonlocal decisions
        decisions += 1
        assert current is not None
        return Outcome(current, [acceptance_job(current, NOW.date())])

    put = documents.store.put

    async def put_while_another_writes(rendition: Rendition, **about: Any) -> DocumentRecord:
        if decisions == 1:  # another process writes the file while we render
            stored = await files.get("c1")
            assert stored is not None
            await files.update(stored, Change(stored.state))
        return await put(rendition, **about)

    documents.store.put = put_while_another_writes  # type: ignore[method-assign]
    await documents.producer.run("c1", decide)
    made = set(documents.store.files) - before
    stored = await files.get("c1")
    assert decisions == 2 and stored is not None
    assert made == {r.id for r in stored.state.documents} - before  # first attempt's discarded


async def test_two_events_of_one_case_at_once_both_land() -> None:
    documents = documents_on_twin()
    trajectory = await _trajectory()
    await asyncio.gather(
        documents.deliver(published(_accepted(), INTAKE, "c1")),
        documents.deliver(published(trajectory, "/samenspel/scheduling", "c1")),
    )
    stored = await documents.producer.files.get("c1")
    assert stored is not None and stored.state.accepted is not None
    assert stored.state.trajectory is not None
    referenced = {r.id for r in stored.state.documents}
    assert referenced == set(documents.store.files)  # no orphan files left behind


async def test_a_draft_due_on_an_unfinished_approach_is_refused_and_staff_are_alerted() -> None:
    documents = documents_on_twin()
    await documents.deliver(published(_accepted(), INTAKE, "c1"))
    await documents.deliver(published(_due("draft"), "/samenspel/scheduling", "c1"))
    [refused] = await owed_data(documents.producer.files, "c1", "deliverable.refused")
    assert refused["missing"] and not any(k == "approach" for k, _v, _f in await _kinds(documents))


async def test_a_finished_draft_is_delivered_once_and_carries_no_capability() -> None:
    documents = documents_on_twin()
    await documents.deliver(published(_accepted(), INTAKE, "c1"))
    for content in full_sections("Met bewoners van de Molenweg"):
        await edit_section("c1", content, 0, "Coach Anna", NOW, documents.deps)
    due = published(_due("draft"), "/samenspel/scheduling", "c1")
    await documents.deliver(due)  # the window opens: nothing goes to the owner yet
    assert not [k for k, _v, _f in await _kinds(documents) if k == "approach"]
    await _release(documents, "draft")
    approach = [(v, f) for k, v, f in await _kinds(documents) if k == "approach"]
    assert approach == [(1, "docx"), (1, "html"), (1, "pdf")]
    [draft] = await owed_data(documents.producer.files, "c1", "draft.delivered")
    assert "feedback_url" not in draft  # no capability in an event: the owner's page has the form
    assert sorted(d["format"] for d in draft["downloads"]) == ["docx", "html", "pdf"]


async def test_a_final_approach_of_a_consenting_owner_is_listed_in_the_library() -> None:
    documents = documents_on_twin()
    await documents.deliver(published(factories.submitted(case_id="c1"), INTAKE, "c1"))
    await documents.deliver(published(_accepted(), INTAKE, "c1"))
    for content in full_sections("Zonnepanelen op de Molenweg"):
        await edit_section("c1", content, 0, "Coach Anna", NOW, documents.deps)
    for kind in ("draft", "final"):
        await documents.deliver(published(_due(kind), "/samenspel/scheduling", "c1"))
        await _release(documents, kind)
    [final] = await owed_data(documents.producer.files, "c1", "final.delivered")
    await documents.deliver(
        published(FinalDelivered.model_validate(final), "/samenspel/documents", "c1")
    )
    found = await search_library("", "", "", documents.deps)
    assert [entry.case_id for entry in found] == ["c1"]
    year = found[0].delivered_at.year
    assert found[0].year == year  # learners search by the year of delivery
    same_year = await search_library("", "", "leercase", documents.deps, year=year)
    other_year = await search_library("", "", "", documents.deps, year=year - 1)
    assert [e.case_id for e in same_year] == ["c1"] and other_year == []
    recording = Recording(
        title="Opname van de startsessie", url="https://video.example/startsessie", added_at=NOW
    )
    await attach_recording("c1", recording, documents.deps)
    [listed] = await search_library("", "", "", documents.deps)
    assert [str(r.url) for r in listed.recordings] == ["https://video.example/startsessie"]


async def test_two_events_of_one_case_at_once_render_each_document_once() -> None:
    documents = documents_on_twin()
    trajectory = await _trajectory()
    await asyncio.gather(
        documents.deliver(published(_accepted(), INTAKE, "c1")),
        documents.deliver(published(trajectory, "/samenspel/scheduling", "c1")),
    )
    stored = await documents.producer.files.get("c1")
    assert stored is not None
    renders = sum(len(renderer.requests) for renderer in documents.renderers.values())
    assert renders == len(stored.state.documents)  # none rendered, lost to a race, and redone


async def test_a_session_moved_before_its_trajectory_arrived_is_applied_once_it_does() -> None:
    documents = documents_on_twin()
    await documents.deliver(published(_accepted(), INTAKE, "c1"))
    trajectory = await _trajectory()
    first = trajectory.sessions[0]
    moved_to = first.starts_at + dt.timedelta(days=2)
    moved = first.model_copy(
        update={"starts_at": moved_to, "ends_at": moved_to + dt.timedelta(hours=2), "sequence": 1}
    )
    early = SessionRescheduled(
        case_id="c1",
        cohort_id=trajectory.cohort_id,
        session=moved,
        previous_starts_at=first.starts_at,
    )
    await documents.deliver(published(early, "/samenspel/scheduling", "c1"))
    await documents.deliver(published(trajectory, "/samenspel/scheduling", "c1"))
    stored = await documents.producer.files.get("c1")
    assert stored is not None and stored.state.trajectory is not None
    [shown] = [s for s in stored.state.trajectory.sessions if s.session_id == first.session_id]
    assert shown.starts_at == moved_to
    planning = [r for r in stored.state.documents if r.kind == "planning"]
    assert max(r.version for r in planning) == 2  # made again with the moved session


async def test_a_submission_arriving_after_the_acceptance_leaves_the_accepted_file_as_it_was() -> (
    None
):
    documents = documents_on_twin()
    await documents.deliver(published(_accepted(), INTAKE, "c1"))
    before = await documents.producer.files.get("c1")
    submitted = published(factories.submitted(case_id="c1"), INTAKE, "c1")
    await documents.deliver(submitted)  # opened without a read: the insert finds the file
    after = await documents.producer.files.get("c1")
    assert before is not None and after is not None
    assert after.version == before.version and after.state.accepted is not None
    assert await _kinds(documents) == [
        ("acceptance-letter", 1, "html"),
        ("acceptance-letter", 1, "pdf"),
    ]
