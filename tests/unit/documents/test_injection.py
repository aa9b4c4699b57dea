"""Template injection and markup typed into every field come out as inert, literal text."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from services.documents.adapters.html_renderer import HtmlRenderer
from services.documents.adapters.rendering import DocumentRequest
from services.documents.domain.approach import DeliveryKind, deliver, record_feedback
from services.documents.domain.preparation import (
    OwnerQuestion,
    QuestionnaireResponse,
    summarise,
)
from services.documents.domain.questionnaires import LEERCASE_QUESTIONNAIRE
from services.documents.service_layer import requests
from shared.contracts.base import Contact
from shared.contracts.documents import FeedbackSubmitted, SectionFeedback
from shared.contracts.intake import (
    Alternative,
    CaseDescription,
    CaseRejected,
    CaseSubmitted,
    ConditionAnswers,
    Owner,
)
from tests.unit.documents.extract import EXTRACT
from tests.unit.documents.rendered import rendered
from tests.unit.documents.samples import T0, full_approach, trajectory

pytestmark = pytest.mark.unit

PAYLOAD = (
    "{{ ''.__class__ }} {% for x in ().__class__.__base__.__subclasses__() %}X{% endfor %}"
    " <script>alert(1)</script> &<>\"' {{7*7}} {_{ %}"
)
EVALUATED = ("<class", "49", "XX")  # what evaluating the payload would print
TODAY = dt.date(2026, 4, 17)


def _approach_requests() -> list[DocumentRequest]:
    owner = Contact(name="Eva " + PAYLOAD, email="eva@example.nl")
    a, draft = deliver(
        full_approach(" zz{n} " + PAYLOAD, title="Plein " + PAYLOAD), DeliveryKind.DRAFT, T0
    )
    a = record_feedback(
        a,
        FeedbackSubmitted(
            case_id="case-001",
            on_version=1,
            submitted_at=T0,
            items=[SectionFeedback(section="rollen", comment="fb " + PAYLOAD)],
            general_comment="alg " + PAYLOAD,
        ),
    )
    a, final = deliver(a, DeliveryKind.FINAL, T0)
    return [requests.approach_request(a, d, owner, TODAY) for d in (draft, final)]


def _letter_requests() -> list[DocumentRequest]:
    p = " " + PAYLOAD
    submitted = CaseSubmitted(
        case_id="case-009",
        submitted_at=T0,
        owner=Owner(name="Eva" + p, role="r" + p, organisation="o" + p, email="e@example.nl"),
        case=CaseDescription(
            title="Plein" + p, description="d" + p, societal_issue="s" + p, municipality="m" + p
        ),
        conditions=ConditionAnswers(
            societal_and_concrete=True,
            no_time_pressure=True,
            owner_is_content_expert=True,
            can_attend_all_sessions=True,
            consent_to_share=True,
        ),
    )
    rejected = CaseRejected(
        case_id="case-009",
        case_title="Plein" + p,
        owner=Contact(name="Eva" + p, email="e@example.nl"),
        reason="Reden" + p,
        alternatives=[
            Alternative(
                code="x", title="Alt" + p, description="Oms" + p, url="https://example.org/alt"
            )
        ],
        decided_by="staff",
        decided_at=T0,
    )
    questions = [OwnerQuestion(participant="Ali" + p, text="Vraag" + p, asked_at=T0)]
    answers = {"kern": "kern" + p, "invloed": "adviseren"}
    briefing = summarise(
        LEERCASE_QUESTIONNAIRE,
        [
            QuestionnaireResponse(
                participant_id="1", participant_name="Bo" + p, answers=answers, submitted_at=T0
            )
        ],
        expected=["Cas" + p],
    )
    return [
        requests.receipt_request(submitted, TODAY),
        requests.rejection_request(rejected, TODAY),
        requests.agenda_request(trajectory(), 2, "Plein" + p, questions),
        requests.planning_request(trajectory(), "Plein" + p, TODAY),
        requests.briefing_request(briefing, "Plein" + p),
    ]


def _assert_inert(text: str) -> None:
    for sign in EVALUATED:
        assert sign not in text.replace(PAYLOAD, ""), sign


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_the_approach_shows_injected_text_literally_in_every_field(fmt: str) -> None:
    for request in _approach_requests():
        text = EXTRACT[fmt](rendered(fmt, request).content)
        _assert_inert(text)
        assert PAYLOAD in text
        if fmt != "pdf":  # PDF table cells interleave lines; HTML and DOCX keep every field whole
            markers = set(re.findall(r"zz\d\d", text))
            assert len(markers) >= 30
            for marker in markers:
                assert f"{marker} {PAYLOAD}" in text, marker


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_letters_agendas_planning_and_briefing_show_injected_text_literally(fmt: str) -> None:
    for request in _letter_requests():
        text = EXTRACT[fmt](rendered(fmt, request).content)
        _assert_inert(text)
        assert PAYLOAD in text, request.template


def test_no_markup_from_user_text_reaches_the_html() -> None:
    for request in _approach_requests() + _letter_requests():
        html = HtmlRenderer().render(request).content.decode()
        assert "<script" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&amp;&lt;&gt;&#34;&#39;" in html


def test_control_characters_cannot_break_a_word_document() -> None:
    a, draft = deliver(full_approach(" ctl\x00\x07\x0b\x0c\x1b\ufffeend"), DeliveryKind.DRAFT, T0)
    request = requests.approach_request(a, draft, None, TODAY)
    for fmt in ("docx", "html", "pdf"):
        text = EXTRACT[fmt](rendered(fmt, request).content)
        assert "ctlend" in text
