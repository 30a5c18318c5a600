"""The stats, validate and compact commands (CliRunner)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from store_factory import corpus, make_pair

from corpus_builder.cli.store import compact, stats, validate
from corpus_builder.steps.rows import add_document
from corpus_builder.store import CorpusWriter
from corpus_builder.store.manifest import read_manifest


@pytest.fixture()
def store(tmp_path):
    root = tmp_path / "corpus"
    docs = corpus(20)
    with CorpusWriter(root, shard_rows=8) as w:
        for doc, clauses in docs:
            add_document(w, doc, clauses)
        w.add_alignments([make_pair(docs[0][0], docs[1][0], k) for k in range(3)])
    return root


def test_stats_table_and_json(store):
    result = CliRunner().invoke(stats, [str(store)])
    assert result.exit_code == 0 and "documents by language" in result.output
    assert "src0" in result.output and "zh→ru→clause" in result.output
    data = json.loads(CliRunner().invoke(stats, [str(store), "--json"]).output)
    assert data["rows"] == {"documents": 20, "clauses": 60, "alignments": 3}
    assert data["documents_by_lang"] == {"ru": 10, "zh": 10}
    assert sum(data["documents_by_year"].values()) == 20 and "0" in data["documents_by_year"]
    assert data["reposts"] == {"clusters": 0, "reposts": 0}


def test_validate_exit_codes(store, tmp_path):
    ok = CliRunner().invoke(validate, [str(store)])
    assert ok.exit_code == 0 and ok.output.startswith("ok:")
    path = store / read_manifest(store).files[0].path
    path.write_bytes(b"garbage")
    bad = CliRunner().invoke(validate, [str(store)])
    assert bad.exit_code == 1 and "PROBLEM" in bad.output and "checksum" in bad.output
    missing = CliRunner().invoke(validate, [str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "not a corpus" in missing.output and "Traceback" not in missing.output


def test_validate_strict_fails_on_temp_files(store):
    (store / "clauses" / ".part-x.parquet.tmp").write_bytes(b"x")
    assert CliRunner().invoke(validate, [str(store)]).exit_code == 0
    strict = CliRunner().invoke(validate, [str(store), "--strict"])
    assert strict.exit_code == 1 and "warning" in strict.output


def test_compact_command(store, tmp_path):
    before = len(read_manifest(store).files)
    result = CliRunner().invoke(compact, [str(store), "--shard-rows", "1000"])
    assert result.exit_code == 0 and "merged" in result.output
    assert len(read_manifest(store).files) < before
    assert CliRunner().invoke(validate, [str(store), "--strict"]).exit_code == 0
    assert CliRunner().invoke(compact, [str(tmp_path / "nowhere")]).exit_code == 2
    assert CliRunner().invoke(compact, [str(store), "--shard-rows", "0"]).exit_code == 2


def test_compact_refuses_while_a_writer_runs(store):
    with CorpusWriter(store):
        result = CliRunner().invoke(compact, [str(store)])
    assert result.exit_code == 3 and "another writer" in result.output


def test_commands_are_registered_on_the_main_group(store):
    from corpus_builder.cli import main
    result = CliRunner().invoke(main, ["validate", str(store)])
    assert result.exit_code == 0 and result.output.startswith("ok:")
    assert CliRunner().invoke(main, ["stats", "--json", str(store)]).exit_code == 0
