"""Batched translation with an argos package's own CTranslate2 model, tokenizer and
sentence splitter, reproducing ``argostranslate.translate`` step by step, but with one
``translate_batch`` call for many segments instead of one call per sentence (which can
change an output where beams nearly tie: see MAX_BATCH_TOKENS).

What argos does for ``translate(text)`` (1.11): split the text into paragraphs at "\\n";
split each paragraph into sentences with the package's sentencizer; tokenize each;
translate the paragraph's sentences in one batch (beam ``max(1, ARGOS_BEAM_SIZE)``,
``length_penalty=0.2``, ``replace_unknowns``, token batches of ``ARGOS_BATCH_SIZE``);
join the paragraph's output tokens and decode them; drop the target prefix and one
leading space; join the paragraphs with "\\n". The same steps run here over all
paragraphs of all segments at once.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from corpus_tools.translate.archive import PackageError
from corpus_tools.translate.environment import require_argos
from corpus_tools.translate.packages import InstalledPackage

LENGTH_PENALTY = 0.2  # hard-coded in argostranslate.translate.apply_packaged_translation
#: Tokens per batch. argos uses ARGOS_BATCH_SIZE (32 tokens: about one sentence a batch);
#: batching many sentences is where the speed comes from. A sentence padded to a longer
#: one in its batch can decode differently (float sums change, a near beam tie flips):
#: benchmarks/bench_translate.py counts and lists such outputs (2 of 103 on its model).
MAX_BATCH_TOKENS = 512


class BatchTranslator:
    def __init__(self, package: InstalledPackage, threads: int | None = None) -> None:
        """``threads``: batches decoded at once, one core each (default: the machine's
        cores; 1 in each worker of a process pool)."""
        if not package.has_sentence_model:
            raise PackageError(
                f"{package.path.name}: carries no minisbd/*.onnx sentence model; without one "
                "argostranslate would download one, which offline use cannot allow")
        require_argos()
        import ctranslate2
        from argostranslate import settings
        from argostranslate.package import Package
        from argostranslate.sbd import MiniSBDSentencizer

        self.package = package
        self._pkg = Package(package.path)
        self._sentencizer = MiniSBDSentencizer(self._pkg)  # the class argos picks
        # Batches decoded in parallel, one core each, so that no batch's threads compete with
        # another's (argos's default, intra_threads=0, starts a thread per core in every
        # batch). No benchmark compares the two settings: bench_translate measures the
        # batched path as a whole against argostranslate.
        self._translator = ctranslate2.Translator(
            str(package.path / "model"),
            device=settings.device,
            inter_threads=threads or os.cpu_count() or 1,
            intra_threads=1,
            compute_type=settings.compute_type,
        )
        self.settings = self.settings_of(package)
        self.model_calls = 0

    @staticmethod
    def settings_of(package: InstalledPackage) -> dict[str, Any]:
        """The decoding settings, recorded in provenance and part of every cache key."""
        from argostranslate import settings
        from argostranslate.package import Package

        return {
            "beam_size": max(1, settings.beam_size),
            "num_hypotheses": 1,
            "length_penalty": LENGTH_PENALTY,
            "replace_unknowns": True,
            "max_batch_size": MAX_BATCH_TOKENS,
            "batch_type": "tokens",
            "compute_type": settings.compute_type,
            "sentence_splitter": "minisbd (packaged model)",
            "target_prefix": Package(package.path).target_prefix,
        }

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translate every text, exactly as ``argostranslate`` would one by one."""
        units: list[tuple[int, int]] = []  # (text index, paragraph index) per sentence
        tokens: list[list[str]] = []
        paragraphs = [text.split("\n") for text in texts]
        for text_index, parts in enumerate(paragraphs):
            for paragraph_index, paragraph in enumerate(parts):
                for sentence in self._sentencizer.split_sentences(paragraph):
                    units.append((text_index, paragraph_index))
                    tokens.append(self._pkg.tokenizer.encode(sentence))
        outputs: list[list[list[str]]] = [[[] for _ in parts] for parts in paragraphs]
        if tokens:
            prefix = self._pkg.target_prefix
            results = self._translator.translate_batch(
                tokens,
                target_prefix=[[prefix]] * len(tokens) if prefix != "" else None,
                replace_unknowns=True,
                max_batch_size=self.settings["max_batch_size"],
                batch_type="tokens",
                beam_size=self.settings["beam_size"],
                num_hypotheses=1,
                length_penalty=LENGTH_PENALTY,
                return_scores=True,
            )
            self.model_calls += 1
            for (text_index, paragraph_index), result in zip(units, results, strict=True):
                outputs[text_index][paragraph_index].extend(result.hypotheses[0])
        return ["\n".join(self._decode(t) for t in text_tokens).lstrip("\n")
                for text_tokens in outputs]

    def _decode(self, paragraph_tokens: list[str]) -> str:
        value: str = self._pkg.tokenizer.decode(paragraph_tokens)
        prefix = self._pkg.target_prefix
        if prefix != "" and value.startswith(prefix):
            value = value[len(prefix):]
        if value.startswith(" "):
            value = value[1:]
        return value
