"""Documents a municipality can use: Word tables and properties, tagged PDF (PDF/UA)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections import Counter
from typing import Any

import docx
import pikepdf
import pytest

from services.documents.adapters.docx_renderer import DocxRenderer
from services.documents.adapters.html_renderer import HtmlRenderer
from services.documents.domain.approach import DeliveryKind
from services.documents.domain.sections import SectionKey
from services.documents.service_layer import requests
from tests.unit.documents.extract import EXTRACT
from tests.unit.documents.rendered import rendered
from tests.unit.documents.samples import trajectory
from tests.unit.documents.test_renderers import TODAY, _delivered

pytestmark = pytest.mark.unit

MADE_AT = dt.datetime(2026, 4, 17, 9, 30, tzinfo=dt.UTC)


def _final_request() -> Any:
    _, request = _delivered(DeliveryKind.FINAL)
    return dataclasses.replace(request, made_at=MADE_AT)


def test_the_docx_keeps_every_table_as_a_word_table_with_a_repeated_header() -> None:
    document = docx.Document(io.BytesIO(DocxRenderer().render(_final_request()).content))
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["Wie", "Mate van invloed", "Hoe bereiken we hen"] in headers
    assert ["Wanneer", "Wat"] in headers
    assert ["Post", "Bedrag"] in headers
    assert ["Stap", "Voor deze case"] in headers
    stakeholders = next(t for t in document.tables if t.rows[0].cells[0].text == "Wie")
    assert len(stakeholders.rows) > 2  # one row per stakeholder, not lines of text
    assert len(stakeholders.columns) == 3
    annex = next(t for t in document.tables if t.rows[0].cells[0].text == "Stap")
    assert len(annex.rows) == 11  # header + the 10 execution steps
    header_xml = stakeholders.rows[0]._tr.xml
    assert "w:tblHeader" in header_xml
    assert not any("{%" in c.text or "{{" in c.text for t in document.tables for c in t._cells)


def test_the_docx_names_its_title_author_dates_and_language() -> None:
    document = docx.Document(io.BytesIO(DocxRenderer().render(_final_request()).content))
    properties = document.core_properties
    assert properties.title == "Participatieaanpak (definitief): Zonneweide Molenweg"
    assert properties.author == "Relevant Gesprek® Academie"
    assert properties.last_modified_by == "Relevant Gesprek® Academie"
    assert properties.created == MADE_AT
    assert properties.modified == MADE_AT
    assert properties.language == "nl-NL"


def test_the_docx_headings_are_word_headings_and_its_pages_are_numbered() -> None:
    document = docx.Document(io.BytesIO(DocxRenderer().render(_final_request()).content))
    headings = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 1"]
    for key in SectionKey:
        if key is SectionKey.EXECUTION_STEPS:
            continue
        assert any(key.heading in h for h in headings), key.heading
    assert "Wat is er veranderd sinds het concept" in headings
    assert "Bijlage: de 10 uitvoeringsstappen" in headings
    footer = document.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer


def _structure(pdf: pikepdf.Pdf) -> tuple[Counter[str], list[pikepdf.Dictionary]]:
    """Counts of structure element types, and the elements themselves, in document order."""
    counts: Counter[str] = Counter()
    elements: list[pikepdf.Dictionary] = []

    def walk(node: Any) -> None:
        if not isinstance(node, pikepdf.Dictionary):
            return
        if "/S" in node:
            counts[str(node.S)] += 1
            elements.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return counts, elements


def test_the_pdf_is_tagged_with_headings_table_headers_language_and_title() -> None:
    rendition = rendered("pdf", _final_request())
    pdf = pikepdf.open(io.BytesIO(rendition.content))
    assert str(pdf.Root.Lang) == "nl"
    assert bool(pdf.Root.MarkInfo.Marked)
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
    assert str(pdf.docinfo["/Title"]) == "Participatieaanpak (definitief): Zonneweide Molenweg"
    assert str(pdf.docinfo["/Author"]) == "Relevant Gesprek® Academie"
    assert "pdfuaid" in pdf.open_metadata().__str__() or "/Metadata" in pdf.Root
    counts, _ = _structure(pdf)
    assert counts["/H1"] == 1
    section_headings = len([k for k in SectionKey if k is not SectionKey.EXECUTION_STEPS])
    assert counts["/H2"] >= section_headings + 1  # every section, the changes, the annex
    assert counts["/Table"] >= 5 and counts["/TH"] >= counts["/Table"]
    assert counts["/THead"] >= 4  # column headers repeat on each page, never orphaned


@pytest.mark.parametrize(
    "request_for",
    [
        lambda: requests.planning_request(trajectory(), "Zonneweide", TODAY),
        lambda: requests.agenda_request(trajectory(), 3, "Zonneweide"),
    ],
)
def test_letters_agendas_and_the_planning_are_tagged_too(request_for: Any) -> None:
    pdf = pikepdf.open(io.BytesIO(rendered("pdf", request_for()).content))
    counts, _ = _structure(pdf)
    assert str(pdf.Root.Lang) == "nl"
    assert counts["/H1"] == 1 and counts["/TH"] >= 1
    assert str(pdf.docinfo["/Title"])


def test_a_moved_session_says_why_once() -> None:
    base = trajectory()
    moved = base.sessions[0].model_copy(
        update={
            "moved_reason": "Verplaatst: maandag 6 april 2026 is een feestdag (Tweede paasdag)."
        }
    )
    plan = base.model_copy(update={"sessions": [moved, *base.sessions[1:]]})
    text = EXTRACT["html"](
        HtmlRenderer().render(requests.planning_request(plan, "Zonneweide", TODAY)).content
    )
    assert "Verplaatst: maandag 6 april 2026 is een feestdag (Tweede paasdag)." in text
    assert "Verplaatst: Verplaatst" not in text and "verplaatst: Verplaatst" not in text
