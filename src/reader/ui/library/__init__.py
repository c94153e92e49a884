"""The library: every stored document, with progress, rename, remove with undo and restore.

Rows are built from the store's documents.
"""
