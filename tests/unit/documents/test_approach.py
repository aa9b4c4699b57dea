"""Contributing sections, refusing stale edits and half-empty drafts, feedback and changes."""

from __future__ import annotations

import datetime as dt

import pytest

from services.documents.domain.approach import (
    Approach,
    DeliveryKind,
    apply_edit,
    deliver,
    missing_sections,
    record_feedback,
)
from services.documents.domain.changes import changes_since
from services.documents.domain.content import Milestone, ParticipationQuestion, Planning
from services.documents.domain.errors import (
    ApproachClosed,
    DeliveryOutOfOrder,
    IncompleteApproach,
    SectionVersionConflict,
    UnknownVersion,
)
from services.documents.domain.sections import SectionKey
from shared.contracts.documents import FeedbackSubmitted, SectionFeedback
from tests.unit.documents.samples import T0, full_approach

pytestmark = pytest.mark.unit

QUESTION = ParticipationQuestion(question="Hoe richten we het plein in?", issue="Hittestress")


def _empty() -> Approach:
    return Approach(case_id="c1", case_title="Klimaatplein")


def test_each_saved_edit_raises_the_section_version() -> None:
    a = apply_edit(_empty(), QUESTION, 0, "anna", T0)
    changed = QUESTION.model_copy(update={"goal": "Meer schaduw"})
    a = apply_edit(a, changed, 1, "bram", T0)
    assert a.version_of(SectionKey.PARTICIPATION_QUESTION) == 2
    assert a.content(SectionKey.PARTICIPATION_QUESTION) == changed
    assert a.content(SectionKey.PARTICIPATION_QUESTION, 1) == QUESTION
    assert a.version_of(SectionKey.PLANNING) == 0


def test_an_edit_over_a_stale_version_is_refused_with_the_current_version() -> None:
    a = apply_edit(_empty(), QUESTION, 0, "anna", T0)
    late = QUESTION.model_copy(update={"question": "Iets anders"})
    with pytest.raises(SectionVersionConflict) as conflict:
        apply_edit(a, late, 0, "bram", T0)
    assert conflict.value.current_version == 1
    assert conflict.value.section == "participation_question"
    assert a.content(SectionKey.PARTICIPATION_QUESTION) == QUESTION


def test_missing_sections_are_named_in_dutch_and_in_document_order() -> None:
    a = apply_edit(_empty(), QUESTION, 0, "anna", T0)
    a = apply_edit(a, Planning(items=[]), 0, "anna", T0)
    missing = missing_sections(a)
    assert missing == [
        "Betrokkenen en publieksgroepen",
        "De gesprekken",
        "Planning",
        "Tijd en geld",
        "Rollen",
        "Duiden en terugkoppelen",
    ]


def test_a_half_empty_draft_is_refused_and_nothing_is_delivered() -> None:
    a = apply_edit(_empty(), QUESTION, 0, "anna", T0)
    with pytest.raises(IncompleteApproach) as refused:
        deliver(a, DeliveryKind.DRAFT, T0)
    assert "Rollen" in refused.value.missing
    assert "Bijlage: de 10 uitvoeringsstappen" not in refused.value.missing


def test_a_blank_question_counts_as_empty() -> None:
    blank = full_approach()
    blank = apply_edit(blank, ParticipationQuestion(question="  ", issue=""), 1, "x", T0)
    assert missing_sections(blank) == ["Participatievraag en vraagstuk"]


def test_a_complete_draft_freezes_the_section_versions() -> None:
    a, draft = deliver(full_approach(), DeliveryKind.DRAFT, T0)
    assert draft.version == 1
    assert draft.section_versions[SectionKey.ROLES] == 1
    assert a.deliveries == [draft]


def test_the_final_needs_a_draft_first_and_closes_the_approach() -> None:
    with pytest.raises(DeliveryOutOfOrder):
        deliver(full_approach(), DeliveryKind.FINAL, T0)
    a, _ = deliver(full_approach(), DeliveryKind.DRAFT, T0)
    a, final = deliver(a, DeliveryKind.FINAL, T0)
    assert final.version == 2
    with pytest.raises(ApproachClosed):
        apply_edit(a, QUESTION, 1, "anna", T0)
    with pytest.raises(ApproachClosed):
        deliver(a, DeliveryKind.FINAL, T0)


def test_feedback_is_kept_per_section_by_key_or_dutch_title() -> None:
    a, _ = deliver(full_approach(), DeliveryKind.DRAFT, T0)
    event = FeedbackSubmitted(
        case_id="case-001",
        on_version=1,
        submitted_at=T0,
        items=[
            SectionFeedback(section="roles", comment="Wie belt de buurt?"),
            SectionFeedback(section=" tijd en  GELD ", comment="Budget is krap"),
            SectionFeedback(section="Communicatie", comment="Geen onderdeel"),
        ],
        general_comment="Goed stuk",
    )
    a = record_feedback(a, event)
    assert [f.comment for f in a.feedback_for(SectionKey.ROLES)] == ["Wie belt de buurt?"]
    assert [f.comment for f in a.feedback_for(SectionKey.TIME_AND_MONEY)] == ["Budget is krap"]
    general = a.feedback_for(None)
    assert {(f.label, f.comment) for f in general} == {
        ("Communicatie", "Geen onderdeel"),
        ("Algemeen", "Goed stuk"),
    }


def test_feedback_on_a_version_never_delivered_is_refused() -> None:
    event = FeedbackSubmitted(case_id="case-001", on_version=1, submitted_at=T0)
    with pytest.raises(UnknownVersion):
        record_feedback(full_approach(), event)


def test_changes_since_the_draft_show_removed_and_added_lines_only() -> None:
    a, _ = deliver(full_approach(), DeliveryKind.DRAFT, T0)
    planning = Planning(
        items=[
            Milestone(period="april 2026", activity="Uitnodigingen versturen"),
            Milestone(period="mei 2026", activity="Buurtavond"),
            Milestone(period="september 2026", activity="Terugkoppeling aan de buurt"),
        ]
    )
    a = apply_edit(a, planning, 1, "anna", T0 + dt.timedelta(days=1))
    changes = changes_since(a, 1)
    assert [c.title for c in changes] == ["Planning"]
    assert [(line.op, line.text) for line in changes[0].lines] == [
        ("removed", "juni 2026: Terugkoppeling aan de buurt"),
        ("added", "september 2026: Terugkoppeling aan de buurt"),
    ]
    assert (changes[0].from_version, changes[0].to_version) == (1, 2)


def test_approach_survives_a_round_trip_through_json() -> None:
    a, _ = deliver(full_approach(), DeliveryKind.DRAFT, T0)
    again = Approach.model_validate_json(a.model_dump_json())
    assert again == a
