"""Data shipped with the reader: the bundled article, glossary, icons (read with importlib.resources)."""
