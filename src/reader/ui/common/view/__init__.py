"""The reading view: the text widget, its typesetter, its layers and the documents it keeps."""
