"""Scripts: converting between Original, Simplified, Taiwan and Hong Kong, with offset maps.

Positions map both ways through every conversion (code points, and UTF-16 for Qt).
"""
