"""Cross-language alignment (no model, no network).

* :mod:`.stage` — ``align_corpus(docs, clauses_by_doc)``: what the build calls;
* :mod:`.pairing` — which documents are versions of one text;
* :mod:`.clauses` — clause links by number (一、 ↔ 1.), else by content;
* :mod:`.sentalign` — the segment aligner (Gale–Church length + anchors);
* :mod:`.export` — TMX 1.4b, Moses, JSONL;
* :mod:`.reposts`, :mod:`.minhash` — copies of one text in one language.

Nothing is imported here, so that importing one module does not load the rest.
"""
