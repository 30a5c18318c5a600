"""Hostile sizes (issue 18, case 5): work linear in the page, and a per-page time budget.
Linearity itself is timed by scripts/bench_hostile.py (ratios, never timed assertions here);
these tests check the shapes that made it quadratic and that the budget drops a page."""
from __future__ import annotations

import pandas as pd
from click.testing import CliRunner
from lxml import etree, html

from corpus_builder.cli import main
from corpus_builder.sources import links
from corpus_builder.text.hints import _hint_rules, inline_furniture

RU = ("<html><head><meta charset='utf-8'><title>Совместное заявление</title></head><body><div class='article'>"
      + "".join(f"<p>{i}. Стороны подтвердили приверженность многосторонности и сотрудничеству "
                f"в рамках Организации Объединённых Наций, пункт {i}.</p>" for i in range(1, 8))
      + "</div></body></html>")


def spans_page(n: int, extra: str = "") -> str:
    """``n`` paragraphs, each with a labelled span and a comment counter (strong furniture)."""
    body = "".join(f"<p>Стороны подтвердили <span class='c{i % 7}'>слово</span> <a class='comment-count' "
                   f"href='#'>{i % 9}</a> текст {i}.</p>" for i in range(n))
    return f"<html><head><meta charset='utf-8'><title>t</title></head><body>{body}{extra}</body></html>"


def test_links_directly_in_body_read_the_body_text_once(monkeypatch):
    calls = []
    real = html.HtmlElement.text_content
    monkeypatch.setattr(html.HtmlElement, "text_content", lambda self: calls.append(1) or real(self))
    body = ("<html><body>" + "".join(f'<a href="/n/{i}.html">Новость {i}</a> ' for i in range(2000))
            + "<ul><li><a href='/x.html'>x</a> 1 января 2020</li></ul></body></html>").encode()
    found = links.html_links(links.parse_html(body, "utf-8"))
    assert len(found) == 2001 and len(calls) == 2  # <body> once, the <li> once
    assert found[-1] == ("/x.html", "x 1 января 2020") and found[0][1].startswith("Новость 0 Новость 1")


def test_inline_furniture_finds_what_the_xpath_found():
    page = spans_page(50, "<p><a class='comments_count'>0</a>Текст <span id='popup'><b>Tweet</b></span></p>"
                          "<p><span class='subscribe'>" + "длинный текст " * 5 + "</span></p>"
                          "<div><a class='comment'>not in a paragraph</a></div><p><p>"
                          "<span class='cookie'><span class='login'>ok</span></span></p></p>")
    tree = etree.fromstring(page, etree.HTMLParser())
    strong = _hint_rules()["--"]
    expected = [el for el in etree.XPath("//p//*[self::a or self::span][@class or @id]")(tree)
                if strong.search(f"{el.get('class') or ''} {el.get('id') or ''}")
                and len("".join(el.itertext()).strip()) <= 20]
    assert inline_furniture(tree) == expected and len(expected) == 54


def test_a_page_past_its_time_budget_is_dropped_as_timeout_and_the_build_goes_on(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a-ok.html").write_text(RU, encoding="utf-8")
    (pages / "b-slow.html").write_text(spans_page(150_000), encoding="utf-8")  # ~20 MB: many seconds of work
    (pages / "c-ok.html").write_text(RU.replace("пункт", "пункт номер"), encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text("[build]\npage_timeout = 1.0\nworkers = 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(pages), "--out", str(tmp_path / "corpus"), "--no-align",
                                       "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "2 documents" in result.output and "timeout 1" in result.output
    docs = pd.read_parquet(tmp_path / "corpus" / "documents")
    assert sorted(o.rsplit("/", 1)[-1] for o in docs["origin"]) == ["a-ok.html", "c-ok.html"]


def test_the_time_budget_holds_in_a_worker_thread_too(monkeypatch):
    """Dask runs tasks in worker threads, where no SIGALRM arrives: a timer thread stops the page."""
    import threading
    import time as clock

    from corpus_builder import pipeline
    from corpus_builder.records import Capture

    def endless(capture, **kwargs):
        while True:  # pure Python: the exception arrives between two bytecodes
            clock.sleep(0.001)

    monkeypatch.setattr(pipeline, "analyse", endless)
    out = []
    started = clock.monotonic()
    worker = threading.Thread(target=lambda: out.append(pipeline.process_capture(
        Capture(url="http://x/slow", body=b"<p>x</p>"), page_timeout=0.3)))
    worker.start()
    worker.join(10)
    assert not worker.is_alive() and out[0].reason == "timeout"
    assert clock.monotonic() - started < 5


def test_a_page_done_in_time_in_a_thread_is_not_hit_later(monkeypatch):
    import threading
    import time as clock

    from corpus_builder import pipeline

    done = []

    def work():
        with pipeline.time_budget(0.2):
            pass
        clock.sleep(0.5)  # past the budget, outside the block: nothing may arrive now
        done.append(True)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(5)
    assert done == [True]
