"""Qt user interface of the reader: thin widgets over reader.core."""
