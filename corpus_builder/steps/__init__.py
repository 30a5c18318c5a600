"""Corpus-level steps: the work over stored documents that follows the per-page map.

A build first turns every page into its rows (pipeline.process_capture,
:mod:`.rows`) and commits them; then it calls these steps explicitly, in
this order, on the committed store:

* :mod:`.alignment` pairs the new documents with the stored ones across
  languages and aligns their clauses and sentences (``alignments`` table);
* :mod:`.reposts` clusters copies of one text over every stored document and
  rewrites the ``reposts`` table.

They sit above ``align/`` (the algorithms) and ``store/`` (persistence), and
import neither the build nor an executor.
"""
