"""corpus-builder: a clean, aligned Chinese-Russian corpus of diplomatic texts."""
__version__ = "0.1.0"
