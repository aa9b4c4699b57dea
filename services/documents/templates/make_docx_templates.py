"""Writes the Word templates (docxtpl) for the approach: `python -m ...make_docx_templates`.

The .docx output is committed next to this script; edit here, re-run, commit both.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Mm

HERE = Path(__file__).resolve().parent

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


def build(kind: str) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(22), Mm(24)
    section.footer.paragraphs[0].text = "{{ title }}"

    doc.add_heading("{{ title }}", level=0)
    doc.add_paragraph(
        "Versie {{ version }} ({{ kind_label }}) · {{ issued_on|datum }}"
        "{% if owner %} · case-eigenaar: {{ owner.name }}{% endif %}"
    )
    doc.add_paragraph(INTRO[kind])
    doc.add_paragraph("{%p for s in sections %}")
    doc.add_heading("{{ loop.index }}. {{ s.heading }}", level=1)
    doc.add_paragraph("{%p for line in s.lines %}")
    doc.add_paragraph("{{ line }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if not s.lines %}")
    doc.add_paragraph("Nog niet ingevuld.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
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
    table = doc.add_table(rows=4, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text, table.cell(0, 1).text = "Stap", "Voor deze case"
    table.cell(1, 0).text = "{%tr for a in annex %}"
    table.cell(2, 0).text = "{{ a.number }}. {{ a.title }}"
    table.cell(2, 1).text = (
        "{% if a.note %}{{ a.note }}{% elif a.see %}Zie het onderdeel „{{ a.see }}”."
        "{% else %}Nog in te vullen.{% endif %}"
    )
    table.cell(3, 0).text = "{%tr endfor %}"
    doc.save(str(HERE / f"approach_{kind}.docx"))


if __name__ == "__main__":
    for kind in ("draft", "final"):
        build(kind)
