"""Projection: propose translation-side spans for a translation, without a person.

io.texts (the translation's target text) -> tokens/edges -> aligner (word links) ->
projector (spans through registry names and links, as a translation-side SpanFile) ->
document (load, validate, write with io.spanfile).
"""
