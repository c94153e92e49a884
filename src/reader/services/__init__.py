"""Services: the use cases GUI and CLI share — exports, archives, saved words, user glossary.

One atomic_write for every file the user names. Pure Python; built on reader.storage.
"""
