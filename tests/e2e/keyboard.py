"""Driving pages with the keyboard alone, checking after every Tab that focus can be seen."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.answers import Answer, on_page
from tests.e2e.pages import focused, path_of

MATCH_JS = """
([selector, text]) => {
  const el = document.activeElement;
  if (!el || !el.matches(selector)) return false;
  return !text || (el.innerText || el.value || '').replace(/\\s+/g, ' ').includes(text);
}
"""


class Keyboard:
    """Tab, Shift+Tab, Enter, Space and arrow keys; no mouse, no element handles to click."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.tabs = 0  # how many Tab / Shift+Tab presses, each with focus checked

    def tab(self, reverse: bool = False, *, may_leave_page: bool = False) -> dict:
        self.page.keyboard.press("Shift+Tab" if reverse else "Tab")
        self.tabs += 1
        state = focused(self.page)
        if may_leave_page and state["what"] == "nothing focused":
            return state  # past the last control focus goes to the browser's own bar, then wraps
        assert state["ok"], f"focus is not visible on {path_of(self.page)}: {state}"
        return state

    def is_on(self, selector: str, text: str | None = None) -> bool:
        return bool(self.page.evaluate(MATCH_JS, [selector, text]))

    def tab_to(
        self, selector: str, text: str | None = None, *, reverse: bool = False, limit: int = 250
    ) -> None:
        """Press Tab (or Shift+Tab) until focus is on ``selector`` (holding ``text``)."""
        seen: list[str] = []
        for _ in range(limit):
            wrapped = seen.count("nothing focused")
            seen.append(self.tab(reverse, may_leave_page=not wrapped)["what"])
            if self.is_on(selector, text):
                return
        raise AssertionError(
            f"{path_of(self.page)}: Tab never reached {selector} {text or ''}; went through {seen[-30:]}"
        )

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def follow(self, key: str = "Enter") -> None:
        """Activate the focused link or button and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def skip_to_content(self) -> None:
        """The first Tab on a page reaches the skip link; Enter moves on to the main content."""
        self.tab()
        assert self.is_on("a.skip-link"), "the first Tab does not reach the skip link"
        box = self.page.locator("a.skip-link").bounding_box()
        assert box and box["y"] >= 0, "the skip link stays off screen when focused"
        self.press("Enter")
        expect(self.page.locator("main")).to_be_focused()

    # -- choosing in radio groups, check boxes and drop-downs ---------------------------------

    def choose_radio(self, name: str, element_id: str, scope: str = "") -> None:
        """Tab into a radio group and move to ``element_id`` with the arrow keys."""
        group = f'{scope} input[type=radio][name="{name}"]'
        self.tab_to(group)
        ids = self.page.eval_on_selector_all(group, "els => els.map(e => e.id)")
        current = ids.index(self.page.evaluate("document.activeElement.id"))
        target = ids.index(element_id)
        if target == current:
            self.press("Space")
        for _ in range(abs(target - current)):
            self.press("ArrowDown" if target > current else "ArrowUp")
        assert self.page.evaluate("document.activeElement.id") == element_id
        expect(self.page.locator(f'[id="{element_id}"]')).to_be_checked()

    def tick_boxes(self, name: str, wanted: set[str], scope: str = "") -> None:
        """Tab through every check box of ``name`` in order, pressing Space on the wanted ones."""
        boxes = f'{scope} input[type=checkbox][name="{name}"]'
        ids = self.page.eval_on_selector_all(boxes, "els => els.map(e => e.id)")
        for element_id in ids:
            self.tab_to(f'[id="{element_id}"]')
            checked = self.page.evaluate("document.activeElement.checked")
            if checked != (element_id in wanted):
                self.press("Space")
            assert self.page.evaluate("document.activeElement.checked") == (element_id in wanted)

    def pick(self, select_name: str, value: str) -> None:
        """Tab to a drop-down and move to ``value`` with the arrow keys (it stays closed)."""
        self.tab_to(f'select[name="{select_name}"]')
        values = self.page.evaluate("Array.from(document.activeElement.options, o => o.value)")
        current = self.page.evaluate("document.activeElement.selectedIndex")
        target = values.index(value)
        for _ in range(abs(target - current)):
            self.press("ArrowDown" if target > current else "ArrowUp")
        assert self.page.evaluate("document.activeElement.value") == value

    def answer(self, answer: Answer) -> None:
        answer = on_page(self.page, answer)  # the page's own ids for the parts
        q = answer.question
        name = f"q:{q.id}"
        if q.type in ("single", "truefalse"):
            if answer.ticks:
                self.choose_radio(name, answer.ticks[0])
        elif q.type in ("multiple", "document"):
            self.tick_boxes(name, set(answer.ticks))
        if answer.text is not None:
            self.tab_to(f'[id="{name}"]')
            self.type(answer.text)
        if answer.picks:  # in the order the page shows them: Tab only moves forwards here
            shown = self.page.eval_on_selector_all(f'select[name^="{name}:"]', "els => els.map(e => e.name)")
            for select_name in shown:
                self.pick(select_name, answer.picks[select_name])
