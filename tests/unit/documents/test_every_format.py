"""Letters and agendas in every format's own words, and what documents.ready tells notifications."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from services.documents.adapters.html_renderer import HtmlRenderer
from services.documents.domain.documents import DocumentRecord
from services.documents.service_layer import requests
from services.documents.service_layer.readiness import ready_documents
from shared.contracts.base import Contact, ProgrammeFormat
from shared.contracts.documents import DocumentKind
from shared.contracts.intake import Alternative, CaseAccepted, CaseRejected
from shared.contracts.scheduling import AttendeeRole, SessionInfo, SessionReminderDue
from tests.unit.documents.extract import EXTRACT
from tests.unit.documents.samples import OWNER, T0
from tests.unit.documents.test_renderers import TODAY

pytestmark = pytest.mark.unit
AMS = ZoneInfo("Europe/Amsterdam")


def _session(step: int, name: str, **extra: object) -> SessionInfo:
    return SessionInfo.model_validate(
        {
            "session_id": f"s-{step}",
            "step": step,
            "name": name,
            "starts_at": dt.datetime(2026, 4, 16, 12, 0, tzinfo=AMS),
            "ends_at": dt.datetime(2026, 4, 16, 17, 0, tzinfo=AMS),
            "timezone": "Europe/Amsterdam",
            "online": False,
            "location": "Utrecht",
            **extra,
        }
    )


def _agenda_text(fmt: ProgrammeFormat, session: SessionInfo) -> str:
    reminder = SessionReminderDue(
        cohort_id="c-1", cohort_title="Voorjaar 2026", format=fmt, session=session
    )
    request = requests.session_agenda_request(reminder)
    assert request is not None
    return EXTRACT["html"](HtmlRenderer().render(request).content)


def test_a_leeratelier_round_has_its_homework_and_guide_steps() -> None:
    session = _session(
        2,
        "Beleid en instrumenten",
        homework="Neem de huidige participatieverordening mee.",
        guide_steps=[4, 5],
    )
    text = _agenda_text(ProgrammeFormat.LEERATELIER, session)
    assert "Agenda ronde 2: Beleid en instrumenten" in text
    assert "Het leeratelier „Voorjaar 2026”" in text
    assert "Uit de handreiking stap 4 en 5" in text
    assert "Huiswerk voor deze ronde Neem de huidige participatieverordening mee." in text
    assert "donderdag 16 april 2026" in text and "12:00–17:00 uur" in text


def test_a_leergang_day_is_a_lesdag_with_its_theme() -> None:
    text = _agenda_text(
        ProgrammeFormat.LEERGANG, _session(3, "Samenwerken", theme="Loslaten en aansluiten")
    )
    assert "Agenda dag 3: Samenwerken" in text
    assert "Het thema van vandaag: Loslaten en aansluiten" in text
    assert "volgende lesdag" in text
    assert "stap" not in text.lower().replace("stappen", "")  # never the leercase's steps


def test_a_network_meeting_names_its_host_and_an_online_training_its_link() -> None:
    meeting = _agenda_text(
        ProgrammeFormat.LEREND_NETWERK, _session(4, "Intervisie", host="Gemeente Gent")
    )
    assert "Agenda bijeenkomst 4: Intervisie" in meeting and "Te gast bij Gemeente Gent" in meeting
    training = _agenda_text(
        ProgrammeFormat.E_LEARNING,
        _session(1, "Live training", online=True, meeting_url="https://meet.example.org/t1"),
    )
    assert "Agenda online training: Live training" in training
    assert "Online: https://meet.example.org/t1" in training


def test_the_leercase_has_no_cohort_agenda_its_steps_have_their_own() -> None:
    reminder = SessionReminderDue(cohort_id="lc", session=_session(1, "Startsessie"))
    assert requests.session_agenda_request(reminder) is None


@pytest.mark.parametrize(
    ("fmt", "words"),
    [
        (ProgrammeFormat.LEERCASE, "geselecteerd voor de Leercase Challenge"),
        (ProgrammeFormat.LEERGANG, "geselecteerd voor de leergang"),
        (ProgrammeFormat.LEERATELIER, "geselecteerd voor het leeratelier"),
    ],
)
def test_the_acceptance_letter_speaks_the_formats_words(fmt: ProgrammeFormat, words: str) -> None:
    accepted = CaseAccepted(
        case_id="case-1",
        case_title="Buurtpark Oost",
        cohort_id="c-1",
        format=fmt,
        owner=OWNER,
        consent_to_share=True,
        decided_by="staff",
        decided_at=T0,
    )
    text = EXTRACT["html"](
        HtmlRenderer().render(requests.acceptance_request(accepted, None, TODAY)).content
    )
    assert words in text
    noun = {"leercase": "sessie", "leergang": "lesdag", "leeratelier": "ronde"}[fmt.value]
    assert f"bij elke {noun} aanwezig" in text
    assert ("acht weken" in text) is (fmt is ProgrammeFormat.LEERCASE)


def test_an_alternative_without_a_link_names_the_programme_office() -> None:
    rejected = CaseRejected(
        case_id="case-2",
        case_title="Nieuwe wijk",
        owner=OWNER,
        reason="Te groot.",
        alternatives=[
            Alternative(code="a", title="E-learning", url="https://example.nl/e"),
            Alternative(code="b", title="Leergang"),
        ],
        decided_by="staff",
        decided_at=T0,
    )
    office = Contact(name="Programmabureau Samenspel", email="bureau@samenspel.example")
    text = EXTRACT["html"](
        HtmlRenderer().render(requests.rejection_request(rejected, TODAY, office)).content
    )
    assert "E-learning Meer informatie: https://example.nl/e" in text
    assert "Leergang Meer weten? Neem contact op met het programmabureau:" in text
    assert "bureau@samenspel.example" in text


def _record(kind: str, version: int, fmt: str, file_id: str) -> DocumentRecord:
    return DocumentRecord(
        id=file_id,
        case_id="case-1",
        kind=kind,
        version=version,
        format=fmt,
        title=f"Titel {kind}",
        filename=f"{kind}.{fmt}",
        content_type="application/pdf" if fmt == "pdf" else "text/html; charset=utf-8",
        sha256="0" * 64,
        size=1,
        created_at=T0,
    )


def test_ready_documents_group_formats_per_version_and_keep_the_briefing_for_coaches() -> None:
    records = [
        _record("agenda-step-3", 2, "html", "a"),
        _record("agenda-step-3", 2, "pdf", "b"),
        _record("briefing", 1, "html", "c"),
        _record("briefing", 1, "pdf", "d"),
        _record("approach", 1, "pdf", "e"),  # the approach travels with draft/final events
    ]
    ready = ready_documents("https://documenten.example.org", records)
    assert [(d.kind, d.version, [x.format for x in d.downloads]) for d in ready] == [
        (DocumentKind.AGENDA, 2, ["html", "pdf"]),
        (DocumentKind.BRIEFING, 1, ["html", "pdf"]),
    ]
    assert ready[0].for_roles == [] and ready[1].for_roles == [AttendeeRole.COACH]
    assert ready[0].downloads[1].url == "https://documenten.example.org/api/documents/b"
