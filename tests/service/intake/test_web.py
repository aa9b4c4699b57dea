"""The form over HTTP: CSRF, honeypot, rate limit, errors with values kept; the owner's page."""

from __future__ import annotations

import datetime as dt
import logging
import re

import httpx
import pytest
from pymongo import AsyncMongoClient

from shared.contracts.scheduling import CohortPlanned
from shared.persistence.mongo import Document
from tests.service.intake.conftest import DECIDER, Bus
from tests.support.bus import EventSpy
from tests.support.waiting import wait_until_async
from tests.unit.intake.factories import cohort
from tests.unit.intake.form_data import filled_form


def _csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


async def _csrf(http: httpx.AsyncClient) -> str:
    page = await http.get("/aanmelden")
    assert page.status_code == 200
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match is not None
    return match.group(1)


async def test_form_submission_shows_due_date_and_a_working_owner_link(
    http: httpx.AsyncClient, spy: EventSpy, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = await _csrf(http)
    posted = await http.post("/aanmelden", data=filled_form(csrf_token=token))
    assert posted.status_code == 303  # POST-redirect-GET: a reload cannot submit it again
    assert posted.headers["location"].startswith("/aanmelden/ontvangen/")
    response = await http.get(posted.headers["location"])
    assert response.status_code == 200 and "Uw aanmelding is ontvangen" in response.text
    assert "maandag 9 maart 2026" in response.text
    reloaded = await http.get(posted.headers["location"])
    assert reloaded.text == response.text
    link = re.search(r'href="http://intake.test(/eigenaar/[^"]+)"', response.text)
    assert link is not None
    await spy.wait_for("case.screened")
    owner_page = await http.get(link.group(1))
    assert owner_page.status_code == 200
    assert "Nieuwe bestemming voor basisschool De Regenboog" in owner_page.text
    assert "maandag 9 maart 2026" in owner_page.text
    case_id = spy.events("case.screened")[0]["subject"]
    revoked = await http.post(f"/api/cases/{case_id}/owner-link/revoke", headers=DECIDER)
    assert revoked.json()["owner_link"]["active"] is False
    gone = await http.get(link.group(1))  # design.md: a revoked link's Dutch 410 page
    assert gone.status_code == 410 and "Deze link is verlopen" in gone.text
    fresh = await http.post(
        f"{link.group(1)}/nieuwe-link", data={"csrf_token": _csrf_of(gone.text)}
    )
    assert fresh.status_code == 410 and "Uw aanvraag is ontvangen" in fresh.text
    [asked] = await spy.wait_for("person.link_requested")
    assert asked["data"]["person_id"].startswith("owner-")
    assert (await http.get(posted.headers["location"])).status_code == 404
    assert (await http.get("/eigenaar/geraden-token")).status_code == 404
    assert len(spy.events("case.submitted")) == 1
    token = link.group(1).rsplit("/", 1)[1]
    leaks = {r.name for r in caplog.records if token in r.getMessage() + str(r.__dict__)}
    assert caplog.records and leaks <= {"httpx"}, leaks  # httpx: the test's own client


async def test_errors_rerender_with_values_kept_and_focus_on_the_first(
    http: httpx.AsyncClient,
) -> None:
    token = await _csrf(http)
    form = filled_form(csrf_token=token, owner_email="geen-adres", case_title="")
    response = await http.post("/aanmelden", data=form)
    assert response.status_code == 422
    assert 'value="Anne de Vries"' in response.text
    assert re.search(r'id="owner_email"[^>]*autofocus', response.text)
    assert 'href="#case_title"' in response.text


async def test_without_a_valid_csrf_token_nothing_is_stored(
    http: httpx.AsyncClient, mongo: AsyncMongoClient[Document], namespace: str
) -> None:
    await _csrf(http)
    response = await http.post("/aanmelden", data=filled_form(csrf_token="vervalst"))
    assert response.status_code == 400
    assert "sessie is verlopen" in response.text
    assert 'value="Anne de Vries"' in response.text
    assert await mongo[f"{namespace}samenspel_intake"]["cases"].count_documents({}) == 0


async def test_honeypot_is_thanked_but_not_stored_and_the_rate_limit_answers_429(
    http: httpx.AsyncClient, mongo: AsyncMongoClient[Document], namespace: str
) -> None:
    token = await _csrf(http)
    bot = await http.post("/aanmelden", data=filled_form(csrf_token=token, website="x"))
    assert bot.status_code == 200
    assert "Uw aanmelding is ontvangen" in bot.text
    assert await mongo[f"{namespace}samenspel_intake"]["cases"].count_documents({}) == 0
    for _ in range(2):  # the limit is 3 posts per window in these tests
        await http.post("/aanmelden", data=filled_form(csrf_token=token, website="x"))
    limited = await http.post("/aanmelden", data=filled_form(csrf_token=token))
    assert limited.status_code == 429
    assert "Probeer het over 10 minuten opnieuw" in limited.text


async def test_the_form_offers_upcoming_cohorts_and_serves_its_stylesheet(
    http: httpx.AsyncClient, bus: Bus
) -> None:
    await bus.publish(CohortPlanned(cohort=cohort()))
    await bus.publish(CohortPlanned(cohort=cohort(cohort_id="oud", start_date=dt.date(2026, 3, 1))))

    async def offered() -> bool:
        page = await http.get("/aanmelden")
        return "Leercase Challenge voorjaar 2026 (start 13 april 2026)" in page.text

    await wait_until_async(offered)
    page = await http.get("/aanmelden")
    assert 'value="oud"' not in page.text
    assert 'lang="nl"' in page.text
    css = await http.get("/static/intake.css")
    assert css.status_code == 200
