"""g2pM's polyphone model run by our numpy code: the BiLSTM and its probabilities (``model``),
its computed weights kept in the cache folder and read as a text's characters come
(``weights``). The readings (:mod:`reader.language.readings`) ask it about each polyphone."""
