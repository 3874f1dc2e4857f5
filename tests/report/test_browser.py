"""Open every rendered page in a real headless Chromium, offline, and check what a reader gets."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from analysis import config

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTIFACTS = config.PROJ_ROOT / "tests" / "artifacts"
LOCAL_SCHEMES = {"file", "data", "blob", "about", "chrome", "devtools"}
#: One reader page and one student notebook per lesson.
LESSONS = sorted(p.stem for p in config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    """Where Chromium saves what a page downloads (the tables' CSV buttons)."""
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
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
        "--disable-dev-shm-usage", "--window-size=1280,1600", "--allow-file-access-from-files",
        "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    ):  # fmt: skip
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    opts.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(driver_bin), options=opts)
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    yield driver
    driver.quit()


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def _check_page(driver, page: Path) -> dict:
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(page.as_uri())
    driver.execute_script("return document.readyState")
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    images = driver.execute_script(
        "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.src.slice(0, 40)])"
    )
    pwned = driver.execute_script("return window.__pwned === undefined ? null : window.__pwned")
    links = driver.execute_script(
        "return Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"
    )
    requests = _requests(driver)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{page.stem}.png"))
    return {
        "errors": errors,
        "images": images,
        "pwned": pwned,
        "links": links,
        "requests": requests,
    }


def test_every_page_opens_offline_safely(browser, rendered_report):
    from selenium.common.exceptions import NoAlertPresentException

    pages = sorted(rendered_report.glob("*.html"))
    assert len(pages) >= 11  # index + reader and teaching version of each notebook
    for page in pages:
        seen = _check_page(browser, page)
        assert seen["errors"] == [], f"{page.name}: console errors {seen['errors']}"
        broken = [img for img in seen["images"] if not (img[0] and img[1] > 0)]
        assert broken == [], f"{page.name}: images not decoded {broken}"
        remote = [u for u in seen["requests"] if urlparse(u).scheme not in LOCAL_SCHEMES]
        assert remote == [], f"{page.name}: requests left the machine {remote}"
        assert seen["pwned"] is None, f"{page.name}: a scraped script executed"
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018 - an alert would mean a payload ran
        for href in seen["links"]:
            url = urlparse(href)
            if url.scheme == "file":
                target = Path(unquote(url.path))
                assert target.exists(), f"{page.name}: broken link {href}"


def test_index_shows_summary_and_links(browser, rendered_report):
    browser.get((rendered_report / "index.html").as_uri())
    body = browser.find_element("tag name", "body").text
    assert "articles" in body and "outlets" in body and "duplicates" in body
    hrefs = browser.execute_script(
        "return Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))"
    )
    assert {
        f"{p.stem}.html"
        for p in rendered_report.glob("[0-9][0-9]-*.html")
        if ".teaching" not in p.name
    } <= set(hrefs)


# --- what a reader gets on every reader page (issue #14) -------------------------------

#: Text a programmer left behind: warnings, tracebacks, machine paths, papermill notes.
LEAKS = re.compile(
    r"\w*Warning:|Traceback|Error:|/tmp/|/home/|/work/|/Users/|[A-Z]:\\\\|site-packages"
    r"|ipykernel|Parameters\b|dtype: |<Axes"
)

READER_JS = """
const visible = el => el.offsetParent !== null;
const findings = document.getElementById('findings');
const cells = Array.from(document.querySelectorAll('td, th')).filter(visible);
return {
  title: document.title,
  findings: findings ? findings.querySelectorAll('li').length : 0,
  findingLinks: findings ? Array.from(findings.querySelectorAll('a[href^="#"]'))
      .map(a => a.getAttribute('href').slice(1)) : [],
  ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
  text: document.body.innerText,
  truncated: cells.filter(c => ['...', '…'].includes(c.innerText.trim())).length,
  interactive: document.querySelectorAll('table.dataTable').length,
  csvButtons: document.querySelectorAll('.dt-container button.buttons-csv').length,
  itables: document.querySelectorAll('table[id^="itables_"]').length,
};
"""

ROWS_JS = """
const table = document.querySelectorAll('table.dataTable')[arguments[0]];
return Array.from(table.querySelectorAll('tbody tr')).map(r => r.innerText);
"""


def _reader_pages(report: Path) -> list[Path]:
    return sorted(p for p in report.glob("[0-9][0-9]-*.html") if ".teaching" not in p.name)


def _sorting_works(driver, index: int) -> bool:
    """Click the headers of the interactive table ``index`` until its row order changes."""
    before = driver.execute_script(ROWS_JS, index)
    headers = driver.execute_script(
        "return Array.from(document.querySelectorAll('table.dataTable')[arguments[0]]"
        ".querySelectorAll('thead th'))",
        index,
    )
    for header in headers:
        for _ in range(2):  # ascending, then descending
            driver.execute_script("arguments[0].scrollIntoView()", header)
            header.click()
            if driver.execute_script(ROWS_JS, index) != before:
                return True
    return False


def _wait_for_tables(driver, seconds: float = 15) -> dict:
    """What READER_JS sees once every interactive table has started (they load async)."""
    import time

    deadline = time.monotonic() + seconds
    seen = driver.execute_script(READER_JS)
    while seen["interactive"] < seen["itables"] and time.monotonic() < deadline:
        time.sleep(0.2)
        seen = driver.execute_script(READER_JS)
    return seen


def _check_reader_pages(driver, report: Path) -> int:
    pages = _reader_pages(report)
    assert [p.stem for p in pages] == LESSONS, [p.name for p in pages]
    titles, interactive = {}, 0
    for page in pages:
        driver.get_log("performance")
        driver.get(page.as_uri())
        seen = _wait_for_tables(driver)
        name = page.name
        assert seen["findings"] >= 3, f"{name}: {seen['findings']} findings"
        missing = set(seen["findingLinks"]) - set(seen["ids"])
        assert not missing, f"{name}: findings link to missing sections {missing}"
        assert seen["title"] and seen["title"] != "Notebook", f"{name}: title {seen['title']!r}"
        titles[seen["title"]] = name
        leak = LEAKS.search(seen["text"])
        assert leak is None, (
            f"{name}: leaked {seen['text'][max(0, leak.start() - 80) : leak.end() + 80]!r}"
        )
        assert seen["truncated"] == 0, f"{name}: a table is cut with '...'"
        assert "more rows not shown" not in seen["text"], f"{name}: static table preview shown"
        assert seen["interactive"] == seen["itables"], f"{name}: an interactive table did not load"
        assert seen["csvButtons"] == seen["interactive"], f"{name}: a table has no CSV button"
        interactive += seen["interactive"]
        for i in range(seen["interactive"]):
            assert _sorting_works(driver, i), f"{name}: interactive table {i} does not sort"
        remote = [u for u in _requests(driver) if urlparse(u).scheme not in LOCAL_SCHEMES]
        assert remote == [], f"{name}: requests left the machine {remote}"
    assert len(titles) == len(pages), f"titles are not unique: {titles}"
    return interactive


def _check_index(driver, report: Path) -> None:
    driver.get((report / "index.html").as_uri())
    text = driver.find_element("tag name", "body").text
    items = driver.execute_script("return document.querySelectorAll('section.page li').length")
    assert items >= 15, f"index gathers {items} findings"
    for csv in sorted((report / "tables").glob("*.csv")):
        assert f"{csv.name}: " in text, f"index does not describe {csv.name}"
    students = sorted(p.name for p in (report / "student").glob("*.ipynb"))
    assert [Path(n).stem for n in students] == LESSONS
    assert all(name in text for name in students)


#: The longest interactive table of the page: its index, rows in all, columns, first page.
LONGEST_JS = """
const tables = Array.from(document.querySelectorAll('table.dataTable'));
const total = t => Number(t.closest('.dt-container').querySelector('.dt-info').innerText
    .match(/of ([\\d,]+) entries/)[1].replace(/,/g, ''));
if (!tables.length) { return null; }
const index = tables.map(total).reduce((best, n, i, all) => n > all[best] ? i : best, 0);
const table = tables[index];
return {
  index: index,
  rows: total(table),
  columns: Array.from(table.querySelectorAll('thead th')).map(th => th.innerText.trim()),
  shown: Array.from(table.querySelectorAll('tbody tr'))
      .map(r => Array.from(r.querySelectorAll('td')).map(td => td.innerText.trim())),
};
"""


def _download_csv(driver, report: Path, downloads: Path) -> tuple[dict, Path]:
    """Click the CSV button of the longest interactive table of the reader pages."""
    import time

    best = None
    for page in _reader_pages(report):
        driver.get(page.as_uri())
        _wait_for_tables(driver)
        seen = driver.execute_script(LONGEST_JS)
        if seen and (best is None or seen["rows"] > best[1]["rows"]):
            best = (page, seen)
    assert best is not None, "no interactive table to download"
    page, seen = best
    driver.get(page.as_uri())
    _wait_for_tables(driver)
    for old in downloads.glob("*"):
        old.unlink()
    button = driver.execute_script(
        "return document.querySelectorAll('table.dataTable')[arguments[0]]"
        ".closest('.dt-container').querySelector('button.buttons-csv')",
        seen["index"],
    )
    driver.execute_script("arguments[0].scrollIntoView()", button)
    button.click()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done = [p for p in downloads.glob("*.csv") if p.stat().st_size]
        if done and not list(downloads.glob("*.crdownload")):
            return seen, done[0]
        time.sleep(0.2)
    raise AssertionError(f"{page.name}: the CSV button downloaded nothing into {downloads}")


def _check_csv_download(driver, report: Path, downloads: Path) -> None:
    """The CSV holds every row of the table (not one page) and the raw numbers."""
    import pandas as pd

    from analysis.tables import column_formats, format_value

    seen, path = _download_csv(driver, report, downloads)
    csv = pd.read_csv(path)
    assert len(csv) == seen["rows"] > len(seen["shown"]), (path.name, len(csv), seen["rows"])
    assert [str(c) for c in csv.columns] == seen["columns"]
    numeric = [c for c in column_formats(csv) if pd.api.types.is_numeric_dtype(csv[c])]
    assert numeric, f"{path.name}: no column of numbers, the values were exported as text"
    kinds = column_formats(csv)
    for i, shown in enumerate(seen["shown"]):  # the page formats the very values the CSV holds
        for j, col in enumerate(csv.columns):
            if col in numeric:
                assert format_value(csv[col].iloc[i], kinds[col]) == shown[j], (col, i)


WIDE_JS = """
return Array.from(document.querySelectorAll('table')).map(t => ({
  columns: Array.from(t.querySelectorAll('thead th')).map(th => th.innerText.trim()),
  rows: t.querySelectorAll('tbody tr').length,
}));
"""


def _check_wide_topic_tables(driver, report: Path) -> None:
    """Lesson 04 shows one row per topic; the exported CSV stays tidy (topic, rank, term)."""
    import pandas as pd

    tidy = pd.read_csv(report / "tables" / "topic_terms.csv")
    assert {"topic", "rank", "term"} <= set(tidy.columns)
    k = tidy["topic"].nunique()
    assert len(tidy) > k  # long: one row per topic and rank
    driver.get((report / "04-topics.html").as_uri())
    shown = {tuple(t["columns"]): t["rows"] for t in driver.execute_script(WIDE_JS)}
    assert shown.get(("topic", "share", "top terms")) == k, shown
    assert shown.get(("topic", "λ = 1 (probability)", "λ = 0.6 (relevance)")) == k, shown


@pytest.mark.timeout(2400)  # renders the whole demo corpus first (about 6 minutes on 2 cores)
def test_reader_pages_of_the_demo_corpus(browser, demo_report, downloads):
    # lesson 01's weekly coverage; topics' terms are wide tables now, one row per topic
    assert _check_reader_pages(browser, demo_report) >= 1, "no long table is interactive"
    _check_csv_download(browser, demo_report, downloads)
    _check_wide_topic_tables(browser, demo_report)
    _check_index(browser, demo_report)
    text = (demo_report / "index.html").read_text(encoding="utf-8")
    assert 'id="composition"' in text  # the demo's outlets differ a lot in size


def test_reader_pages_of_an_undated_txt_corpus(browser, undated_txt_report):
    _check_reader_pages(browser, undated_txt_report)
    _check_index(browser, undated_txt_report)
    body = (undated_txt_report / "01-corpus-overview.html").read_text(encoding="utf-8")
    assert "No article carries a publication date" in body


def test_reader_pages_of_the_small_report(browser, rendered_report, downloads):
    assert _check_reader_pages(browser, rendered_report) >= 1
    _check_csv_download(browser, rendered_report, downloads)
