"""Members' topics for a network meeting: proposed, supported, most supported first."""

from __future__ import annotations

import datetime as dt

import pytest

from services.documents.adapters.html_renderer import HtmlRenderer
from services.documents.domain.meeting_topics import TopicRefused, propose, support
from services.documents.service_layer import requests
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import SessionReminderDue
from tests.unit.documents.extract import EXTRACT
from tests.unit.documents.test_every_format import _session

pytestmark = pytest.mark.unit
T0 = dt.datetime(2027, 9, 1, 8, 0, tzinfo=dt.UTC)


def test_members_propose_and_support_and_the_agenda_lists_the_most_supported_first() -> None:
    topics = propose([], "participant-a", "Anna", "Jongeren  betrekken", T0)
    topics = propose(topics, "participant-b", "Bert", "Participatie en de raad", T0)
    topics = support(topics, "t2", "participant-a")
    assert support(topics, "t2", "participant-a") == topics  # a second time changes nothing
    with pytest.raises(TopicRefused) as same:
        propose(topics, "participant-c", "Chris", "jongeren betrekken", T0)
    assert same.value.field == "title"
    with pytest.raises(TopicRefused) as unknown:
        support(topics, "t9", "participant-c")
    assert unknown.value.field == "topic_id"
    for n in range(2):
        topics = propose(topics, "participant-a", "Anna", f"Onderwerp {n}", T0)
    with pytest.raises(TopicRefused, match="3 onderwerpen"):
        propose(topics, "participant-a", "Anna", "Nog een", T0)

    reminder = SessionReminderDue(
        cohort_id="ln", cohort_title="Jaargang 2027", format=ProgrammeFormat.LEREND_NETWERK,
        session=_session(1, "Bijeenkomst"),
    )  # fmt: skip
    request = requests.session_agenda_request(reminder, topics)
    assert request is not None
    text = EXTRACT["html"](HtmlRenderer().render(request).content)
    assert "Onderwerpen van de leden" in text
    first = text.index("Participatie en de raad (voorgesteld door Bert; 2 leden steunen dit)")
    assert first < text.index("Jongeren betrekken (voorgesteld door Anna; 1 lid steunt dit)")
