"""Shared UI parts: background runner, store change bridge, settings, theme, fonts, small widgets.

Imports no feature package.
"""
