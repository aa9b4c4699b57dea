"""A newcomer's first minute: `python -m tools.local_run --demo`, then the printed link.

The link opens the console signed in, with the demo's cases in every state, its cohorts and
its mails: everything made through the services' own APIs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from tests.browser.portal_support import CHROMIUM_ARGS
from tests.support.local_run import LocalRun, descendants

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")


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
            page = await browser.new_page()
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
            await page.goto(f"http://127.0.0.1:{run.base + 25}/")
            assert "Ontvangstbevestiging" in await page.inner_text("body")
            await browser.close()
        assert run.stop() == 0
    finally:
        run.kill_all(children)
