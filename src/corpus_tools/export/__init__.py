"""Publish the corpus as a Hugging Face dataset: Parquet per config, card, Croissant."""
