"""Reading: the text view, script toggle, readings (ruby, hover), word popup and actions, find, read aloud.

Also opening documents into the view (documents).
"""
