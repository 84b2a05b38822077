"""``make screenshots``: the main pages at 390 and 1366 px for each kind of user.

Starts the demo site (tools/demo_site.py), logs in as each demo person with Debian's
Chromium through Playwright, and writes ``instance/screenshots/<role>/<page>-<width>.png``
(full page). It also prints each page's width where it is wider than the window, so a
page that scrolls sideways shows up without opening the pictures.

``tools/screenshots.py door people`` takes only the pages whose names hold one of the words.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.demo_site import DEMO_PASSWORD, DemoSite  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
WIDTHS = (390, 1366)
OUT = Path(__file__).resolve().parent.parent / "instance" / "screenshots"
EVENT = "summer-leadership-conference"

# role: (who logs in, or None, [(page name, path)])
ROLES = {
    "visitor": (
        None,
        [
            ("home", "/"),
            ("event", f"/e/{EVENT}"),
            ("network", "/n/midlands-heads"),
            ("login", "/login"),
            ("signup", "/signup"),
            ("not-found", "/e/no-such-event"),
            ("api-docs", "/api/v1/docs"),
        ],
    ),
    "attendee": (
        "david.chen@northgate.example",
        [
            ("home", "/"),
            ("event", f"/e/{EVENT}"),
            ("my-events", "/me/events"),
            ("me", "/me"),
            ("badge", f"/e/{EVENT}/badge"),
            ("people-to-meet", f"/e/{EVENT}/people-to-meet"),
            ("people", f"/e/{EVENT}/people"),
            ("profile", "/me/profile"),
            ("contacts", "/me/contacts"),
            ("meetings", "/me/meetings"),
            ("scanner", "/scan"),
        ],
    ),
    "organiser": (
        "priya.shah@oakfield.example",
        [
            ("organise", "/organise"),
            ("dashboard", f"/organise/e/{EVENT}"),
            ("agenda", f"/organise/e/{EVENT}/agenda"),
            ("emails", f"/organise/e/{EVENT}/emails"),
            ("events", "/organise/n/midlands-heads/events"),
            ("edit", f"/organise/e/{EVENT}/edit"),
            ("door", f"/organise/e/{EVENT}/door"),
            ("network", "/organise/n/midlands-heads"),
            ("event", f"/e/{EVENT}"),
        ],
    ),
}


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.locator("input[type=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me")


def main(words: list[str]) -> int:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    wide = []
    with DemoSite() as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for role, (email, pages) in ROLES.items():
            context = browser.new_context(base_url=site.url)
            page = context.new_page()
            if email:
                log_in(page, email)
            folder = OUT / role
            folder.mkdir(parents=True, exist_ok=True)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
                for name, path in pages:
                    if words and not any(word in name for word in words):
                        continue
                    page.goto(path)
                    scroll = page.evaluate("document.documentElement.scrollWidth")
                    if scroll > width:
                        wide.append(f"{role}/{name} at {width} px is {scroll} px wide")
                    # Chromium cannot capture a very tall page in one piece: the top 8000 px.
                    height = min(page.evaluate("document.documentElement.scrollHeight"), 8000)
                    page.screenshot(
                        path=folder / f"{name}-{width}.png",
                        full_page=True,
                        clip={"x": 0, "y": 0, "width": width, "height": height},
                    )
            context.close()
        browser.close()
    print(f"screenshots in {OUT}")
    for line in wide:
        print("too wide:", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
