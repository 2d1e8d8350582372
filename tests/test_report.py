"""`swcli report`: one self-contained HTML page, opened in a real headless browser."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from conftest import TEXT_PAGES, run

PAGES = [str(p) for p in TEXT_PAGES]
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
# how Chromium runs here: as root, no screen, and no network but loopback
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,2200")


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    done = run("report", *PAGES, "-o", str(out), "--title", "民政简报")
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def present() -> set[tuple[str, str]]:
    """The (category, unit) pairs that have aid figures counted, as stats reports them."""
    summary = json.loads(run("stats", "--json", *PAGES).stdout)
    return {(t["category"], t["unit"]) for t in summary["aid_totals"]}


def test_the_page_needs_nothing_from_a_network(page):
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<title>民政简报</title>" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "<link" not in html and "<script src" not in html


def test_one_chart_per_category_and_unit_with_a_bar_per_month(page, present):
    html = page.read_text(encoding="utf-8")
    charts = re.findall(r'<figure class="chart" data-category="([^"]+)" data-unit="([^"]+)">(.*?)</figure>', html)
    assert {(c, u) for c, u, _ in charts} == present and len(charts) == len(present)
    summary = json.loads(run("stats", "--json", "--by", "date", *PAGES).stdout)
    for category, unit, body in charts:
        bars = dict(re.findall(r'data-month="([^"]+)" data-value="([^"]+)"', body))
        expected = {m["month"]: m["value"] for m in summary["months"] if (m["category"], m["unit"]) == (category, unit)}
        assert {m: float(v) for m, v in bars.items()} == pytest.approx(expected)


def test_every_article_is_linked_to_its_text(page):
    html = page.read_text(encoding="utf-8")
    links = re.findall(r'<a href="#(a\d+)">', html)
    articles = len(run("split", *PAGES).stdout.splitlines())
    assert len(links) == articles and all(f'<article id="{a}">' in html for a in links)


def test_from_the_archive_the_page_is_the_same(tmp_path, page):
    db = str(tmp_path / "a.db")
    assert run("load", db, *PAGES).returncode == 0
    out = tmp_path / "r.html"
    assert run("report", db, "-o", str(out), "--title", "民政简报").returncode == 0
    assert out.read_bytes() == page.read_bytes()


def test_empty_input_writes_nothing_and_a_terminal_needs_o():
    done = run("report", input=b"")
    assert done.returncode == 0 and done.stdout == b""


def _browser():
    """Chromium driven by Selenium through Debian's chromedriver (.ci/run installs both)."""
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        if os.environ.get("CI"):
            pytest.fail("CI must have Debian's chromium and chromium-driver (.ci/run installs them)")
        pytest.skip("no chromium / chromedriver here: apt-get install chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def test_the_page_in_a_browser(page, present, tmp_path):
    from selenium.webdriver.common.by import By

    driver = _browser()
    try:
        driver.get(page.as_uri())
        assert driver.title == "民政简报"
        charts = driver.find_elements(By.CSS_SELECTOR, "figure.chart")
        assert {(c.get_attribute("data-category"), c.get_attribute("data-unit")) for c in charts} == present
        for chart in charts:
            bars = chart.find_elements(By.CSS_SELECTOR, "rect.point")
            assert bars and all(float(b.get_attribute("data-value")) > 0 for b in bars)
            assert all(b.rect["height"] > 0 and b.rect["width"] > 0 for b in bars)  # drawn, not only present
        shot = Path(os.environ.get("SWCLI_REPORT_SCREENSHOT") or tmp_path / "report.png")
        assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
        rows = driver.find_elements(By.CSS_SELECTOR, "#articles tbody tr")
        driver.find_element(By.ID, "filter").send_keys("没有这样的词语")
        assert rows and not any(r.is_displayed() for r in rows)  # the inline script filters the list
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
    finally:
        driver.quit()
