"""Shared UI parts: background and op runners, store change bridge, settings, theme, fonts,
small widgets.

Imports no feature package.
"""
