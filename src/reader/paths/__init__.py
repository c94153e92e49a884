"""Where files live: the notes database and the cache, where Qt would put them, without Qt.

Shared by every layer (it imports nothing of the reader's).
"""
