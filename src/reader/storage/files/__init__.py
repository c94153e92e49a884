"""The database file itself: opening it safely, judging its health, one writer, backups.

open_store (opening) takes the lock (lock), lets SQLite judge the file (health), never moves
anything without the user, remembers a damaged file kept aside (incident), takes verified
backups (backup); open_for_reading (read_only) is the commands' way in.
"""
