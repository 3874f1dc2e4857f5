"""The real explorer server driven by the real headless Chromium (selenium).

Panel renders its widgets inside shadow roots, so the helpers below search through them.
Screenshots go to tests/artifacts/ (not committed).
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import time
from urllib.parse import parse_qs, urlparse

import pytest

from analysis import config
from analysis.terms import kwic

from .conftest import PAYLOAD_TITLE

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.demo]
pytest.importorskip(
    "panel", reason="the explorer needs Panel: pip install 'news-analysis[explore]'"
)

ARTIFACTS = config.PROJ_ROOT / "tests" / "artifacts"
LOCAL_SCHEMES = {"data", "blob", "about", "chrome", "devtools"}

DEEP_TEXT = """
const out = [];
function walk(n) {
  if (n.shadowRoot) walk(n.shadowRoot);
  for (const c of n.childNodes) {
    if (c.nodeName === 'STYLE' || c.nodeName === 'SCRIPT') continue;
    if (c.nodeType === 3) out.push(c.textContent); else walk(c);
  }
}
walk(arguments[0] || document.body);
return out.join(' ').replace(/\\s+/g, ' ');
"""
DEEP_ALL = """
const sel = arguments[0], out = [];
function walk(root) {
  root.querySelectorAll(sel).forEach(e => out.push(e));
  root.querySelectorAll('*').forEach(e => { if (e.shadowRoot) walk(e.shadowRoot); });
}
walk(document);
return out;
"""


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_bin = shutil.which("chromedriver")
    if not chromium or not driver_bin:
        pytest.skip(
            "headless Chromium not found (need Debian packages 'chromium' and "
            "'chromium-driver'; .ci/run installs them)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1800",
        "--proxy-server=http://127.0.0.1:9",  # anything not on loopback fails (and is logged)
    ):  # fmt: skip
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_bin), options=opts)
    driver.set_page_load_timeout(90)
    driver.requests_seen = []
    yield driver
    driver.quit()


def _requests(driver) -> list[str]:
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            params = msg["params"]
            driver.requests_seen.append(params.get("request", {}).get("url") or params["url"])
    return driver.requests_seen


def _text(driver) -> str:
    return driver.execute_script(DEEP_TEXT)


def _wait_text(driver, pattern: str, seconds: float = 60) -> re.Match:
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        text = _text(driver)
        found = re.search(pattern, text)
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"{pattern!r} never appeared; the page says: {text[:2000]}")


def _rows(driver, table_class: str) -> list:
    hosts = driver.execute_script(DEEP_ALL, f".{table_class}")
    assert hosts, f"no .{table_class} on the page"
    return driver.execute_script(
        "return Array.from(arguments[0].shadowRoot.querySelectorAll('.tabulator-row'))", hosts[0]
    )


def _open(driver, server, query: str = "") -> None:
    driver.get(server["url"] + query)
    _wait_text(driver, r"selected article|No article matches")


def _shot(driver, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"explore-{name}.png"))


def test_url_term_shows_the_kwic_count_and_lines(browser, explorer_server, explore_articles):
    expected = kwic(explore_articles, "oil", window=6)
    assert len(expected) > 5  # the fixture corpus has the word
    _open(browser, explorer_server, "?term=oil")
    found = _wait_text(browser, r"“oil”: ([\d,]+) hits? in ([\d,]+) of the ([\d,]+) selected")
    assert int(found.group(1).replace(",", "")) == len(expected)
    assert int(found.group(3).replace(",", "")) == len(explore_articles)
    _wait_text(browser, rf"{len(expected)} lines")
    rows = [r.text for r in _rows(browser, "kwic-table")]
    first = expected.iloc[0]
    assert rows and first["right"][:20] in rows[0] and first["keyword"] in rows[0]
    _shot(browser, "term-oil")


def test_typing_a_term_updates_trends_and_contexts(browser, explorer_server, explore_articles):
    from selenium.webdriver.common.keys import Keys

    _open(browser, explorer_server)
    box = [
        e
        for e in browser.execute_script(DEEP_ALL, "input")
        if "prime minister" in (e.get_attribute("placeholder") or "")
    ]
    assert box, "no term box"
    box[0].send_keys("trump", Keys.ENTER)
    n = len(kwic(explore_articles, "trump"))
    found = _wait_text(browser, r"“trump”: ([\d,]+) hits?")
    assert int(found.group(1).replace(",", "")) == n
    _wait_text(browser, r"“trump” peaks in the week of \d{4}-\d\d-\d\d")
    _wait_text(browser, rf"{n:,} lines")
    assert any("trump" in r.text.lower() for r in _rows(browser, "kwic-table"))
    assert parse_qs(urlparse(browser.current_url).query).get("term") == ["trump"]
    _shot(browser, "typed-trump")


def test_clicking_a_context_line_opens_the_document_safely(browser, explorer_server):
    from selenium.common.exceptions import NoAlertPresentException

    _open(browser, explorer_server, "?term=zanzibarish")
    _wait_text(browser, r"“zanzibarish”: 3 hits in 1 of")
    rows = _rows(browser, "kwic-table")
    assert len(rows) == 3
    rows[0].click()
    _wait_text(browser, r"Payload headline")
    reader = browser.execute_script(DEEP_ALL, ".reader")[0]
    text = browser.execute_script(DEEP_TEXT, reader)
    assert PAYLOAD_TITLE in text  # the markup is shown as text
    assert "<script>window.__pwned=2" in text
    marks = browser.execute_script(
        "const r = arguments[0].shadowRoot || arguments[0];"
        "return Array.from(r.querySelectorAll('mark')).map(m => m.textContent)",
        reader,
    )
    assert marks == ["zanzibarish"] * 3
    assert browser.execute_script(DEEP_ALL, "img") == []  # no element built from the title
    assert browser.execute_script("return window.__pwned === undefined")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - an alert would mean a payload ran
    doc = parse_qs(urlparse(browser.current_url).query).get("doc")
    assert doc and len(doc[0]) >= 8
    _shot(browser, "reader-payload")


def test_clicking_a_topic_filters_every_view(browser, explorer_server):
    _open(browser, explorer_server)
    tabs = [e for e in browser.execute_script(DEEP_ALL, ".bk-tab") if e.text == "Topics"]
    assert tabs, "no Topics tab"
    tabs[0].click()
    rows = _rows(browser, "topic-table")
    assert len(rows) >= 2
    rows[1].click()
    _wait_text(browser, r"Only articles whose main topic is 1\.")
    found = _wait_text(browser, r"\b(?!201\b)(\d[\d,]*) selected articles?\. Type")
    n_selected = int(found.group(1).replace(",", ""))
    assert 0 < n_selected < 201
    assert parse_qs(urlparse(browser.current_url).query).get("topic") == ["1"]
    _shot(browser, "topic-1")


#: Where each topic's circle is on the page: the map's data->screen mapping (the plot
#: frame's scales) plus the canvas's place in the viewport, in CSS pixels.
MAP_CIRCLES = """
const plot = Bokeh.documents.map(d => d.get_model_by_name('topic-map')).find(m => m);
const view = Bokeh.index.find_one(plot);
const data = plot.renderers.find(r => r.glyph.type === 'Scatter').data_source.data;
const box = view.canvas_view.el.getBoundingClientRect();
return Array.from(data.topic, (topic, i) => ({
  topic: Number(topic),
  x: box.left + view.frame.x_scale.compute(data.x[i]),
  y: box.top + view.frame.y_scale.compute(data.y[i]),
}));
"""


def _loneliest(circles: list[dict]) -> dict:
    """The circle whose centre is farthest from every other one (a click hits it alone)."""

    def room(c):
        return min(
            ((c["x"] - o["x"]) ** 2 + (c["y"] - o["y"]) ** 2 for o in circles if o is not c),
            default=1e9,
        )

    return max(circles, key=room)


def test_clicking_a_topic_on_the_map_filters_every_view(browser, explorer_server, explore_articles):
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    from analysis.explore import build_explorer

    _open(browser, explorer_server)
    tabs = [e for e in browser.execute_script(DEEP_ALL, ".bk-tab") if e.text == "Topics"]
    assert tabs, "no Topics tab"
    tabs[0].click()
    _wait_text(browser, r"Topic 0 \(click a topic")
    hosts = browser.execute_script(DEEP_ALL, ".topic-table")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", hosts[0])
    deadline = time.monotonic() + 30
    circles = []
    while time.monotonic() < deadline and len(circles) < 2:  # drawn once the tab shows
        time.sleep(0.5)
        circles = browser.execute_script(MAP_CIRCLES) or []
    assert len(circles) >= 2, "the intertopic map has no circles"
    target = _loneliest(circles)
    topic = target["topic"]
    assert topic >= 0
    actions = ActionBuilder(browser)
    actions.pointer_action.move_to_location(round(target["x"]), round(target["y"]))
    actions.pointer_action.click()
    actions.perform()
    _wait_text(browser, rf"Only articles whose main topic is {topic}\.")
    # the server fits the same seeded model on the same articles: its topic's articles
    ex = build_explorer(explore_articles)
    expected = int((ex.main_topic == topic).sum())
    assert 0 < expected < len(explore_articles)
    _wait_text(browser, rf"\b{expected:,} selected articles?\. Type")
    assert parse_qs(urlparse(browser.current_url).query).get("topic") == [str(topic)]
    _wait_text(browser, rf"Topic {topic}: its terms at")
    _shot(browser, f"map-topic-{topic}")


def test_no_request_leaves_the_machine(browser, explorer_server):
    _open(browser, explorer_server, "?term=oil&source=bbc.co.uk")
    _wait_text(browser, r"selected article")
    urls = _requests(browser)
    assert urls, "the performance log recorded no request"
    remote = [
        u
        for u in urls
        if urlparse(u).scheme not in LOCAL_SCHEMES and urlparse(u).hostname != "127.0.0.1"
    ]
    assert remote == []


def test_the_log_has_one_url_line_and_no_warning(explorer_server):
    """Ours only (Panel's "Launching server at" is off), and nothing from Bokeh/pandas."""
    lines = explorer_server["log"].read_text().splitlines()
    urls = [line for line in lines if "http://" in line]
    assert len(urls) == 1, urls
    assert urls[0].startswith("explorer serving on 127.0.0.1:")
    assert urls[0].count(explorer_server["url"]) == 1
    assert [line for line in lines if "Warning" in line] == []


def test_ctrl_c_stops_the_server_cleanly(explorer_server):
    proc = explorer_server["proc"]
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 0
    log = explorer_server["log"].read_text()
    assert "serving on 127.0.0.1:" in log and "explorer stopped" in log
    assert "Traceback" not in log
