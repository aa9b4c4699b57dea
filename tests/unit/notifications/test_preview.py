"""Every routed template renders for its sample event, for every recipient it reaches."""

from pathlib import Path

import pytest

from services.notifications.adapters.templates import JinjaRenderer
from services.notifications.domain.planning import plan_notifications
from services.notifications.domain.routing import parse_routing_table
from services.notifications.service_layer.preview import (
    SAMPLE_STAFF,
    preview,
    template_context,
)
from services.notifications.service_layer.samples import SAMPLE_ROUTING_KEYS, sample_event

pytestmark = pytest.mark.unit

TABLE = parse_routing_table(Path("services/notifications/routing.toml").read_text())
RENDERER = JinjaRenderer()


def test_there_is_a_sample_event_for_every_routed_event() -> None:
    assert TABLE.routing_keys() <= SAMPLE_ROUTING_KEYS


@pytest.mark.parametrize("routing_key", sorted(TABLE.routing_keys()))
def test_every_planned_notification_renders_personally(routing_key: str) -> None:
    event = sample_event(routing_key)
    planned = plan_notifications(event, TABLE, SAMPLE_STAFF)
    assert planned
    for notification in planned:
        context = template_context(event, notification, sender_name="Bureau", links={})
        rendered = RENDERER.render(notification.template, context)
        assert rendered.subject and "\n" not in rendered.subject
        assert f"Beste {notification.recipient.name}" in rendered.text
        assert f"Beste {notification.recipient.name}" in rendered.html
        assert "None" not in rendered.text + rendered.subject


def test_a_session_mail_shows_the_local_start_time() -> None:
    rendered = preview("session_scheduled", TABLE, RENDERER)
    assert rendered.subject == (
        "Uitnodiging: Startsessie (stap 1) – Zonneweide Hoge Veld op maandag 9 maart 2026 om 14:00"
    )
    assert "maandag 9 maart 2026 om 14:00 tot 16:00" in rendered.text


def test_a_rejection_names_the_reason_and_the_alternatives() -> None:
    rendered = preview("case_rejected_owner", TABLE, RENDERER)
    assert "over vier weken" in rendered.text
    assert "E-learning met live training" in rendered.text
    assert 'href="https://academie.example.org/e-learning"' in rendered.html


def test_the_draft_mail_links_to_the_feedback_page() -> None:
    rendered = preview("draft_delivered_owner", TABLE, RENDERER)
    assert rendered.subject == 'Concept participatieaanpak voor "Zonneweide Hoge Veld" (versie 1)'
    assert "https://samenspel.example.org/mijn/voorbeeld/feedback" in rendered.text
    assert 'href="https://samenspel.example.org/mijn/voorbeeld/feedback"' in rendered.html


def test_the_coaches_read_the_owners_feedback_per_section_by_its_dutch_title() -> None:
    rendered = preview("feedback_submitted_coaches", TABLE, RENDERER)
    assert rendered.subject == (
        'Feedback van de case-eigenaar op "Zonneweide Hoge Veld" (versie 1)'
    )
    assert "Betrokkenen en publieksgroepen:\nVergeet de basisschool niet." in rendered.text
    assert "Planning:\nLiever na de zomer." in rendered.text
    assert "Algemene opmerking:\nMooi concept, dank u wel." in rendered.text
    assert "stakeholders" not in rendered.text + rendered.html


def test_a_non_essential_preview_shows_the_unsubscribe_link() -> None:
    rendered = preview("session_reminder", TABLE, RENDERER)
    assert "afmelden/voorbeeld" in rendered.text


def test_previewing_an_unknown_template_says_so() -> None:
    with pytest.raises(KeyError, match="no route"):
        preview("does_not_exist", TABLE, RENDERER)
