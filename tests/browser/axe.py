"""axe-core run inside a page: no serious or critical violation of WCAG 2.1 A/AA or best practice.

The pages' CSP forbids injected scripts, so pages checked here come from a context opened with
`bypass_csp=True` (`CONTEXT`); axe itself is the npm package in tests/browser/node_modules
(`npm ci` in tests/browser, as .ci/run does).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.async_api import Page

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CONTEXT: dict[str, Any] = {"bypass_csp": True, "locale": "nl-NL"}
BLOCKING = ("serious", "critical")
_RUN = """() => axe.run(document, {
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
  resultTypes: ['violations'],
})"""


def _describe(violation: dict[str, Any]) -> str:
    """One violation as a reader can act on it: rule, impact, the first few elements."""
    targets = [" ".join(map(str, n["target"])) for n in violation["nodes"][:3]]
    summary = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}; {summary}"


async def violations(page: Page) -> list[dict[str, Any]]:
    """axe's serious and critical violations on the page as it is now."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run `npm ci` in tests/browser")
    if not await page.evaluate("() => typeof window.axe === 'object'"):
        await page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = await page.evaluate(_RUN)
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


async def assert_accessible(page: Page, what: str) -> None:
    """Fail naming the page and each serious or critical violation axe finds."""
    found = await violations(page)
    assert not found, f"{what} ({page.url}):\n" + "\n".join(map(_describe, found))
