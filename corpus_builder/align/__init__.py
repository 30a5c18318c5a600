"""Cross-language alignment and repost detection: the algorithms, over records (no model, no network).

They know nothing of the store; the build's corpus-level steps (corpus_builder.steps)
read the stored documents and call them.

* :mod:`.stage` — ``align_corpus(docs, clauses_by_doc)``: what steps.alignment calls;
* :mod:`.pairing` — which documents are versions of one text;
* :mod:`.clauses` — clause links by number (一、 ↔ 1.), else by content;
* :mod:`.sentalign` — the segment aligner (Gale–Church length + anchors);
* :mod:`.export` — TMX 1.4b, Moses, JSONL;
* :mod:`.reposts`, :mod:`.minhash` — copies of one text in one language.

Nothing is imported here, so that importing one module does not load the rest.
"""
