"""Storage: the notes database (SQLite) — opening, health, lock, backups, reads and the one write API.

Only this package touches SQLite; everything above it goes through Store and Operations.
Pure Python; imports reader.text, reader.language, reader.anchoring and reader.paths.
"""
