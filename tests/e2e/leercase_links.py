"""A leercase after its sessions: draft, the owner's feedback from the mail, every link opened."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import httpx

from shared.capabilities import PERSON_PAGE, CapabilitySigner
from tests.e2e.links import (
    FILES,
    check_mails_read_as_people_read,
    inhuman,
    open_every_link,
)
from tests.e2e.mailbook import Mail
from tests.e2e.programme import AUTH, CSRF, PAGE_LINK, WAIT, Programme
from tests.support.waiting import wait_until, wait_until_async
from tests.unit.documents.extract import EXTRACT, html_text
from tests.unit.documents.samples import full_sections

CASE = "Zonneweide Hoge Veld"
DRAFT = f'Concept participatieaanpak voor "{CASE}"'
FEEDBACK = f'Feedback van de case-eigenaar op "{CASE}"'


def first(programme: Programme, address: str, prefix: str) -> Mail:
    [mail, *_] = [m for m in programme.book.to(address) if m.subject.startswith(prefix)]
    return mail


async def write_and_release_the_draft(programme: Programme, case_id: str) -> None:
    """A learner writes the participation question on their page (the other sections through
    documents' API, for brevity), then one of the case's coaches releases it from theirs."""
    async with programme.http("documents") as http:
        for content in full_sections()[1:]:
            answer = await http.put(
                f"/api/cases/{case_id}/approach/sections/{content.kind}",
                json=content.model_dump(mode="json"),
                headers={**AUTH, "If-Match": '"0"'},
            )
            assert answer.status_code == 200, answer.text
    [learner, *_] = [
        m for m in programme.book.mails if m.subject == f'U werkt aan de case "{CASE}"'
    ]
    question = full_sections()[0].model_dump(mode="json")
    fields = {k: v for k, v in question.items() if k in ("question", "issue", "goal")}
    written = await _on_the_approach_page(
        programme, learner, case_id, "onderdeel/participation_question", fields
    )
    assert "Het onderdeel is opgeslagen." in written
    coach = next(
        m
        for m in programme.book.mails
        if m.subject.startswith(f'Planning van de leercase "{CASE}"') and "coach" in m.to
    )
    released = await _on_the_approach_page(programme, coach, case_id, "vrijgeven/draft", {})
    assert "Vrijgegeven: de case-eigenaar ontvangt de versie per e-mail." in released


async def _on_the_approach_page(
    programme: Programme, mail: Mail, case_id: str, action: str, fields: dict[str, str]
) -> str:
    """Open the approach from the page link in the mail, post one of its forms, the next page."""
    page = PAGE_LINK.search(mail.text)
    assert page, mail.subject
    async with httpx.AsyncClient(timeout=30) as browser:
        mine = await browser.get(page.group(1))
        assert f"/aanpak/{case_id}" in mine.text, mine.text
        url = f"{page.group(1)}/aanpak/{case_id}"
        form = await browser.get(url)
        token = CSRF.search(form.text)
        assert form.status_code == 200 and token, form.text
        sent = await browser.post(f"{url}/{action}", data={"csrf_token": token.group(1), **fields})
        assert sent.status_code == 303, sent.text
        after = await browser.get(str(httpx.URL(url).join(sent.headers["location"])))
        return after.text


async def feedback_from_the_mail(programme: Programme, owner: str) -> str:
    """The owner opens the draft mail's feedback link and sends comments twice; the form URL."""
    await wait_until(
        lambda: any(m.subject.startswith(DRAFT) for m in programme.book.to(owner)), WAIT
    )
    mail = first(programme, owner, DRAFT)
    form_url: str = re.findall(r"https?://\S+/feedback\b", mail.text)[0]
    async with httpx.AsyncClient(timeout=10) as browser:
        form = await browser.get(form_url)
        assert form.status_code == 200 and "feedbackformulier" in form.text, form.text
        token = CSRF.search(form.text)
        assert token
        sent = await browser.post(
            form_url,
            data={
                "csrf_token": token.group(1),
                "sectie_stakeholders": "Vergeet de basisschool aan de Molenweg niet.",
                "algemeen": "Een helder concept.",
            },
        )
        assert sent.status_code == 303, sent.text
        thanks = await browser.get(str(httpx.URL(form_url).join(sent.headers["location"])))
        assert "doorgestuurd naar de coaches" in thanks.text
        assert "Vergeet de basisschool aan de Molenweg niet." in thanks.text
        more = CSRF.search(thanks.text)
        assert more and "feedbackformulier" in thanks.text  # more may follow
        again = await browser.post(
            form_url, data={"csrf_token": more.group(1), "sectie_planning": "Liever na de zomer."}
        )
        assert again.status_code == 303
        learner = PAGE_LINK.search(programme.book.to("lc1@gemeente.example")[0].text)
        assert learner
        other = await browser.get(f"{learner.group(1)}/feedback")  # not the owner: no form
        assert other.status_code == 404 and "feedbackformulier" not in other.text
    return form_url


async def the_console_shows_it_in_full(programme: Programme, case_id: str) -> None:
    """Staff sign in and read both submissions on the case page, word for word."""
    async with httpx.AsyncClient(base_url=programme.processes.url("intake"), timeout=10) as staff:
        form = await staff.get("/medewerker/aanmelden")
        token = CSRF.search(form.text)
        assert token
        signed_in = await staff.post(
            "/medewerker/aanmelden",
            data={"csrf_token": token.group(1), "toegangssleutel": AUTH["Authorization"][7:]},
        )
        assert signed_in.status_code in (302, 303), signed_in.text
        page = await staff.get(f"/medewerker/cases/{case_id}")
        assert page.status_code == 200, (page.status_code, page.headers, page.text[:3000])
        text = html_text(page.content)
        assert "Feedback van de case-eigenaar" in text
        assert "Betrokkenen en publieksgroepen Vergeet de basisschool aan de Molenweg niet." in text
        assert "Planning Liever na de zomer." in text
        assert "opmerking(en)" not in text
        assert not inhuman(text), inhuman(text)


async def an_expired_link_offers_a_fresh_one(programme: Programme, owner: str) -> None:
    """design.md's 410 page, in Dutch; asking for a fresh link mails one that works."""
    page = PAGE_LINK.search(first(programme, owner, DRAFT).text)
    assert page
    signer = CapabilitySigner.from_secret("e2e-secret")
    past = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    mailed = signer.verify(urlsplit(page.group(1)).path.split("/")[2], PERSON_PAGE, past)
    assert mailed is not None
    person_id = mailed.subject
    expired = signer.sign(PERSON_PAGE, person_id, expires_at=past)
    base = programme.processes.url("intake")
    before = len(programme.book.to(owner))
    async with httpx.AsyncClient(base_url=base, timeout=10) as browser:
        gone = await browser.get(f"/mijn/{expired}")
        assert gone.status_code == 410 and "Deze link is verlopen" in gone.text
        assert "application/json" not in gone.headers["content-type"]
        assert not inhuman(html_text(gone.content))
        token = CSRF.search(gone.text)
        assert token
        asked = await browser.post(
            f"/mijn/{expired}/nieuwe-link", data={"csrf_token": token.group(1)}
        )
        assert asked.status_code == 410 and "Uw aanvraag is ontvangen" in asked.text
    await wait_until(lambda: len(programme.book.to(owner)) > before, WAIT)


async def every_link_in_every_mail(programme: Programme) -> None:
    """Every mail read as people read it, every link to our services opened."""
    mails = programme.book.mails
    check_mails_read_as_people_read(mails)
    ours = {urlsplit(programme.processes.url(n)).netloc for n in programme.processes.ports}
    opened = await open_every_link(mails, ours)
    assert opened.pages and opened.files
    assert all(urlsplit(u).netloc == "teams.example.org" for u in opened.elsewhere), (
        opened.elsewhere
    )
    print(f"\n  links opened: {len(opened.pages)} pages, {len(opened.files)} files")


async def the_form_closes_when_the_feedback_session_starts(
    programme: Programme, form_url: str, starts_at: dt.datetime
) -> None:
    """After the start the form is gone and the page says why."""
    programme.set_now(starts_at + dt.timedelta(minutes=1))
    async with httpx.AsyncClient(timeout=10) as browser:

        async def closed() -> bool:
            return "De feedbacksessie is begonnen" in (await browser.get(form_url)).text

        await wait_until_async(closed, timeout=WAIT)
        assert "feedbackformulier" not in (await browser.get(form_url)).text


# What each person must have received by the end, as (subject start, how many), and nothing else.
# Every mail names the case (or the cohort) by its title; invites and reminders name both.
EVERY_SESSION = [("Uitnodiging: ", 4), ("Herinnering: ", 4)]
OPENED = ('Concept participatieaanpak voor "{case}" kan worden vrijgegeven', 1)  # the window
RELEASED = f'Verstuurd: concept voor "{CASE}"'  # to the coaches, the learners and staff
MUST_GET: dict[str, list[tuple[str, int]]] = {
    "owner": [
        ('Ontvangstbevestiging: uw aanmelding "{case}"', 1),
        ('Uw case "{case}" is geselecteerd', 1),
        ('Planning van de leercase "{case}"', 1),
        *EVERY_SESSION,
    ],
    "coach": [('Planning van de leercase "{case}"', 1), OPENED, *EVERY_SESSION],
    "content_expert": EVERY_SESSION,
    "participant": [
        ('Inschrijving bevestigd: de leercase "Leercase Challenge najaar 2027"', 1),
        ('U werkt aan de case "{case}"', 1),
        OPENED,
        *EVERY_SESSION,
    ],
    "staff": [
        ("Nieuwe aanmelding: ", 2),
        ("Gescreend: ", 2),
        ("Nog niet vrij te geven: concept participatieaanpak voor ", 2),  # at the window
        (RELEASED, 1),  # the first case's coach released its draft
    ],
}
# On the first case, after the draft: the owner's draft and fresh link, the coaches' feedback.
MOVED = ("Gewijzigd: Verhelderingssessie (stap 2) – {case}", 1)  # the owner asked another date
FIRST_CASE_MORE: dict[str, list[tuple[str, int]]] = {
    "owner": [(DRAFT, 1), ("Uw nieuwe link naar uw persoonlijke pagina", 1), MOVED],
    "coach": [(FEEDBACK, 2), MOVED, (RELEASED, 1)],
    "content_expert": [MOVED],
    "participant": [MOVED, (RELEASED, 1)],
}
SESSION_PREFIXES = ("Uitnodiging: ", "Herinnering: ")
PREPARE = 'Uw voorbereiding voor "{case}"'  # to the learners who filled in nothing yet
PREPARING_LEARNER = "lc1@gemeente.example"  # fills in the preparation from their page


def check_each_person_got_their_mails(
    programme: Programme, roles: dict[str, str], case_of: dict[str, str], staff: str
) -> None:
    """Per person the mails MUST_GET lists, each naming their case; a page or console link."""
    for address, role in [*roles.items(), (staff, "staff")]:
        case = case_of.get(address, "")
        wanted = MUST_GET[role] + (FIRST_CASE_MORE.get(role, []) if case == CASE else [])
        if role == "participant":  # before step 2, unless they filled in their preparation
            wanted = [*wanted, (PREPARE, 0 if address == PREPARING_LEARNER else 1)]
        mails = programme.book.to(address)
        for start, count in wanted:
            prefix = start.format(case=case)
            got = [m for m in mails if m.subject.startswith(prefix)]
            assert len(got) == count, (address, prefix, [m.subject for m in mails])
        assert len(mails) == sum(n for _, n in wanted), (address, [m.subject for m in mails])
        for mail in mails:
            if mail.subject.startswith(SESSION_PREFIXES):
                assert f"– {case} op " in mail.subject, mail.subject  # session and case
            if role == "staff":
                assert "/medewerker/cases/" in mail.text, mail.subject
            else:
                assert PAGE_LINK.search(mail.text), (address, mail.subject)
            assert mail.message["Reply-To"] == "Programmabureau Samenspel <planning@samenspel.nl>"


def subjects_per_person(programme: Programme) -> dict[str, list[str]]:
    """What each address received, as subjects without dates (for the expectations)."""
    seen: dict[str, list[str]] = {}
    for mail in programme.book.mails:
        seen.setdefault(mail.to, []).append(mail.subject)
    return seen


async def the_owners_page_lists_the_letters(programme: Programme, owner: str) -> None:
    """The acceptance letter and the planning are on the owner's page and open as files."""
    page = PAGE_LINK.search(first(programme, owner, DRAFT).text)
    assert page
    documents = urlsplit(programme.processes.url("documents")).netloc
    async with httpx.AsyncClient(timeout=10) as browser:
        answer = await browser.get(page.group(1).removesuffix("/feedback"))
        assert answer.status_code == 200
        text = html_text(answer.content)
        assert "Uw case is geselecteerd voor de Leercase Challenge" in text, text  # the letter
        assert f"Planning: {CASE}" in text, text
        assert "Uw feedback op het concept" in text  # the way to the form
        hrefs = re.findall(r'href="(https?://[^"]+)"', answer.text)
        files = [h for h in hrefs if urlsplit(h).netloc == documents]
        assert len(files) >= 6, hrefs  # letter, planning and draft, each as PDF and more
        for href in files:
            got = await browser.get(href)
            assert got.status_code == 200, href
            assert got.headers["content-disposition"].startswith("attachment"), href
            kind = FILES.get(got.headers["content-type"].split(";")[0], "")
            if kind in EXTRACT:
                assert not inhuman(EXTRACT[kind](got.content)), href


PREPARATION_LINK = re.compile(r'href="(/mijn/[^"]+/voorbereiding/[^"]+)"')
PREPARED = "De buurt wil eerst weten wat er met de opbrengst gebeurt."


async def a_learner_prepares_from_their_page(programme: Programme, learner: str) -> None:
    """The learner opens their page from a mail, follows the preparation link and answers."""
    page = PAGE_LINK.search(programme.book.to(learner)[0].text)
    assert page
    async with httpx.AsyncClient(timeout=10) as browser:
        mine = await browser.get(page.group(1))
        link = PREPARATION_LINK.search(mine.text)
        assert mine.status_code == 200 and link, mine.text
        form_url = str(httpx.URL(page.group(1)).join(link.group(1)))
        form = await browser.get(form_url)
        token = CSRF.search(form.text)
        assert form.status_code == 200 and token and "sleutels" in form.text, form.text
        sent = await browser.post(
            form_url, data={"csrf_token": token.group(1), "vraag_kern": PREPARED}
        )
        assert sent.status_code == 303, sent.text
        saved = await browser.get(str(httpx.URL(form_url).join(sent.headers["location"])))
        assert "Uw voorbereiding is opgeslagen" in saved.text and PREPARED in saved.text


def the_briefing_reaches_the_case_coaches(programme: Programme, roles: dict[str, str]) -> None:
    """The step-3 reminder of the learner's case's two coaches carries the briefing with it."""
    told = set()
    for address, role in roles.items():
        for mail in programme.book.reminders(address):
            for part in mail.message.iter_attachments():
                body = part.get_payload(decode=True)
                if part.get_content_type() != "application/pdf" or not isinstance(body, bytes):
                    continue
                if PREPARED in " ".join(EXTRACT["pdf"](body).split()):
                    assert role == "coach", (address, mail.subject)  # for the coaches only
                    told.add(address)
    assert len(told) == 2, told
