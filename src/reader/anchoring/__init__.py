"""Anchoring: where a highlight is, by position, quote and context, across edits of the text.

Re-anchoring aligns an old text with its edited version and places every highlight in one pass.
"""
