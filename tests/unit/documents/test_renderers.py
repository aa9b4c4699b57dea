"""Every format carries every section; letters, agendas and planning say what users need."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest

from services.documents.adapters.docx_renderer import DocxRenderer
from services.documents.adapters.html_renderer import HtmlRenderer
from services.documents.adapters.rendering import (
    DocumentRequest,
    UnsupportedFormat,
    safe_filename,
)
from services.documents.domain.approach import (
    Approach,
    DeliveryKind,
    apply_edit,
    deliver,
    record_feedback,
)
from services.documents.domain.content import Milestone, Planning
from services.documents.domain.preparation import OwnerQuestion
from services.documents.domain.sections import SectionKey
from services.documents.service_layer import requests
from shared.contracts.base import ProgrammeFormat
from shared.contracts.documents import FeedbackSubmitted, SectionFeedback
from shared.contracts.intake import Alternative, CaseAccepted, CaseRejected
from tests.unit.documents.extract import EXTRACT
from tests.unit.documents.rendered import rendered
from tests.unit.documents.samples import OWNER, T0, full_approach, trajectory

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 4, 17)


def _delivered(kind: DeliveryKind) -> tuple[Approach, DocumentRequest]:
    a, draft = deliver(full_approach(" zz{n}"), DeliveryKind.DRAFT, T0)
    if kind is DeliveryKind.DRAFT:
        return a, requests.approach_request(a, draft, OWNER, TODAY)
    a = record_feedback(
        a,
        FeedbackSubmitted(
            case_id="case-001",
            on_version=1,
            submitted_at=T0,
            items=[SectionFeedback(section="planning", comment="Terugkoppeling later graag")],
        ),
    )
    planning = Planning(items=[Milestone(period="oktober 2026", activity="Terugkoppeling zz99")])
    a = apply_edit(a, planning, 1, "coach", T0)
    a, final = deliver(a, DeliveryKind.FINAL, T0)
    return a, requests.approach_request(a, final, OWNER, TODAY)


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
@pytest.mark.parametrize("kind", [DeliveryKind.DRAFT, DeliveryKind.FINAL])
def test_every_section_content_is_in_every_format(fmt: str, kind: DeliveryKind) -> None:
    approach, request = _delivered(kind)
    rendition = rendered(fmt, request)
    text = EXTRACT[fmt](rendition.content)
    version = 1 if kind is DeliveryKind.DRAFT else 2
    for key in SectionKey:
        content = approach.content(key, approach.delivery(version).section_versions[key])
        assert content is not None
        markers = re.findall(r"zz\d\d", " ".join(content.lines()))
        assert markers, key
        missing = [m for m in markers if m not in text]
        assert not missing, f"{key.heading}: {missing}"
        assert key.heading in text
    assert "Fatima el Amrani" in text
    if kind is DeliveryKind.FINAL:
        assert "Wat is er veranderd sinds het concept" in text
        assert "Verwijderd: april 2026 zz16: Uitnodigingen versturen zz17" in text
        assert "Toegevoegd: oktober 2026: Terugkoppeling zz99" in text
        assert "Terugkoppeling later graag" in text
    else:
        assert "Wat is er veranderd" not in text


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_a_rendition_names_and_fingerprints_its_file(fmt: str) -> None:
    _, request = _delivered(DeliveryKind.DRAFT)
    rendition = rendered(fmt, request)
    assert rendition.filename == f"participatieaanpak-concept-v1-zonneweide-molenweg.{fmt}"
    assert rendition.sha256 == hashlib.sha256(rendition.content).hexdigest()
    assert rendition.format == fmt
    expected_type = {
        "html": "text/html; charset=utf-8",
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    assert rendition.content_type == expected_type[fmt]


def test_the_pdf_is_a4() -> None:
    import io

    import pypdf

    _, request = _delivered(DeliveryKind.DRAFT)
    page = pypdf.PdfReader(io.BytesIO(rendered("pdf", request).content)).pages[0]
    width_mm, height_mm = (
        float(v) * 25.4 / 72 for v in (page.mediabox.width, page.mediabox.height)
    )
    assert (round(width_mm), round(height_mm)) == (210, 297)


def test_letters_have_no_word_template_yet() -> None:
    request = requests.rejection_request(_rejected(), TODAY)
    with pytest.raises(UnsupportedFormat):
        DocxRenderer().render(request)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Participatieaanpak concept v1 Zonneweide Molenweg",
            "participatieaanpak-concept-v1-zonneweide-molenweg",
        ),
        ("Energiecoöperatie ‘De Wieken’ / Ruïne", "energiecooperatie-de-wieken-ruine"),
        ("../../etc/passwd", "etc-passwd"),
        ("<script>", "script"),
        ("€€€", "document"),
    ],
)
def test_file_names_keep_only_safe_characters(name: str, expected: str) -> None:
    assert safe_filename(name, "pdf") == f"{expected}.pdf"


def _rejected() -> CaseRejected:
    return CaseRejected(
        case_id="case-002",
        case_title="Nieuwe wijk",
        owner=OWNER,
        reason="De case is te groot voor acht weken.",
        alternatives=[
            Alternative(
                code="e-learning",
                title="E-learning: de 10 uitvoeringsstappen",
                description="Met een live training elke 6-8 weken.",
                url="https://example.nl/e-learning",
            ),
            Alternative(code="leergang", title="Leergang Participatie"),
        ],
        decided_by="staff",
        decided_at=T0,
    )


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_the_rejection_letter_gives_the_reason_and_every_alternative(fmt: str) -> None:
    text = EXTRACT[fmt](rendered(fmt, requests.rejection_request(_rejected(), TODAY)).content)
    assert "Geachte Fatima el Amrani" in text
    assert "De case is te groot voor acht weken." in text
    assert "E-learning: de 10 uitvoeringsstappen" in text
    assert "Leergang Participatie" in text
    assert "vrijdag 17 april 2026" in text


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_the_acceptance_letter_lists_the_schedule_in_local_time(fmt: str) -> None:
    accepted = CaseAccepted(
        case_id="case-001",
        case_title="Zonneweide Molenweg",
        cohort_id="lc-2026-1",
        format=ProgrammeFormat.LEERCASE,
        owner=OWNER,
        consent_to_share=True,
        decided_by="staff",
        decided_at=T0,
    )
    request = requests.acceptance_request(accepted, trajectory(), TODAY)
    text = EXTRACT[fmt](rendered(fmt, request).content)
    # 14:00 Amsterdam both before (9 March, UTC+1) and after (20 April, UTC+2) the DST switch.
    assert "maandag 9 maart 2026, 14:00–16:00 uur" in text
    assert "maandag 20 april 2026, 14:00–16:00 uur" in text
    assert "uiterlijk vrijdag 17 april 2026" in text
    assert "Anke Jansen en Pieter Smit" in text


def test_the_clarification_agenda_lists_the_participants_questions() -> None:
    questions = [
        OwnerQuestion(participant="Bo", text="Is er budget?", asked_at=T0 + dt.timedelta(hours=1)),
        OwnerQuestion(participant="Ali", text="Wie is eigenaar van de grond?", asked_at=T0),
    ]
    request = requests.agenda_request(trajectory(), 2, "Zonneweide", questions)
    text = EXTRACT["html"](HtmlRenderer().render(request).content)
    assert "Agenda stap 2: Verhelderingssessie" in text
    assert "maandag 16 maart 2026" in text
    assert text.index("Wie is eigenaar van de grond?") < text.index("Is er budget?")


@pytest.mark.parametrize("step", range(1, 7))
def test_every_step_of_the_leercase_has_an_agenda(step: int) -> None:
    request = requests.agenda_request(trajectory(), step, "Zonneweide")
    text = EXTRACT["html"](HtmlRenderer().render(request).content)
    assert f"Agenda stap {step}" in text
    assert "Wie is eigenaar" not in text


def test_the_planning_shows_eight_weeks_and_every_session_and_deliverable() -> None:
    request = requests.planning_request(trajectory(), "Zonneweide", TODAY)
    html = HtmlRenderer().render(request).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert [f"week {n}" in svg for n in range(1, 9)] == [True] * 8
    assert "week 9" not in svg
    for label in ("1. Startsessie", "5. Feedbacksessie", "Definitieve participatieaanpak"):
        assert label in svg
    assert svg.count("<circle") == 4
    text = EXTRACT["pdf"](rendered("pdf", request).content)
    assert "week 8" in text and "3. Relevant Gesprek-sessie" in text
