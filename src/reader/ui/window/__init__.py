"""The main window's frame: menus and actions, shortcuts, preferences, report dialog, comfort settings.

The window hosts the reading view and the panels; features reach it through what app wires.
"""
