"""corpus-builder: a clean, aligned Chinese-Russian corpus of diplomatic texts."""
from corpus_builder.version import __version__

__all__ = ["__version__", "load"]


def __getattr__(name: str):  # lazy `corpus_builder.load`: importing the package stays cheap (no pyarrow)
    if name == "load":
        from corpus_builder.store.load import load
        return load
    raise AttributeError(f"module 'corpus_builder' has no attribute {name!r}")
