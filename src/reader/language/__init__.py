"""The Chinese language: scripts, readings and words, for any text.

Pure Python with no Qt and no storage: scripts (OpenCC and offset maps), readings (pinyin
model, styles, audit), words (CC-CEDICT, glossary, lookup) and find over displayed text.
"""
