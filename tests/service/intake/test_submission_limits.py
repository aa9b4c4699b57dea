"""A burst of submissions naming one address mails it a few receipts, never more (issue 16)."""

from __future__ import annotations

import re

import httpx
from pymongo import AsyncMongoClient

from shared.persistence.mongo import Document
from tests.support.cases import submission
from tests.unit.intake.form_data import filled_form


async def test_a_sixth_case_for_one_owner_address_within_the_hour_is_refused_on_api_and_form(
    http: httpx.AsyncClient, mongo: AsyncMongoClient[Document], namespace: str
) -> None:
    victim = "iemand.anders@example.nl"
    for n in range(5):  # OWNER_SUBMISSIONS_PER_HOUR: 5 by default
        body = submission(title=f"Case {n}", email=victim)
        assert (await http.post("/api/cases", json=body)).status_code == 201
    shouted = submission(title="Nog een", email="Iemand.Anders@example.nl")
    refused = await http.post("/api/cases", json=shouted)
    assert refused.status_code == 429
    assert refused.json()["detail"][0]["field"] == "owner.email"
    page = await http.get("/aanmelden")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    form = filled_form(csrf_token=token.group(1))
    form["owner_email"] = victim
    by_form = await http.post("/aanmelden", data=form)
    assert by_form.status_code == 429
    assert "al meerdere cases aangemeld" in by_form.text and "ontvangstbevestiging" in by_form.text
    cases = mongo[f"{namespace}samenspel_intake"]["cases"]
    assert await cases.count_documents({}) == 5, "the refused ones stored nothing"
    other = submission(title="Eigen case", email="kees@example.nl")
    assert (await http.post("/api/cases", json=other)).status_code == 201
