"""A newcomer's first minute: `python -m tools.local_run --demo`, then the printed link.

The link opens the console signed in, with the demo's cases in every state, its cohorts and
its mails: everything made through the services' own APIs. axe checks every console page and one
person page of each kind the demo mailed a link to.
"""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from playwright.async_api import Page, async_playwright

from tests.browser.axe import CONTEXT, assert_accessible
from tests.browser.portal_support import CHROMIUM_ARGS
from tests.support.local_run import LocalRun, descendants

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
NAMES = re.compile(r"[‘\"“].*?[’\"”]|\d+|:.*")  # titles, names, dates: not the page's kind
PERSON_LINK = re.compile(r"http://127\.0\.0\.1:\d+/mijn/[^\s\"<>]+")


def person_links(mail: Path) -> dict[str, str]:
    """The first page link mailed to each person: owners, experts, coaches, participants."""
    links: dict[str, str] = {}
    for path in sorted(mail.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        body = message.get_body(("plain",))
        found = PERSON_LINK.search(str(body.get_content())) if body is not None else None
        if found:
            links.setdefault(str(message["To"]), found.group(0))
    return links


async def check_every_page(page: Page, mail: Path) -> int:
    """axe on the console's pages with the demo's content, then on each person's own page."""
    console = page.url
    await assert_accessible(page, "console inbox")
    cases = await page.locator("main a[href*='/medewerker/cases/']").evaluate_all(
        "links => [...new Set(links.map(a => a.href))]"
    )
    await page.get_by_role("link", name="Groepen").click()
    await assert_accessible(page, "console cohorts")
    cohorts = await page.locator("main a[href*='/medewerker/cohorten/']").evaluate_all(
        "links => [...new Set(links.map(a => a.href))]"
    )
    await page.get_by_role("link", name="Foutberichten").click()
    await assert_accessible(page, "console dead letters")
    checked = 3
    shapes: set[tuple[str, ...]] = set()
    for url in [*cases, *cohorts, *person_links(mail).values()]:
        await page.goto(url)
        headings = await page.locator("main h2").all_inner_texts()
        shape = (url.split("/")[3], *sorted({NAMES.sub("", h) for h in headings}))
        if shape not in shapes:  # one person page of each kind: the same template, other names
            shapes.add(shape)
            await assert_accessible(page, url.split("/")[3])
            checked += 1
    await page.goto(console)
    return checked


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
async def test_the_printed_link_opens_the_console_with_the_demo(
    tmp_path: Path, rabbitmq_url: str, namespace: str
) -> None:
    run = LocalRun(tmp_path, rabbitmq_url, namespace, "--demo")
    children: set[int] = set()
    try:
        link = run.link(seconds=240)
        children = descendants(run.process.pid)
        assert "demo: 6 cases in 5 cohorts" in "".join(run.lines)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = await browser.new_page(**CONTEXT)
            await page.goto(link)
            assert page.url.endswith("/medewerker")
            inbox = await page.inner_text("main")
            assert "Toekomst van buurthuis De Horst" in inbox, "an undecided case"
            await page.get_by_role("link", name="Groepen").click()
            cohorts = await page.inner_text("main")
            for title in (
                "Leercase Challenge demo",
                "Vierdaagse leergang demo",
                "Leeratelier demo",
            ):
                assert title in cohorts
            # every case and cohort page, one person page of each kind: at least 10 kinds
            assert await check_every_page(page, tmp_path / "mail") >= 10
            await page.goto(f"http://127.0.0.1:{run.base + 25}/")
            assert "Ontvangstbevestiging" in await page.inner_text("body")
            await browser.close()
        assert run.stop() == 0
    finally:
        run.kill_all(children)
