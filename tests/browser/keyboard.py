"""Keyboard-only use of a page: Tab to a control, see its focus, type or press keys."""

from __future__ import annotations

from playwright.async_api import Locator, Page

TAB_LIMIT = 80
_FOCUS_SEEN = """el => {
  const s = getComputedStyle(el);
  return (s.outlineStyle !== 'none' && s.outlineWidth !== '0px') || s.boxShadow !== 'none';
}"""


async def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until `target` has focus (reachable in reading order), and its focus is visible."""
    for _ in range(TAB_LIMIT):
        await page.keyboard.press("Tab")
        if await target.evaluate("el => el === document.activeElement"):
            assert await target.evaluate(_FOCUS_SEEN), f"no visible focus on {target}"
            return
    raise AssertionError(f"{target} not reached with {TAB_LIMIT} presses of Tab on {page.url}")


async def type_into(page: Page, target: Locator, text: str) -> None:
    """Tab to a field, clear what it holds and type `text`."""
    await tab_to(page, target)
    await page.keyboard.press("Control+A")
    await page.keyboard.type(text)


async def choose(page: Page, select: Locator, value: str) -> None:
    """Tab to a closed select and move through its options with the arrow keys to `value`."""
    await tab_to(page, select)
    options = await select.locator("option").count()
    await page.keyboard.press("Home")
    for _ in range(options):
        if await select.input_value() == value:
            return
        await page.keyboard.press("ArrowDown")
    assert await select.input_value() == value, f"{value!r} not among the options of {select}"
