"""``corpus-builder report DIR --out SITE``: the static site's structure (lxml) and, where a browser
exists, what headless Chromium shows."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html

from corpus_builder.cli import main

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def cli(*args) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def site(example_corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    assert cli("report", example_corpus, "--out", out) == f"1 statements, 3 aligned pairs -> {out / 'index.html'}\n"
    return out


def zh_ru_page(site: Path) -> Path:
    index = html.parse(str(site / "index.html"))
    target = [a.get("href") for a in index.iter("a") if a.text_content() == "zh–ru"]
    assert len(target) == 1
    return site / target[0]


def test_index_lists_the_statement_with_its_versions_and_repost(site):
    index = html.parse(str(site / "index.html"))
    rows = index.xpath("//tr[@class='statement']")
    assert len(rows) == 1
    row = rows[0]
    assert row.xpath("string(td[1])") == "2020-09-11"
    assert [li.get("data-lang") for li in row.xpath(".//li[@class='version']")] == ["zh", "ru", "en"]
    assert row.xpath("string(td[@class='reposts'])") == "1"
    assert sorted(a.text_content() for a in row.xpath(".//li[@class='pair']/a")) == ["ru–en", "zh–en", "zh–ru"]
    assert "中华人民共和国和俄罗斯联邦外交部长联合声明" in row.text_content()


def test_pair_page_has_twelve_numbered_clause_rows_side_by_side(site):
    page = html.parse(str(zh_ru_page(site)))
    rows = page.xpath("//tr[contains(concat(' ', @class, ' '), ' clause ')]")
    assert len(rows) == 13 and rows[0].get("data-number") is None  # the preamble, then 1..12
    assert [int(r.get("data-number")) for r in rows[1:]] == list(range(1, 13))
    labels = [(r.xpath("string(td[1])"), r.xpath("string(td[3])")) for r in rows]
    assert labels[1] == ("一、", "1.") and labels[12] == ("十二、", "12.") and labels[0] == ("preamble", "preamble")
    assert all(r.xpath("string(td[2])") and r.xpath("string(td[4])") for r in rows)
    assert "Современный мир" in rows[1].xpath("string(td[4])") and "当今世界" in rows[1].xpath("string(td[2])")
    assert not page.xpath("//tr[@class='gap']") and not page.xpath("//div[@class='flag']")  # a clean pair


def test_sentence_links_have_matching_ids_on_both_sides(site):
    page = html.parse(str(zh_ru_page(site)))
    for row in page.xpath("//tr[contains(@class, 'clause')]"):
        zh = {s.get("data-link") for s in row.xpath("td[2]/span[@class='s']")}
        ru = {s.get("data-link") for s in row.xpath("td[4]/span[@class='s']")}
        assert zh == ru and "" not in zh, row.get("data-number")
    assert len({s.get("data-link") for s in page.xpath("//span[@class='s']")}) == 23  # the 23 zh–ru sentence links


def test_pages_are_self_contained(site):
    for path in site.iterdir():
        tree = html.parse(str(path))
        assert not tree.xpath("//link[@href] | //script[@src] | //img | //iframe"), path.name
        assert tree.xpath("//style") and len(tree.xpath("//script")) == 1


def test_untrusted_text_is_escaped(tmp_path, example_corpus):
    pages = tmp_path / "pages"
    shutil.copytree(example_corpus.parent / "pages", pages)
    zh = pages / "statement-zh.html"
    text = zh.read_text(encoding="utf-8")
    escaped = HOSTILE.replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("<h1>中华人民共和国", f"<h1>{escaped}中华人民共和国")
    text = text.replace("双方声明如下：", f"双方声明如下：{escaped}")
    zh.write_text(text.replace("<title>", f"<title>{escaped}"), encoding="utf-8")
    cli("build", pages, "--out", tmp_path / "corpus", "--workers", "1")
    cli("report", tmp_path / "corpus", "--out", tmp_path / "site")
    for path in (tmp_path / "site").iterdir():
        tree = html.parse(str(path))
        assert len(tree.xpath("//script")) == 1 and not tree.xpath("//img"), path.name  # only our own script
        assert not [e for e in tree.iter() if any(k.startswith("on") for k in e.attrib)], path.name
    index = html.parse(str(tmp_path / "site" / "index.html"))
    assert HOSTILE in index.getroot().text_content()


def test_not_a_corpus_and_out_a_file(tmp_path, example_corpus):
    result = CliRunner().invoke(main, ["report", str(tmp_path), "--out", str(tmp_path / "s")])
    assert result.exit_code == 2 and "not a corpus" in result.output
    (tmp_path / "f").write_text("x")
    result = CliRunner().invoke(main, ["report", str(example_corpus), "--out", str(tmp_path / "f")])
    assert result.exit_code == 2 and "is a file" in result.output


def test_report_of_realdata_and_the_statement(shared_dir, example_corpus, tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(example_corpus.parent / "pages", pages)
    out = tmp_path / "corpus"
    cli("build", shared_dir / "realdata", pages, "--out", out)
    printed = cli("report", out, "--out", tmp_path / "site")
    index = html.parse(str(tmp_path / "site" / "index.html"))
    statements = index.xpath("//tr[@class='statement']")
    assert printed.startswith(f"{len(statements)} statements, 3 aligned pairs") and len(statements) > 40
    dates = [r.xpath("string(td[1])") for r in statements]
    dated = [d for d in dates if d != "undated"]
    assert dated == sorted(dated, reverse=True)


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def test_report_in_headless_chromium(site):
    browser = _browser()
    if browser is None:
        pytest.skip("no chromium/chromium-browser/google-chrome binary on this machine (Debian: apt install "
                    "chromium chromium-driver; then pip install selenium): the structure is tested with lxml above")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    from selenium.webdriver.common.by import By

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    # (the background-networking flags: this machine's closed network refuses Chromium's own connections)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options)
    try:
        driver.get((site / "index.html").as_uri())
        assert len(driver.find_elements(By.CSS_SELECTOR, "tr.statement")) == 1
        driver.find_element(By.LINK_TEXT, "zh–ru").click()
        rows = driver.find_elements(By.CSS_SELECTOR, "tr.clause")
        assert [r.get_attribute("data-number") for r in rows[1:]] == [str(n) for n in range(1, 13)]
        for row in rows:  # the two texts of a clause start on the same line
            cells = row.find_elements(By.CSS_SELECTOR, "td.text")
            assert abs(cells[0].rect["y"] - cells[1].rect["y"]) < 2
        first = rows[1].find_element(By.CSS_SELECTOR, "td.text span.s")
        first.click()
        lit = driver.find_elements(By.CSS_SELECTOR, "span.s.hl")
        assert len(lit) >= 2 and {e.get_attribute("data-link") for e in lit} == {first.get_attribute("data-link")}
        driver.save_screenshot(os.environ.get("CORPUS_BUILDER_SCREENSHOT", str(site / "pair.png")))
    finally:
        driver.quit()
