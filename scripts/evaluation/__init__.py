"""Evaluation helpers for the benchmarks and quality tests; not part of the installed library.

- :mod:`evaluation.goldsets`: readers of the extraction gold sets of ../shared
  (DAnIEL zh/ru, CWCED, Scrapinghub, realdata pages with gold).
- :mod:`evaluation.extraction_scoring`: main-text P/R/F1 as ../shared/bench/SCORING.md says.
- :mod:`evaluation.alignment_scoring`: strict link P/R/F1 and the benchmark's test variants.

Scripts in scripts/ put their own folder on ``sys.path`` to import this
package; tests/conftest.py does the same for the tests (that folder only:
``corpus_builder`` always comes from the installed package, never the checkout).
"""
