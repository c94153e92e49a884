"""Words: CC-CEDICT, the curated glossary, lookups and what the popup says about a word.

Dictionary index, glossary matching, term suggestions and the word under a position.
"""
