"""CliRunner tests for `extract` and `build`, bad input included."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner
from seedpage import seed_html

from corpus_builder.cli import main

ARTICLE = ("<html><head><meta charset='utf-8'><title>Совместное заявление - МИД России</title></head><body>"
           "<div class='nav'><a href='/'>Главная</a> <a href='/news'>Новости</a></div><div class='article'>"
           "<h1>Совместное заявление</h1><p>11 сентября 2020 года</p>"
           + "".join(f"<p>{i}. Стороны подтвердили приверженность многосторонности и "
                     f"сотрудничеству в рамках Организации Объединённых Наций по пункту {i}.</p>" for i in range(1, 5))
           + "</div><div class='footer'>© МИД России</div></body></html>")


@pytest.fixture()
def pages(tmp_path):
    good = tmp_path / "ru.html"
    good.write_text(ARTICLE, encoding="utf-8")
    binary = tmp_path / "image.html"
    binary.write_bytes(bytes(range(256)) * 40)
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    return good, binary, empty


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_extract_json_shape_and_order(pages, tmp_path):
    good, binary, empty = pages
    result = run("extract", "--json", good, tmp_path / "missing.html", binary, empty)
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [item["path"] for item in lines] == [str(p) for p in (good, tmp_path / "missing.html", binary, empty)]
    first = lines[0]
    assert list(first) == ["path", "url", "lang", "title", "published", "text", "encoding", "clauses"]
    assert first["lang"] == "ru" and first["published"] == "2020-09-11"
    assert first["title"] == "Совместное заявление"
    assert set(first["encoding"]) == {"declared_http", "declared_meta", "detected", "used", "replaced"}
    assert [c["number"] for c in first["clauses"]][1:] == [1, 2, 3, 4]
    assert set(first["clauses"][1]) == {"index", "number", "label", "heading", "text", "tokens"}
    assert lines[1]["error"].startswith("missing")
    assert lines[2]["error"].startswith("binary")
    assert lines[3]["error"].startswith("empty")


def test_extract_url_and_lang(pages):
    good, _, _ = pages
    result = run("extract", "--json", "--url", "https://mid.ru/ru/foreign_policy/news/1", "--lang", "ru", good)
    assert result.exit_code == 0
    assert json.loads(result.output)["url"] == "https://mid.ru/ru/foreign_policy/news/1"


def test_extract_bad_usage(pages):
    good, binary, _ = pages
    assert run("extract", "--lang", "de", good).exit_code == 2
    result = run("extract", "--url", "http://x/", good, binary)
    assert result.exit_code == 2 and "single PATH" in result.output
    assert run("extract").exit_code == 2


def test_extract_human_output(pages):
    result = run("extract", pages[0])
    assert result.exit_code == 0 and "[ru] 'Совместное заявление'" in result.output


def test_build_folder_then_rerun_adds_nothing(pages, tmp_path, seed_text):
    (tmp_path / "seed.html").write_bytes(seed_html(seed_text))
    out = tmp_path / "corpus"
    result = run("build", tmp_path, "--out", out, "--workers", "1", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.splitlines()[-1])
    assert summary["documents"] == 2 and summary["dropped"] == {"binary": 1, "empty": 1}
    clauses = pd.read_parquet(out / "clauses")
    assert sorted(clauses.groupby("doc_id").size()) == [5, 13]
    again = run("build", tmp_path, "--out", out, "--workers", "2", "--json")
    assert json.loads(again.output.splitlines()[-1])["documents"] == 0
    assert len(pd.read_parquet(out / "clauses")) == len(clauses)


def test_build_reports_missing_input_but_keeps_the_rest(pages, tmp_path):
    out = tmp_path / "corpus"
    result = run("build", pages[0], tmp_path / "nope", "--out", out, "--workers", "1")
    assert result.exit_code == 1
    assert "nope: missing" in result.output and "1 documents" in result.output
    assert len(pd.read_parquet(out / "documents")) == 1


def test_build_bad_config_is_usage_error(pages, tmp_path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[build]\nworkerz = 2\n")
    result = run("build", pages[0], "--out", tmp_path / "c", "--config", cfg)
    assert result.exit_code == 2 and "unknown setting 'workerz'" in result.output
    assert not (tmp_path / "c").exists()
