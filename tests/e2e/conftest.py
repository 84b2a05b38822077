"""Browser fixtures: a live eventnet on a free port, Debian's Chromium via Playwright, and axe.

The server is the real app from ``create_app`` on a SQLite file built by the migrations
(as ``flask db upgrade`` would), with CSRF on, because the browser submits real forms. The
browser keeps the app's CSP enforced; axe-core is evaluated through the DevTools protocol,
which the page's CSP does not govern.
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import flask_migrate
import pytest
from flask import got_request_exception
from playwright.sync_api import expect
from werkzeug.serving import make_server

from eventnet import create_app
from eventnet.extensions import db
from tests.conftest import make_test_config, skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
PASSWORD = "correct horse battery staple"


class LiveServer:
    """The app served over HTTP in a background thread; ``errors`` collects exceptions."""

    def __init__(self, app, server) -> None:
        self.app = app
        self.url = f"http://127.0.0.1:{server.port}"
        self.errors: list[BaseException] = []
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


@contextmanager
def logging_left_alone() -> Iterator[None]:
    """migrations/env.py runs logging.config.fileConfig(alembic.ini): undo it afterwards, so
    the rest of the session keeps pytest's log capture and levels."""
    names = ["", "sqlalchemy.engine", "alembic", "flask_migrate"]
    saved = {}
    for name in names:
        logger = logging.getLogger(name)
        saved[name] = (logger.level, list(logger.handlers), logger.propagate, logger.disabled)
    try:
        yield
    finally:
        for name, (level, handlers, propagate, disabled) in saved.items():
            logger = logging.getLogger(name)
            logger.setLevel(level)
            logger.handlers[:] = handlers
            logger.propagate = propagate
            logger.disabled = disabled


def migrate(app) -> None:
    """Build the app's database from the migrations, as ``flask db upgrade`` would."""
    with app.app_context(), warnings.catch_warnings(), logging_left_alone():
        # migrations/env.py (Flask-Migrate's template) tries the deprecated get_engine() first.
        warnings.filterwarnings("ignore", "'get_engine' is deprecated", DeprecationWarning)
        flask_migrate.upgrade()


@contextmanager
def serving(app) -> Iterator[LiveServer]:
    """Serve ``app`` on a free port for the block, collecting the exceptions its requests
    raise; afterwards stop the server and close the database's connections."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    live = LiveServer(app, server)
    app.config["EVENTNET_BASE_URL"] = live.url

    def record(sender, exception, **extra):
        live.errors.append(exception)

    got_request_exception.connect(record, app)
    live.start()
    try:
        yield live
    finally:
        got_request_exception.disconnect(record, app)
        live.stop()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("e2e")
    config = make_test_config(f"sqlite:///{tmp / 'e2e.sqlite3'}", tmp)
    config["WTF_CSRF_ENABLED"] = True
    app = create_app(config)
    migrate(app)
    with serving(app) as live:
        yield live


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(viewport=...)`` opens a fresh browser context (no cookies) on the live server.

    Each page fails its test on a server exception, a page error or a console error
    (a CSP violation shows up there) or an asset that does not load.
    """
    contexts = []
    problems: list[str] = []

    def open_page(**context_options):
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(5000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on("console", lambda msg: _console(msg, problems))
        page.on("response", lambda response: _response(response, problems))
        return page

    errors_before = len(live_server.errors)
    yield open_page
    for context in contexts:
        context.close()
    server_errors = live_server.errors[errors_before:]
    assert not server_errors, f"the server raised: {server_errors!r}"
    assert not problems, "\n".join(problems)


def _console(msg, problems: list[str]) -> None:
    # A failed load is judged by _response instead: a page may answer 401 or 404 on purpose.
    if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
        problems.append(f"console error: {msg.text} at {msg.location.get('url')}")


def _response(response, problems: list[str]) -> None:
    """Stylesheets, scripts and images must load; documents are checked by the tests."""
    # Chromium asks for /favicon.ico on its own; the app has none, and no page links one.
    if (
        response.status >= 400
        and response.request.resource_type != "document"
        and not response.url.endswith("/favicon.ico")
    ):
        problems.append(
            f"{response.request.resource_type} {response.url} answered {response.status}"
        )


@pytest.fixture
def page(new_page):
    return new_page()


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations on the page, as axe reports them."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # An expression, not a function: Playwright hands it to the DevTools protocol as is.
        page.evaluate(AXE_SOURCE + "\n;void 0")
    result = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        AXE_TAGS,
    )
    assert result["passes"] or result["incomplete"], "axe checked nothing: is the page empty?"
    return result["violations"]


def assert_accessible(page, where: str | None = None) -> None:
    """Run axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page; fail listing violations."""
    violations = axe_violations(page)
    assert not violations, (
        f"axe found {len(violations)} accessibility violation(s) on {where or page.url}:\n"
        + format_violations(violations)
    )


def submit_login(page, email: str, password: str = PASSWORD) -> None:
    """Fill and send the login form, as a person would; the page it leads to is the caller's."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile("^Password")).fill(password)
    page.get_by_role("button", name="Log in").click()


def log_in(page, email: str, password: str = PASSWORD) -> None:
    """Log in and wait until the browser has left the login page."""
    submit_login(page, email, password)
    expect(page).not_to_have_url(re.compile(r"/login"))
