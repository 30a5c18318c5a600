"""The repost step: cluster copies of one text over the whole stored corpus.

Shards are immutable, so repost links (which change whenever a new copy or a
new official source arrives) live in the small ``reposts`` table, which this
step rebuilds from the stored repost signatures (``minhash`` table: made by
the workers, so no text is read here) and swaps in with one commit.
"""
from __future__ import annotations

import logging

from corpus_builder.align.reposts import THRESHOLD, Member, RepostLink, find_reposts
from corpus_builder.store.load import table_dataset

log = logging.getLogger(__name__)


def rebuild_reposts(writer, threshold: float = THRESHOLD) -> list[RepostLink]:
    """Recompute the repost clusters of every committed document and commit them through
    ``writer`` (an open store.CorpusWriter, its new documents flushed); returns the links."""
    writer.flush()
    signatures = table_dataset(writer.root, "minhash", writer.manifest).to_table()
    links = find_reposts((Member.from_row(r) for r in signatures.to_pylist()), threshold)
    writer.replace_table("reposts", [link.to_row(writer.run_id) for link in links])
    log.info("reposts: %d copies in %d clusters", sum(1 for l in links if l.repost_of),
             len({l.cluster_id for l in links}))
    return links
