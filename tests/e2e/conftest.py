"""Real-browser fixtures: Playwright's sync API driving Debian's chromium.

Playwright's own browser download is not used (it cannot reach its servers here); the
chromium of the Debian package is launched instead, at /usr/bin/chromium or $LUOSHI_CHROMIUM.

- ``browser``: one chromium for the whole session.
- ``page``: a fresh context per test (zh-CN, 1366x900, Asia/Shanghai); when the test fails
  a full-page screenshot goes to var/test-artifacts/<test name>.png ($LUOSHI_TEST_ARTIFACTS
  overrides the folder; scripts/test.sh gives one per database).
- ``live_url``: the base URL of pytest-django's ``live_server`` (no trailing slash); it
  serves static files too, and makes the test use a transactional database.

Every test under tests/e2e is marked ``e2e``, so ``pytest -m "not e2e"`` skips them.
"""

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, transaction
from playwright.sync_api import Browser, Page, sync_playwright

# Playwright's sync API keeps an asyncio loop on the test's thread, so Django would take every
# ORM call made from a test (or fixture) as coming from async code and refuse it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO_DIR = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # The machines have no internet: without these chromium keeps retrying Google's hosts.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEFAULT_TIMEOUT_MS = 10_000

_reports_key = pytest.StashKey[dict[str, pytest.TestReport]]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    e2e_dir = Path(__file__).parent
    for item in items:
        if e2e_dir in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    # Keep each phase's report on the item so the page fixture can tell whether the test failed.
    report = yield
    item.stash.setdefault(_reports_key, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = os.environ.get("LUOSHI_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"chromium not found at {executable} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1366, "height": 900},
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        reports = request.node.stash.get(_reports_key, {})
        if any(report.failed for report in reports.values()):
            _save_screenshot(page, request.node.name)
        context.close()


class _SharedConnectionGate:
    """Serves the live server's requests one at a time, keeps the test's own transactions
    out of them, and serves none once the test is over.

    On SQLite the request threads and the test's thread share one connection, whose
    transaction state (``in_atomic_block``, the on-commit callbacks) is plain Python state.
    Two atomic blocks interleaved on it (a request, and a service the test calls or
    pytest-django's flush at teardown) can leave it stuck inside a transaction, where
    on-commit work (the lights after an accepted report) never runs.
    """

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.open = False

    def serve(self, handle):
        gate = self

        def call(handler, environ, start_response):
            with gate.lock:
                if not gate.open:
                    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                    return [b"the test is over"]
                return handle(handler, environ, start_response)
        return call

    def hold_in_main_thread(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The test thread's atomic blocks wait for the request in progress, and requests
        wait for them."""
        enter, exit_ = transaction.Atomic.__enter__, transaction.Atomic.__exit__
        lock, test_thread = self.lock, threading.current_thread()

        def guarded_enter(atomic):
            if threading.current_thread() is not test_thread:
                return enter(atomic)
            lock.acquire()
            try:
                return enter(atomic)
            except BaseException:
                lock.release()
                raise

        def guarded_exit(atomic, *exc_info):
            if threading.current_thread() is not test_thread:
                return exit_(atomic, *exc_info)
            try:
                return exit_(atomic, *exc_info)
            finally:
                lock.release()

        monkeypatch.setattr(transaction.Atomic, "__enter__", guarded_enter)
        monkeypatch.setattr(transaction.Atomic, "__exit__", guarded_exit)

    def close(self) -> None:
        with self.lock:  # waits for the request in progress
            self.open = False


_gate = _SharedConnectionGate()


@pytest.fixture
def live_url(live_server, monkeypatch) -> Iterator[str]:
    # On SQLite the test database lives in memory and the live server's request threads all
    # share its one connection; pages that load panels in parallel (the cockpit) would use it
    # from two threads at once. Requests are served one at a time there, as a browser would
    # see a busy one-worker server.
    shared = connection.vendor == "sqlite"
    if shared:
        if not getattr(WSGIHandler.__call__, "gated", False):
            WSGIHandler.__call__ = _gate.serve(WSGIHandler.__call__)
            WSGIHandler.__call__.gated = True
        if connection.in_atomic_block:
            pytest.fail("an earlier test left the shared connection inside a transaction")
        _gate.hold_in_main_thread(monkeypatch)
        _gate.open = True
    yield live_server.url.rstrip("/")
    if shared:
        _gate.close()


def _save_screenshot(page: Page, test_name: str) -> None:
    folder = Path(os.environ.get("LUOSHI_TEST_ARTIFACTS", REPO_DIR / "var" / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (re.sub(r"[^\w.-]+", "_", test_name) + ".png")
    try:
        page.screenshot(path=path, full_page=True)
    except Exception as error:  # a crashed page must not hide the test's own failure
        print(f"e2e: no screenshot for {test_name}: {error}")
    else:
        print(f"e2e: screenshot of the failure: {path}")
