"""The words under the pointer: hover, the word popup and its content and actions, the words
and segments it offers, and the word layers (known words, colour by level)."""
