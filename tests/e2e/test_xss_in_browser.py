"""The XSS corpus in Chromium: no payload runs, and none even reaches the page's DOM.

A server of its own serves a content site that carries every vector in every authored-text place
(tests/e2e/xss_site.py). A trainee opens every part's module, section, printable page, answers
every knowledge check (the feedback arrives by script and is inserted into the page), takes and
submits the quiz and reads the review; an administrator opens the content status page, which
quotes the checker's findings, and each file's source view and preview. On every page: no dialog opened, no ``on*`` attribute, no
script-bearing URL, no foreign script or frame in the DOM, and no Content-Security-Policy refusal
(which would mean a payload got through the sanitiser and only the CSP stopped it).

The positive control loads the same vectors rendered by Python-Markdown with the sanitiser
switched off, in a page without the site's CSP: the same detectors must fire.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import markdown
import pytest
from playwright.sync_api import Page, expect

from learnlab.content.render import EXTENSION_CONFIGS, EXTENSIONS
from tests.e2e.conftest import fresh_database_url
from tests.e2e.pages import new_context, sign_in, sign_out
from tests.e2e.server import ADMIN, TRAINEE, LiveServer, start_server
from tests.e2e.xss_site import CHECK_PLACES, QUIZ_PLACES, marker, write_site
from tests.xss_corpus import load_vectors

SCAN_JS = r"""
() => {
  // Through the prototypes: a payload may clobber document.querySelectorAll or form.attributes.
  const all = Document.prototype.querySelectorAll.call(document, '*');
  const names = (el) => Element.prototype.getAttributeNames.call(el);
  const get = (el, name) => Element.prototype.getAttribute.call(el, name) || '';
  const tagOf = (el) => Object.getOwnPropertyDescriptor(Element.prototype, 'tagName').get.call(el).toLowerCase();
  const inHead = (el) => Element.prototype.closest.call(el, 'head') !== null;
  const textOf = (el) => Object.getOwnPropertyDescriptor(Node.prototype, 'textContent').get.call(el) || '';
  const urlAttributes = /^(href|src|srcset|action|formaction|data|poster|background|codebase|cite|ping|to|from|values|by|xlink:href)$/;
  const dangerous = /^(javascript|vbscript|livescript|data):/;
  const findings = [];
  for (const el of all) {
    const tag = tagOf(el);
    const where = `<${tag}${get(el, 'id') ? '#' + get(el, 'id') : ''}>`;
    for (const raw of names(el)) {
      const name = raw.toLowerCase();
      const value = get(el, raw);
      if (name.startsWith('on')) findings.push(`${where} ${name}="${value.slice(0, 60)}"`);
      // Browsers drop control characters and spaces inside a scheme: "java\tscript:" runs.
      const squeezed = value.replace(/[\u0000-\u0020\u007f]+/g, '').toLowerCase();
      if ((urlAttributes.test(name) || name.endsWith(':href')) && dangerous.test(squeezed)) findings.push(`${where} ${name}="${value.slice(0, 60)}"`);
      if (name === 'srcdoc' || name === 'style') findings.push(`${where} ${name}="${value.slice(0, 60)}"`);
    }
    if (tag === 'script' && !/^\/static\/js\/learnlab\.[0-9a-f]{12}\.js$/.test(get(el, 'src') || '')) findings.push(`${where} ${textOf(el).slice(0, 60)}`);
    const ownLink = tag === 'link' && inHead(el) && /^(stylesheet|icon|manifest|apple-touch-icon)$/.test(get(el, 'rel'));
    if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal', 'base', 'svg', 'math', 'style', 'link'].includes(tag) && !ownLink) findings.push(where);
    // Pictures only from this site (an outside picture is a tracking beacon).
    if (tag === 'img' && location.origin !== 'null') {
      let origin = 'unreadable';
      try { origin = new URL(get(el, 'src'), location.href).origin; } catch (e) { /* counted below */ }
      if (origin !== location.origin) findings.push(`${where} src="${get(el, 'src').slice(0, 60)}" is not on this site`);
    }
    if (tag === 'meta' && get(el, 'http-equiv')) findings.push(`${where} http-equiv=${get(el, 'http-equiv')}`);
  }
  return findings;
}
"""


class Detector:
    """Dialogs, CSP refusals and DOM findings on one browser page, with what was looked at."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.refusals: list[str] = []
        self.findings: list[str] = []
        self.text: list[str] = []
        self.pages = 0
        page.on("dialog", self._dialog)
        page.on("console", self._console)

    def _dialog(self, dialog) -> None:  # type: ignore[no-untyped-def]
        self.dialogs.append(f"{self.page.url}: {dialog.type} {dialog.message}")
        dialog.dismiss()

    def _console(self, message) -> None:  # type: ignore[no-untyped-def]
        if "Content Security Policy" in message.text:
            self.refusals.append(f"{self.page.url}: {message.text[:200]}")

    def scan(self) -> None:
        self.pages += 1
        self.page.wait_for_timeout(50)  # let failing pictures fire their error events
        self.findings.extend(f"{self.page.url}: {f}" for f in self.page.evaluate(SCAN_JS))
        self.text.append(self.page.locator("body").inner_text())


@pytest.fixture(scope="session")
def xss_server(
    chromium_executable: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, list[str], list[str]]]:  # type: ignore[no-untyped-def]
    """A server of its own on the corpus site (the course content is not there)."""
    root = tmp_path_factory.mktemp("xss-site")
    vectors = load_vectors()
    slugs = write_site(root, vectors)
    urls = fresh_database_url(root, "xss")
    server = start_server(
        root / "server",
        next(urls),
        extra_env={"LEARNLAB_CONTENT_DIR": str(root / "content"), "LEARNLAB_QUIZ_DIR": str(root / "quizzes")},
    )
    yield server, vectors, slugs
    server.stop()
    next(urls, None)


def visit_part(page: Page, detector: Detector, slug: str) -> None:
    page.goto(f"/modules/{slug}")
    expect(page.locator("h1")).to_contain_text("XSS corpus, part")  # the part loaded: not hidden as broken
    detector.scan()
    page.goto(f"/modules/{slug}/print")
    detector.scan()
    page.goto(f"/modules/{slug}/vectors")
    detector.scan()
    # Tick every option of every check and send them all (one call: clicking through hundreds of
    # boxes would only make the test slow). The page's script posts each form and inserts the
    # feedback HTML it gets back.
    count = page.evaluate("""() => {
      const forms = document.querySelectorAll('form[data-check]');
      forms.forEach(f => { f.querySelectorAll('input[name=answer]').forEach(b => { b.checked = true; });
                           f.requestSubmit(f.querySelector('button[type=submit]')); });
      return forms.length; }""")
    expect(page.locator("form[data-check] [data-feedback] .feedback")).to_have_count(count)
    detector.scan()
    page.goto(f"/quizzes/{slug}")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("h1")).to_have_text("Attempt 1")
    detector.scan()
    page.evaluate(
        "() => document.querySelectorAll('fieldset.question input[type=checkbox]').forEach(b => { b.checked = true; })"
    )
    page.get_by_role("button", name="Submit attempt").click()
    # Only boxes were ticked, so the radio and text questions are blank: the confirmation lists them.
    expect(page.locator("h1")).to_have_text("Submit attempt 1?")
    detector.scan()
    page.get_by_role("button", name="Submit anyway").click()
    expect(page.locator("h1")).to_have_text("Review of attempt 1")
    detector.scan()


def visit_staff_views(page: Page, detector: Detector, slug: str) -> None:
    """A part's module and quiz as staff read them: the source with its findings, and the preview
    (the trainees' rendering with the answers shown)."""
    for path in (f"content/modules/{slug}/index.md", f"quizzes/{slug}.md"):
        page.goto(f"/admin/content/source?path={path}")
        detector.scan()
        page.goto("/admin/preview")
        page.get_by_label("Or preview a file from the content folder").select_option(path)
        page.get_by_role("button", name="Load and preview the file").click()
        expect(page.get_by_role("heading", name="As trainees see it")).to_be_visible()
        detector.scan()


def test_xss_corpus_never_runs_or_reaches_the_dom(browser, xss_server) -> None:  # type: ignore[no-untyped-def]
    server, vectors, slugs = xss_server
    context = new_context(browser, server)  # the site's real CSP: never bypassed here
    page = context.new_page()
    detector = Detector(page)
    sign_in(page, TRAINEE)
    for slug in slugs:
        visit_part(page, detector, slug)
    page.goto("/course")
    detector.scan()
    sign_out(page)
    sign_in(page, ADMIN)
    page.goto("/admin/content")  # staff read the checker's findings, which quote the vectors
    detector.scan()
    for slug in slugs:
        visit_staff_views(page, detector, slug)
    context.close()

    assert not detector.dialogs, f"{len(detector.dialogs)} dialogs opened:\n" + "\n".join(
        detector.dialogs[:50]
    )
    assert not detector.findings, f"{len(detector.findings)} dangerous things in the DOM:\n" + "\n".join(
        detector.findings[:80]
    )
    assert not detector.refusals, "the CSP had to stop something the sanitiser let through:\n" + "\n".join(
        detector.refusals[:50]
    )

    # Every place of every vector was on a page (a place that never rendered would prove nothing).
    text = "\n".join(detector.text)
    missing = [
        marker(i, place)
        for i in range(1, len(vectors) + 1)
        for place in ("text", "footnote", "glossary", "objective", *CHECK_PLACES, *QUIZ_PLACES)
        if marker(i, place) not in text
    ]
    assert not missing, f"{len(missing)} places never rendered: {missing[:40]}"
    assert detector.pages == 11 * len(slugs) + 2
    log = server.log_text()
    assert "unhandled error" not in log and "Traceback" not in log, log[-4000:]


def unsanitised(vector: str) -> str:
    """The vector as Python-Markdown alone renders it: the site's pipeline with the sanitiser off."""
    return markdown.markdown(
        vector, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html"
    )


def test_positive_control_the_detectors_catch_unsanitised_vectors(browser) -> None:  # type: ignore[no-untyped-def]
    vectors = load_vectors()
    context = browser.new_context()  # about:blank: no Content-Security-Policy at all
    page = context.new_page()
    detector = Detector(page)
    body = "\n".join(f"<section>{unsanitised(v)}</section>" for v in vectors)
    page.set_content(f"<!doctype html><html><head><title>control</title></head><body>{body}</body></html>")
    page.wait_for_timeout(500)
    detector.scan()
    context.close()
    handlers = [f for f in detector.findings if re.search(r" on[a-z]+=", f)]
    urls = [f for f in detector.findings if re.search(r"(javascript|vbscript|data):", f, re.IGNORECASE)]
    assert detector.dialogs, "no payload ran with the sanitiser off: the dialog detector is blind"
    assert handlers, "no on* attribute found with the sanitiser off: the DOM scan is blind"
    assert urls, "no javascript: URL found with the sanitiser off: the DOM scan is blind"
    print(
        f"\npositive control: {len(detector.dialogs)} dialogs, {len(handlers)} handlers, {len(urls)} script URLs, "
        f"{len(detector.findings)} findings in all, from {len(vectors)} vectors"
    )
