"""The user glossary: the glossary panel and the entry editor.

Curated terms plus the learner's own, applied at once.
"""
