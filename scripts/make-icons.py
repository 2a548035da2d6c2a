"""Draw the web app's PNG icons from the logo's shapes with Chromium (no image library needed).

Run: .venv/bin/python scripts/make-icons.py  (writes static/img/icon-{192,512}.png and
icon-maskable-512.png). The maskable one keeps the mark inside the middle 80 % (the safe zone a
launcher may crop to a circle), on a full-bleed brand background.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parent.parent / "static" / "img"
MARK = (
    '<path d="M7 9h4v11h8v4H7z" fill="#fff"/>'
    '<rect x="17" y="8" width="8" height="10" rx="1.5" fill="#f2b134"/>'
)
ANY = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    f'<rect width="32" height="32" rx="7" fill="#0b4f6c"/>{MARK}</svg>'
)
MASKABLE = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" fill="#0b4f6c"/>'
    f'<g transform="translate(6.4 6.4) scale(0.6)">{MARK}</g></svg>'
)


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        for name, svg, size in (
            ("icon-192.png", ANY, 192),
            ("icon-512.png", ANY, 512),
            ("icon-maskable-512.png", MASKABLE, 512),
        ):
            page = browser.new_page(viewport={"width": size, "height": size})
            sized = svg.replace("<svg ", '<svg width="100%" height="100%" ')
            page.set_content(
                '<html><body style="margin:0;background:transparent">'
                f'<div style="width:{size}px;height:{size}px">{sized}</div></body></html>'
            )
            page.screenshot(path=str(STATIC / name), omit_background=True)
            page.close()
        browser.close()
    (STATIC / "icon.svg").write_text(ANY + "\n")


if __name__ == "__main__":
    main()
