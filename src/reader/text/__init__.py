"""Text import: bytes or text in, a clean Document out.

Decoding, HTML and Markdown to prose, stray tags, inline readings such as 會(huì) and damage
spots, each recorded in the import report. Pure Python; imports only reader.language.
"""
