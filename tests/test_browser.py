"""What a person sees: headless Chromium, driven by Selenium, opens the meeting page served by
a real uvicorn, reads it, opens the source of a fact, follows a link to a person, and asks the
query page an example question and one of their own."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from api import create_app
from converters import Source
from openminutes.publish import publish
from openminutes.settings import Settings
from openminutes.vocab import Iris

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "ashcombe-full-council-2025-09-18.txt"
CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1280,1000")

if CHROMIUM is None or CHROMEDRIVER is None:
    if os.environ.get("CI"):
        pytest.fail("chromium and chromedriver are not installed; .ci/run installs them", pytrace=False)
    pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)

from selenium import webdriver  # noqa: E402  (only where there is a browser to drive)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from servers import free_port, serving


@pytest.fixture(scope="module")
def site(oxigraph) -> str:
    """The address of a real uvicorn serving the sample minutes, under IRIs of that address."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    oxigraph.store.update("DROP ALL")
    publish(oxigraph.store, Source.from_path(SAMPLE), Iris(base))
    with serving(create_app(Settings(base_iri=base), oxigraph.store), port):
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def meeting_page(site: str) -> str:
    return f"{site}doc/meeting/ashcombe-borough-council/council/2025-09-18"


def fact(browser, term: str) -> str:
    """The visible value of a term in the facts at the top of the page."""
    dl = browser.find_element(By.CSS_SELECTOR, "main dl.facts")
    terms = dl.find_elements(By.TAG_NAME, "dt")
    return next(dt for dt in terms if dt.text == term).find_element(By.XPATH, "following-sibling::dd[1]").text


def test_a_person_reads_the_meeting_page(site, browser):
    browser.get(meeting_page(site))
    assert browser.title == "Council, Thursday 18 September 2025 · OpenMinutes"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Council, Thursday 18 September 2025"
    assert fact(browser, "Body") == "Council"
    assert fact(browser, "Council") == "Ashcombe Borough Council"
    assert fact(browser, "Date") == "Thursday 18 September 2025"
    attendance = browser.find_element(By.ID, "attendance").find_element(By.XPATH, "..").text
    for attendee in ("Margaret Osei (chair)", "Daniel Frost (vice-chair)", "Lorna Brennan", "Imogen Reyes"):
        assert attendee in attendance
    items = [h3.text for h3 in browser.find_elements(By.CSS_SELECTOR, "article.item h3")]
    assert "4. Leisure Centre Opening Hours" in items


def test_a_click_shows_the_sentence_a_fact_came_from(site, browser):
    browser.get(meeting_page(site))
    chair = browser.find_element(By.XPATH, "//section[@aria-labelledby='attendance']//li[contains(., 'Margaret Osei')]")
    quote = chair.find_element(By.TAG_NAME, "blockquote")
    assert not quote.is_displayed()
    chair.find_element(By.TAG_NAME, "summary").click()
    assert quote.is_displayed()
    assert quote.text == "Councillor Margaret Osei (Chair)"


def test_a_person_follows_a_link_to_someone_who_attended(site, browser):
    browser.get(meeting_page(site))
    browser.find_element(By.LINK_TEXT, "Margaret Osei").click()
    assert browser.current_url == f"{site}doc/person/ashcombe-borough-council/margaret-osei"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Margaret Osei"
    meetings = browser.find_element(By.ID, "meetings").find_element(By.XPATH, "..").text
    assert "Council, Thursday 18 September 2025" in meetings and "present (chair)" in meetings


def test_the_meeting_page_fits_a_phone_screen(site, browser):
    browser.set_window_size(400, 800)
    try:
        browser.get(meeting_page(site))
        assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        browser.set_window_size(1280, 1000)


def test_a_person_runs_an_example_question_on_the_query_page(site, browser):
    browser.get(f"{site}sparql")
    assert browser.find_element(By.TAG_NAME, "h1").text == "SPARQL"
    browser.find_element(By.PARTIAL_LINK_TEXT, "Which meetings do the minutes record").click()
    table = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby='results'] table")
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers[:3] == ["meeting", "councilName", "bodyName"]
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert [row[1:3] for row in rows] == [["Ashcombe Borough Council", "Council"]]
    table.find_element(By.CSS_SELECTOR, "tbody td a").click()
    assert browser.current_url == meeting_page(site)


def test_a_person_types_a_query_and_reads_the_answer(site, browser):
    browser.get(f"{site}sparql")
    box = browser.find_element(By.ID, "query")
    box.clear()
    box.send_keys("PREFIX om: <https://w3id.org/openminutes/ns#>\n"
                  "SELECT ?name WHERE { ?a om:attendanceStatus om:Apologies ; om:person/om:name ?name } ORDER BY ?name")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "section[aria-labelledby='results'] tbody td")]
    assert cells == ["Imogen Reyes", "Victor Lund"], browser.find_element(By.TAG_NAME, "main").text[:600]
    assert browser.find_element(By.ID, "query").get_attribute("value").startswith("PREFIX om:")
