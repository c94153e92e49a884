"""Saved words: the vocabulary panel, its model and filter, undoable deletes, exports.

Anki, Pleco and TSV exports with a dialog.
"""
