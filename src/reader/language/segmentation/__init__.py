"""Words of a text: maximum-probability segmentation over the dictionaries, and navigation.

``folding`` (Traditional/variant characters → Simplified, one for one), ``sources`` (the
vocabulary and word frequencies), ``model`` (word costs, cached between runs), ``segmenter``
(a text → tokens) and ``segmentation`` (tokens, the word at a position, word boundaries).
"""
