"""What the journeys do on every page: sign in and out, watch for errors, check layout and focus."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect

from tests.e2e.server import Account, LiveServer

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def new_context(
    browser: Browser, server: LiveServer, *, phone: bool = False, **options: object
) -> BrowserContext:
    """A fresh browser profile (no cookies) talking English to the server."""
    settings: dict[str, object] = {
        "base_url": server.base_url,
        "locale": "en-GB",
        "viewport": PHONE if phone else DESKTOP,
    }
    if phone:
        settings.update(is_mobile=True, has_touch=True, device_scale_factor=2)
    settings.update(options)
    context = browser.new_context(**settings)  # type: ignore[arg-type]
    context.set_default_timeout(15_000)
    return context


@dataclass
class Watch:
    """Collects what a person would never see but must not happen: script errors, CSP refusals."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Page:
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: script error: {exc}"))
        page.on("console", self._console(page))
        page.on("dialog", self._dialog)
        return page

    def _console(self, page: Page):  # type: ignore[no-untyped-def]
        def on_console(message: ConsoleMessage) -> None:
            if (
                message.type == "error"
                and "status of 404" not in message.text
                and "status of 403" not in message.text
            ):
                self.errors.append(f"{page.url}: console error: {message.text}")

        return on_console

    def _dialog(self, dialog) -> None:  # type: ignore[no-untyped-def]
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self) -> None:
        assert not self.dialogs, f"unexpected dialogs: {self.dialogs}"
        assert not self.errors, "errors in the browser:\n" + "\n".join(self.errors)


def open_page(context: BrowserContext, watch: Watch) -> Page:
    return watch.attach(context.new_page())


def flash_text(page: Page) -> str:
    return " ".join(page.locator(".flash").all_inner_texts())


def sign_in(page: Page, account: Account) -> None:
    page.goto("/login")
    expect(page.locator("h1")).to_have_text("Sign in")
    page.get_by_label("Username").fill(account.username)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("details.user-menu > summary")).to_contain_text("Account menu for")


def sign_out(page: Page) -> None:
    page.locator("details.user-menu > summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".flash")).to_contain_text("You are signed out.")
    expect(page.locator("h1")).to_have_text("Sign in")


def path_of(page: Page) -> str:
    url = page.url
    return url[url.index("/", len("http://")) :]


# -- layout -------------------------------------------------------------------------------------

SCROLL_WIDTH_JS = (
    "() => [document.scrollingElement.scrollWidth, window.innerWidth, document.documentElement.clientWidth]"
)

# Every control a person can use, visible or not; the checks below skip the hidden ones.
CONTROLS = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])"
)

REACH_JS = """
(selector) => {
  const problems = [];
  const width = Math.min(window.innerWidth, document.documentElement.clientWidth), height = window.innerHeight;
  const visible = (el) => {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    if (el.closest('details:not([open]) > :not(summary)')) return false;  // inside a closed <details>
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && !el.closest('.visually-hidden');
  };
  const describe = (el) => `${el.tagName.toLowerCase()} "${(el.innerText || el.value || el.name || el.id || '').trim().slice(0, 40)}"`;
  for (const el of document.querySelectorAll(selector)) {
    if (el.classList.contains('skip-link')) continue;  // checked through the keyboard (visible on focus)
    if (!visible(el)) continue;
    // Scrolled to (the page, and any box that scrolls sideways, such as a wide table's), the
    // control's centre must be on the screen and be what a tap there reaches.
    el.scrollIntoView({block: 'center', inline: 'center'});
    const r = el.getClientRects()[0] || el.getBoundingClientRect();  // a link broken over two lines: its first part
    // The middle of the part that is on the screen (a tall table box is never all on it).
    const left = Math.max(r.left, 0), right = Math.min(r.right, width);
    const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, height);
    const x = (left + right) / 2, y = (top + bottom) / 2;
    if (left >= right || top >= bottom) {
      problems.push(`${describe(el)} cannot be scrolled onto the screen (${Math.round(r.left)}..${Math.round(r.right)} of ${width})`);
      continue;
    }
    const hit = document.elementFromPoint(x, y);
    const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
    const ok = hit && (hit === el || el.contains(hit) || (label && (hit === label || label.contains(hit))));
    if (!ok) problems.push(`${describe(el)} is covered by ${hit ? describe(hit) : 'nothing'}`);
  }
  window.scrollTo(0, 0);
  return problems;
}
"""


def assert_no_sideways_scroll(page: Page) -> None:
    scroll_width, inner_width, client_width = page.evaluate(SCROLL_WIDTH_JS)
    # A phone browser zooms out to fit content wider than the screen, which widens innerWidth
    # too; the screen's own width (the layout viewport) is what the content must fit.
    screen = page.viewport_size["width"] if page.viewport_size else client_width
    allowed = min(inner_width, client_width, screen)
    assert scroll_width <= allowed, (
        f"{path_of(page)} scrolls sideways: {scroll_width} px wide on a {allowed} px screen"
    )


def assert_controls_reachable(page: Page, within: str = "") -> None:
    selector = ", ".join(f"{within} {c}" for c in CONTROLS.split(", ")) if within else CONTROLS
    problems = page.evaluate(REACH_JS, selector)
    assert not problems, f"{path_of(page)}: controls out of reach:\n" + "\n".join(problems)


# -- focus --------------------------------------------------------------------------------------

FOCUS_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {ok: false, what: 'nothing focused'};
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
    && !/rgba\\(.*,\\s*0\\)$/.test(style.outlineColor) && style.outlineColor !== 'transparent';
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 60);
  return {ok: Boolean(outline || shadow), what: `${el.tagName.toLowerCase()}${el.type ? '[' + el.type + ']' : ''} "${text}"`,
          outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`};
}
"""


def focused(page: Page) -> dict:
    return page.evaluate(FOCUS_JS)  # type: ignore[no-any-return]
