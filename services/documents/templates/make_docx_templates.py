"""Writes the Word templates (docxtpl) for the approach: `python -m ...make_docx_templates`.

The .docx output is committed next to this script; edit here, re-run, commit both. Every
table of the HTML is a real Word table here (header row repeated on each page), headings use
Word's heading styles (so the navigation pane lists them) and the footer numbers the pages.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
ACADEMY = "Relevant Gesprek® Academie"

INTRO = {
    "draft": "Dit is het concept van uw participatieaanpak. Wilt u het doorlezen en uw vragen"
    " en opmerkingen per onderdeel noteren? In de feedbacksessie bespreken wij ze met u.",
    "final": "Dit is de definitieve participatieaanpak: met wie, waarover en hoe u het gesprek"
    " met de omgeving aangaat. Achterin vindt u wat er is veranderd sinds het concept.",
}

CHANGES = [
    ("Heading 1", "Wat is er veranderd sinds het concept"),
    (None, "{%p for f in general_feedback %}"),
    (
        None,
        "Uw opmerking{% if f.label != 'Algemeen' %} bij „{{ f.label }}”{% endif %}:"
        " {{ f.comment }}",
    ),
    (None, "{%p endfor %}"),
    (None, "{%p for s in sections %}"),
    (None, "{%p for f in s.feedback %}"),
    (None, "Uw opmerking bij „{{ s.heading }}”: {{ f.comment }}"),
    (None, "{%p endfor %}"),
    (None, "{%p endfor %}"),
    (None, "{%p for ch in changes %}"),
    ("Heading 2", "{{ ch.title }}"),
    (None, "{%p for l in ch.lines %}"),
    (
        "List Bullet",
        "{{ 'Verwijderd' if l.op == 'removed' else 'Toegevoegd' }}: {{ l.text }}",
    ),
    (None, "{%p endfor %}"),
    (None, "{%p endfor %}"),
    (None, "{%p if not changes %}"),
    (None, "Er zijn sinds het concept geen wijzigingen aangebracht."),
    (None, "{%p endif %}"),
]


def _repeat_header(table: Table) -> None:
    """The first row is the table's header: Word repeats it on every page the table spans."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(doc: DocumentObject, header: list[str], rows: list[list[str]]) -> Table:
    """A grid table: a header row (or none when `header` is empty), then the given rows."""
    table: Table = doc.add_table(rows=len(rows) + (1 if header else 0), cols=len(header or rows[0]))
    table.style = "Table Grid"
    if header:
        for i, text in enumerate(header):
            cell = table.cell(0, i)
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        _repeat_header(table)
    offset = 1 if header else 0
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r + offset, c).text = text
    return table


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _footer(doc: DocumentObject) -> None:
    footer = doc.sections[0].footer
    footer.paragraphs[0].text = "{{ title }}"
    numbers = footer.add_paragraph("Pagina ")
    _field(numbers, "PAGE")
    numbers.add_run(" van ")
    _field(numbers, "NUMPAGES")


def _sections(doc: DocumentObject) -> None:
    """Each section as the HTML shows it: texts under headings, lists as tables."""
    p = doc.add_paragraph
    p("{%p for s in sections %}")
    doc.add_heading("{{ loop.index }}. {{ s.heading }}", level=1)
    p("{%p set c = s.content %}")
    p("{%p if c is none %}")
    p("Nog niet ingevuld.")
    p("{%p elif s.key == 'participation_question' %}")
    doc.add_heading("Participatievraag", level=2)
    p("{{ c.question }}")
    doc.add_heading("Het vraagstuk erachter", level=2)
    p("{{ c.issue }}")
    p("{%p if c.goal %}")
    doc.add_heading("Doel", level=2)
    p("{{ c.goal }}")
    p("{%p endif %}")
    p("{%p elif s.key == 'stakeholders' %}")
    _table(
        doc,
        ["Wie", "Mate van invloed", "Hoe bereiken we hen"],
        [
            ["{%tr for g in c.items %}", "", ""],
            [
                "{{ g.name }} ({{ g.kind_label }}{% if g.interest %}; belang: {{ g.interest }}"
                "{% endif %})",
                "{{ g.influence.label }}",
                "{{ g.reach }}",
            ],
            ["{%tr endfor %}", "", ""],
        ],
    )
    p("{%p elif s.key == 'conversations' %}")
    p("{%p for g in c.items %}")
    doc.add_heading("{{ g.title }}", level=2)
    _table(
        doc,
        [],
        [
            ["Programma", "{{ g.programme }}"],
            ["Praatstuk", "{{ g.talking_piece }}"],
            ["Werkvorm", "{{ g.working_form }}"],
            ["Taakverdeling", "{{ g.division_of_tasks }}"],
        ],
    )
    p("{%p endfor %}")
    p("{%p elif s.key == 'planning' %}")
    _table(
        doc,
        ["Wanneer", "Wat"],
        [
            ["{%tr for m in c.items %}", ""],
            ["{{ m.period }}", "{{ m.activity }}"],
            ["{%tr endfor %}", ""],
        ],
    )
    p("{%p elif s.key == 'time_and_money' %}")
    doc.add_heading("Benodigde tijd", level=2)
    p("{{ c.time_needed }}")
    p("{%p if c.budget %}")
    _table(
        doc,
        ["Post", "Bedrag"],
        [
            ["{%tr for b in c.budget %}", ""],
            ["{{ b.item }}", "{{ b.amount_eur_cents|bedrag }}"],
            ["{%tr endfor %}", ""],
            ["Totaal", "{{ c.total_eur_cents|bedrag }}"],
        ],
    )
    p("{%p endif %}")
    p("{%p if c.approved_by %}")
    p("Goedkeuring vooraf door: {{ c.approved_by }}")
    p("{%p endif %}")
    p("{%p elif s.key == 'roles' %}")
    _table(
        doc,
        ["Rol", "Wie"],
        [
            [
                "Inhoudelijk verantwoordelijk",
                "{% if c.content_owner %}{{ c.content_owner.name }}{% if c.content_owner.task %}"
                " ({{ c.content_owner.task }}){% endif %}{% endif %}",
            ],
            [
                "Procesverantwoordelijk",
                "{% if c.process_owner %}{{ c.process_owner.name }}{% if c.process_owner.task %}"
                " ({{ c.process_owner.task }}){% endif %}{% endif %}",
            ],
            ["{%tr for r in c.others %}", ""],
            ["{{ r.task or 'Overige rol' }}", "{{ r.name }}"],
            ["{%tr endfor %}", ""],
        ],
    )
    p("{%p elif s.key == 'interpretation' %}")
    doc.add_heading("Hoe duiden we de resultaten", level=2)
    p("{{ c.interpretation }}")
    doc.add_heading("Hoe koppelen we terug aan de deelnemers", level=2)
    p("{{ c.feedback_to_participants }}")
    p("{%p endif %}")
    p("{%p endfor %}")


def build(kind: str) -> None:
    doc = Document()
    properties = doc.core_properties
    properties.author = properties.last_modified_by = ACADEMY
    properties.language = "nl-NL"
    properties.comments = ""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(22), Mm(24)
    _footer(doc)

    doc.add_heading("{{ title }}", level=0)
    doc.add_paragraph(
        "Versie {{ version }} ({{ kind_label }}) · {{ issued_on|datum }}"
        "{% if owner %} · case-eigenaar: {{ owner.name }}{% endif %}"
    )
    doc.add_paragraph(INTRO[kind])
    _sections(doc)
    if kind == "final":
        for style, text in CHANGES:
            if style and style.startswith("Heading"):
                doc.add_heading(text, level=int(style[-1]))
            else:
                doc.add_paragraph(text, style=style)

    doc.add_heading("Bijlage: de 10 uitvoeringsstappen", level=1)
    doc.add_paragraph(
        "Na deze aanpak volgt de uitvoering. Per stap staat hier wat voor deze case al bekend is."
    )
    _table(
        doc,
        ["Stap", "Voor deze case"],
        [
            ["{%tr for a in annex %}", ""],
            [
                "{{ a.number }}. {{ a.title }}",
                "{% if a.note %}{{ a.note }}{% elif a.see %}Zie het onderdeel „{{ a.see }}”."
                "{% else %}Nog in te vullen.{% endif %}",
            ],
            ["{%tr endfor %}", ""],
        ],
    )
    doc.save(str(HERE / f"approach_{kind}.docx"))


if __name__ == "__main__":
    for kind in ("draft", "final"):
        build(kind)
