"""Reading and writing the corpus's file formats; each format in its own module."""
