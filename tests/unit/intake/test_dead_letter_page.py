"""The console's dead-letter page: Dutch reasons for what was set aside, who did not answer."""

from __future__ import annotations

import pytest

from services.intake.adapters.dead_letters import DeadLetter
from services.intake.adapters.set_aside_client import FakeSetAside, SetAsideTokenRefused
from services.intake.web.console.console_set_aside import token_refusal
from services.intake.web.templating import JinjaRenderer
from shared.set_aside_wording import UNROUTABLE
from shared.web_security import path_segment

pytestmark = pytest.mark.unit
LETTER = DeadLetter("documents", "ev-9", "draft.delivered", "no such case", "1", "2026", "{}")


async def test_the_page_gives_each_set_aside_reason_in_dutch_and_names_a_silent_service() -> None:
    scheduling = FakeSetAside("scheduling")
    scheduling.add("timer", "reminder:s1", "session.reminder_due", 5, "KeyError: 'session'")
    scheduling.add("event", "ev-2", "case.accepted", 5, "Unroutable: no queue is bound for x")
    context = {
        "member": None,
        "csrf_token": "t",
        "melding": None,
        "fout": None,
        "queues": {"documents": [LETTER]},
        "onbezorgbaar": {},
        "apart": await scheduling.items(),
        "apart_onbereikbaar": ["notifications"],
        "apart_geweigerd": [token_refusal("documents", SetAsideTokenRefused(401))],
    }
    html = JinjaRenderer().render("console/wachtrijen.html", context)
    assert html.count("<h1>Foutberichten</h1>") == 1 and len(html) < 20_000
    assert "5 keer achter elkaar, omdat gegevens ontbreken" in html and UNROUTABLE in html
    assert "Technische melding voor de beheerder" in html
    assert f"/medewerker/wachtrijen/apart/scheduling/{path_segment('reminder:s1')}/opnieuw" in html
    assert "De dienst Berichten gaf nu geen antwoord" in html
    assert "De dienst Documenten draait, maar weigert het verzoek" in html
    assert "De dienst Documenten gaf nu geen antwoord" not in html
    assert "no such case" in html  # the reason, as the service gave it
    # what each is, in Dutch; the key only in the operator's technical detail
    assert "concept-participatieaanpak ingeleverd" in html and "draft.delivered" not in html
    assert "geplande actie: herinnering bijeenkomst</strong>" in html
    assert "bericht: casus toegelaten</strong>" in html
