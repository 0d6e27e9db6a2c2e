"""Projection: propose translation-side spans for a translation, without a person.

pairs (target text and segment pairs) -> tokens/edges -> aligner (word links) ->
projector (spans through registry names and links) -> document (load, write).
"""
