"""The package's version, in a module of the lowest layer so that any module may import it
(keep it equal to ``version`` in pyproject.toml; tests/test_packaging.py checks)."""
__version__ = "0.1.0"
