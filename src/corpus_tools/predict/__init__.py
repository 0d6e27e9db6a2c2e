"""Predictors that need no model weights: an entity gazetteer and a cue lexicon for
attributions. The baselines and ``corpus-tools suggest`` use the same ones."""
