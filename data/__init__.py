"""The data files of corpus-builder, installed as the package ``corpus_builder.data``.

A regular package (this file) so that ``importlib.resources.files`` returns a real
folder, not a namespace package's MultiplexedPath.  Read them with
``corpus_builder.resources.read_lines`` / ``data_file``.
"""
