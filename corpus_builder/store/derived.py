"""Tables derived from the whole store at the end of a run: the reposts table.

Shards are immutable, so repost links (which change whenever a new copy or a
new official source arrives) live in a small table that every run rewrites
from the MinHash signatures of all committed documents and swaps in with the
same commit protocol as the shards.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from corpus_builder.align.reposts import RepostLink, find_reposts
from corpus_builder.store.load import table_dataset
from corpus_builder.store.rowcheck import check_rows
from corpus_builder.store.rows import member_from_row
from corpus_builder.store.shards import TableSink

if TYPE_CHECKING:  # pragma: no cover
    from corpus_builder.store.writer import CorpusWriter


def repost_rows(links: list[RepostLink], run_id: str) -> list[dict]:
    return [{"doc_id": l.doc_id, "cluster_id": l.cluster_id, "repost_of": l.repost_of,
             "canonical_published": l.canonical_published, "similarity": l.similarity,
             "method": l.method, "run_id": run_id} for l in links]


def rebuild_reposts(writer: "CorpusWriter", threshold: float) -> list[RepostLink]:
    """Recompute repost clusters over every committed document and commit the new table."""
    signatures = table_dataset(writer.root, "minhash", writer.manifest).to_table()
    links = find_reposts((member_from_row(r) for r in signatures.to_pylist()), threshold)
    sink = TableSink(writer.root, "reposts", writer.run_id, writer.next_seq)
    try:
        sink.touch({})
        rows = repost_rows(links, writer.run_id)
        check_rows("reposts", rows)
        sink.add_rows(rows, {})
        done = sink.finish()
    except BaseException:
        sink.abort()
        raise
    writer.commit(done, drop=writer.manifest.table_files("reposts"))
    return links
