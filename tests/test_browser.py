"""End-to-end: the real page in headless Chromium (Debian's package, driven by Playwright).

Clicks through the story list to the demo summit story, switches views, clicks a claim
and checks that its exact evidence is highlighted in the article text, then checks the
"since last visit" highlighting after an article is posted. Screenshots are saved under
bench/out/screenshots/ (not in the repo).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from test_web import DEMO, Server, get_json, post_json, serve_demo

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SHOTS = REPO / "bench" / "out" / "screenshots"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (dev extra) missing")
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Chromium is not installed (Debian package 'chromium'; .ci/run installs it)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as play:
        launched = play.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with serve_demo(tmp_path) as running:
        yield running


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=False)


def test_click_a_claim_highlights_its_evidence(browser: Any, server: Server) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server.url + "/?order=sources")
    shot(page, "story-list.png")
    links = page.locator("a.story-link")
    assert links.count() == 2
    links.first.click()
    page.wait_for_selector("#story")
    story_id = page.locator("#story").get_attribute("data-story")
    data = get_json(server, f"/api/stories/{story_id}")
    (story,) = data["stories"]
    assert page.locator("h1").inner_text() == story["title"]
    texts = {a["id"]: a["text"] for a in data["articles"]}

    page.click("button.view[data-view=conflicts]")
    assert page.locator("#view-conflicts").is_visible()
    assert not page.locator("#view-agree").is_visible()
    claims = page.locator("#view-conflicts button.claim")
    assert claims.count() == sum(len(c["claims"]) for c in story["conflicts"])
    for n in (0, claims.count() - 1):
        claim = claims.nth(n)
        article = claim.get_attribute("data-article")
        start, end = int(claim.get_attribute("data-start")), int(claim.get_attribute("data-end"))
        claim.click()
        mark = page.locator("mark#evidence")
        assert mark.count() == 1 and mark.is_visible()
        assert mark.inner_text() == texts[article][start:end]
        box = page.locator(f"details.article[data-article='{article}']")
        assert box.get_attribute("open") is not None
        # the rest of the article text is intact around the mark
        pre = box.locator("pre.article-text")
        assert pre.evaluate("el => el.textContent") == texts[article]
    shot(page, "story-conflict-evidence.png")

    page.click("button.view[data-view=agree]")
    page.locator("#view-agree button.claim").first.click()
    assert page.locator("mark#evidence").count() == 1
    page.click("button.view[data-view=timeline]")
    assert page.locator("#view-timeline li").count() == len(story["timeline"])
    shot(page, "story-timeline.png")
    page.close()


def test_since_last_visit_highlights_what_is_new(browser: Any, server: Server) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    rows = get_json(server, "/api/stories?order=sources")["stories"]
    sid = rows[0]["id"]
    page.goto(f"{server.url}/stories/{sid}")
    assert page.locator("#since").is_hidden()
    text = (DEMO / "kessel-courier.txt").read_text(encoding="utf-8")
    article = {
        "id": "harbour-post-2026-03-16",
        "outlet": "Harbour Post",
        "published": "2026-03-16",
        "title": "Nine ports sign the Kessel Bay accord",
        "text": text.replace("Kessel Courier", "Harbour Post").replace("40 minutes", "an hour"),
    }
    status, added = post_json(server, "/api/articles", {"articles": [article]})
    assert status == 200 and added["added"][0]["story"] == sid, json.dumps(added)[:500]
    page.reload()
    banner = page.locator("#since")
    banner.wait_for(state="visible")
    assert "1 new article" in banner.inner_text()
    assert page.locator("details.article.new-since").count() == 1
    assert page.locator("[data-id].new-since").count() >= 1
    page.click("button.view[data-view=quotes]")
    shot(page, "story-since-last-visit.png")
    page.reload()  # seen now: nothing is new any more
    page.wait_for_load_state("networkidle")
    assert page.locator("#since").is_hidden()
    page.close()


def test_hostile_article_text_stays_text(browser: Any, server: Server) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    text = (DEMO / "earlier-summit-2024.txt").read_text(encoding="utf-8")
    evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    body = {"articles": [{"id": "evil", "title": evil, "outlet": evil, "text": text + evil}]}
    status, added = post_json(server, "/api/articles", body)
    assert status == 200
    page.goto(f"{server.url}/stories/{added['added'][0]['story']}")
    page.goto(server.url + "/")
    page.wait_for_load_state("networkidle")
    assert dialogs == []
    assert page.locator("img").count() == 0
    page.close()
