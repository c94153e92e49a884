"""Readings (pronunciation): pinyin for every character in context, styles, and the audit.

The polyphone model (g2pM weights run by numpy), phrase readings, tone styles, and the
check of readings a source printed inline.
"""
