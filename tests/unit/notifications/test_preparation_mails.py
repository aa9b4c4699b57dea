"""Learners who filled in nothing are reminded of their preparation, by name of the case."""

from __future__ import annotations

import pytest

from services.notifications.service_layer.samples import sample_event
from tests.unit.notifications.composed import UUID, mails_for

pytestmark = pytest.mark.unit


async def test_only_the_unprepared_learner_is_reminded_with_their_page_and_the_session() -> None:
    mails = [m for m in await mails_for(sample_event("preparation.reminder_due")) if m.text]
    [mail] = mails
    assert mail.planned.recipient.address == "sanne.jansen@example.org"
    assert mail.message["Subject"] == 'Uw voorbereiding voor "Zonneweide Hoge Veld"'
    assert "Verhelderingssessie (stap 2)" in mail.text and "sleutels" in mail.text
    assert mail.page_person()  # their own page, where the questionnaire is
    words = mail.words()
    assert not UUID.search(words) and "preparation" not in words.lower()
