"""The owner's feedback over HTTP and an atelier round's hand-ins, on the in-memory twin: stored
and announced once, listed for trainers in arrival order and counted per round."""

from __future__ import annotations

import datetime as dt

import pytest

from services.documents.domain.approach import DeliveryKind
from services.documents.service_layer.deliveries import edit_section, submit_feedback
from services.documents.service_layer.homework import (
    Round,
    counts_in_cohort,
    hand_in_homework,
    homework_of,
)
from services.documents.service_layer.preparing import briefing_of
from services.documents.service_layer.releases import Releaser, release_approach
from shared.clock import ManualClock
from shared.contracts.documents import FeedbackSubmitted, SectionFeedback
from tests.support.twins import owed_data, published_by
from tests.unit.documents.samples import full_sections
from tests.unit.documents.twin import (
    NOW,
    Documents,
    accepted_case,
    deliverable_due,
    documents_on_twin,
    published,
)

pytestmark = pytest.mark.unit

ROUND_STARTS = dt.datetime(2027, 4, 16, 12, 0, tzinfo=dt.UTC)


async def _released_draft() -> Documents:
    """Case c1 accepted, its sections written, the draft window open and the draft released."""
    documents = documents_on_twin()
    await documents.deliver(published(accepted_case(), "/samenspel/intake", "c1"))
    for content in full_sections("Met de bewoners"):
        await edit_section("c1", content, 0, "Coach", NOW, documents.deps)
    await documents.deliver(published(deliverable_due("draft"), "/samenspel/scheduling", "c1"))
    await release_approach("c1", DeliveryKind.DRAFT, Releaser(staff=True), documents.deps)
    return documents


async def test_the_owners_feedback_over_http_is_stored_per_section_and_announced_once() -> None:
    documents = await _released_draft()
    feedback = FeedbackSubmitted(
        case_id="c1",
        on_version=1,
        submitted_at=NOW,
        items=[SectionFeedback(section="planning", comment="Later graag")],
        general_comment="Dank u",
    )
    event = await submit_feedback(feedback, documents.deps)
    [announced] = await owed_data(documents.producer.files, "c1", "feedback.submitted")
    assert announced["general_comment"] == "Dank u"
    stored = await documents.producer.files.get("c1")
    assert stored is not None and stored.state.approach is not None
    notes = stored.state.approach.feedback
    assert [(n.label, n.comment) for n in notes] == [
        ("planning", "Later graag"),
        ("Algemeen", "Dank u"),
    ]

    [back] = await published_by(documents.producer.files, "c1", "feedback.submitted")
    assert back.id == event.id
    await documents.deliver(back)  # our own event comes back from the bus
    again = await documents.producer.files.get("c1")
    assert again is not None and again.version == stored.version, "not stored twice"


async def test_a_round_s_hand_ins_are_listed_in_arrival_order_and_counted_per_round() -> None:
    clock = ManualClock(ROUND_STARTS - dt.timedelta(days=3))
    documents = documents_on_twin(clock)
    round_one = Round("atelier-r1", "atelier-2027", "Ronde 1", ROUND_STARTS)
    round_two = Round("atelier-r2", "atelier-2027", "Ronde 2", ROUND_STARTS)
    for who in (("participant-b", "Bert"), ("participant-a", "Anna")):
        await hand_in_homework(clock, round_two, who, f"Plan van {who[1]}", None, documents.deps)
        clock.advance(dt.timedelta(hours=1))
    await hand_in_homework(clock, round_one, ("participant-a", "Anna"), "x", None, documents.deps)

    listed = await homework_of("atelier-r2", documents.deps)
    assert [h.text for h in listed] == ["Plan van Bert", "Plan van Anna"]
    assert await counts_in_cohort("atelier-2027", documents.deps) == {
        "atelier-r1": 1,
        "atelier-r2": 2,
    }
    assert await homework_of("atelier-r9", documents.deps) == []
    assert await counts_in_cohort("other-cohort", documents.deps) == {}


async def test_the_coaches_briefing_of_a_case_nobody_prepared_lists_every_question_unanswered() -> (
    None
):
    documents = await _released_draft()
    stored = await documents.producer.files.get("c1")
    assert stored is not None
    briefing = briefing_of(stored.state)
    assert briefing.respondents == 0 and briefing.questions
    assert all(q.answered == 0 and not q.open_answers for q in briefing.questions)
