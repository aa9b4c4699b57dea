"""The approach on a learner's or coach's page: which fields a section's form has, in Dutch.

Free-text fields are written on the page; lists (stakeholders, conversations, planning, roles,
budget) are shown as they stand and kept when a section is saved.
"""

from __future__ import annotations

from typing import Any

from services.intake.adapters.approach_client import ApproachView, Section

TEXT_FIELDS: dict[str, list[tuple[str, str]]] = {
    "participation_question": [
        ("question", "De participatievraag"),
        ("issue", "Het vraagstuk erachter"),
        ("goal", "Wat het gesprek moet opleveren"),
    ],
    "time_and_money": [
        ("time_needed", "De tijd die nodig is"),
        ("approved_by", "Wie tijd en geld goedkeurt"),
    ],
    "interpretation": [
        ("interpretation", "Hoe de opbrengst wordt geduid"),
        ("feedback_to_participants", "Hoe de deelnemers horen wat ermee gebeurt"),
    ],
}
KIND_TEXT = {"draft": "het concept", "final": "de definitieve participatieaanpak"}


def _shown(value: Any) -> str:
    """A stored value as a line a person reads (lists of items one per line)."""
    if isinstance(value, list):
        return "\n".join(_shown(item) for item in value)
    if isinstance(value, dict):
        parts = [_shown(v) for v in value.values() if v not in (None, "", [], False)]
        return " · ".join(p for p in parts if p)
    return "" if value in (None, False) else str(value)


def section_card(section: Section, values: dict[str, str]) -> dict[str, object]:
    """A section's heading, version, editable fields (with what is stored or was typed)."""
    content = section.content or {}
    fields = [
        {
            "name": name,
            "label": label,
            "value": values.get(f"{section.key}.{name}", str(content.get(name, "") or "")),
        }
        for name, label in TEXT_FIELDS.get(section.key, [])
    ]
    listed = [
        _shown(v)
        for k, v in content.items()
        if k != "kind" and k not in dict(TEXT_FIELDS.get(section.key, []))
    ]
    return {
        "key": section.key,
        "heading": section.heading,
        "required": section.required,
        "version": section.version,
        "fields": fields,
        "listed": [line for line in listed if line],
    }


def approach_context(approach: ApproachView, values: dict[str, str]) -> dict[str, object]:
    return {
        "case_title": approach.title,
        "sections": [section_card(s, values) for s in approach.sections],
        "delivered": [(v, KIND_TEXT.get(k, k)) for v, k in approach.delivered],
        "next_kind": "final" if any(k == "draft" for _, k in approach.delivered) else "draft",
        "done": any(k == "final" for _, k in approach.delivered),
    }


def content_from_form(section: Section, posted: dict[str, str]) -> dict[str, Any]:
    """The section as stored, with the page's text fields replacing their old values."""
    content = {k: v for k, v in (section.content or {}).items() if k != "kind"}
    for name, _label in TEXT_FIELDS.get(section.key, []):
        content[name] = posted.get(name, "").strip()[:10_000]
    return content
