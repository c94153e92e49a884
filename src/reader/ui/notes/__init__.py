"""Highlights and notes: the notes panel, its model, undoable commands, note editor and search.

The highlights controller paints highlights in the reading view.
"""
