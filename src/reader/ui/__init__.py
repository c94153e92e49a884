"""The Qt user interface: the composition root (app), shared parts (common) and one package per feature.

Features (reading, notes, vocab, glossary, library) do not import each other; the window
(window) frames them and app wires them together.
"""
