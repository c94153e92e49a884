"""The composition root: starting the app, opening the store for the user, one window per database.

Builds settings, store and window and wires the feature panels (panels).
"""
