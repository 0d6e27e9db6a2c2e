"""Build a tiny but real argos package in ~0.2 s, with no network and no torch.

It has a SentencePiece model trained on the corpus texts, a one-layer CTranslate2
Transformer with seeded random weights (its output is deterministic nonsense; the bias
towards </s> keeps it short, since argos never limits the decoding length), and a tiny
ONNX sentence splitter in the minisbd format that ends sentences at . ! ?. It exercises
the real install and translate code paths end to end.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]


def _training_lines() -> list[str]:
    lines = []
    for path in sorted((REPO / "corpus" / "documents").glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    return lines


def _sentencepiece(lines: list[str]) -> bytes:
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=buffer, vocab_size=300,
        model_type="unigram", character_coverage=1.0, hard_vocab_limit=False,
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1, minloglevel=2, num_threads=1)
    return buffer.getvalue()


@dataclass(frozen=True)
class ModelSize:
    """The tests use the default; the benchmark a size whose decoding costs about what a
    real argos model's does (6 layers, 512 dimensions)."""

    layers: int = 1
    d_model: int = 16
    ffn: int = 32
    heads: int = 2
    eos_bias: float = 7.0  # larger: shorter outputs
    scale: float = 0.5
    #: If set, outputs are about this many tokens long, as real translations are: the
    #: decoder's residual branches and embeddings are scaled by ``input_weight``, so its
    #: last hidden state is mostly the layer-normed position encoding, and the </s> row of
    #: the projection points at the encoding of this position. Random weights otherwise
    #: either stop at once or never.
    fixed_output_length: int | None = None
    #: The weight of the decoder's input-dependent branches beside the position encoding
    #: (with ``fixed_output_length``): 0 makes every input decode to nearly the same tokens;
    #: larger makes the tokens and the length depend more on the input.
    input_weight: float = 0.0


def _ctranslate2_model(vocabulary: list[str], output: Path, seed: int, size: ModelSize) -> None:
    import ctranslate2
    from ctranslate2.specs import transformer_spec

    d_model, ffn, vocab_size = size.d_model, size.ffn, len(vocabulary)
    rng = np.random.default_rng(seed)

    def weights(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * size.scale / np.sqrt(shape[-1] / 16)
                ).astype(np.float32)

    spec = transformer_spec.TransformerSpec.from_config(size.layers, size.heads)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = weights(vocab_size, d_model)
    decoder.embeddings.weight = weights(vocab_size, d_model)
    norms = [encoder.layer_norm, decoder.layer_norm]
    for layer in encoder.layer + decoder.layer:
        norms += [layer.self_attention.layer_norm, layer.ffn.layer_norm]
        layer.self_attention.linear[0].weight = weights(3 * d_model, d_model)
        layer.self_attention.linear[1].weight = weights(d_model, d_model)
        layer.ffn.linear_0.weight = weights(ffn, d_model)
        layer.ffn.linear_1.weight = weights(d_model, ffn)
    for layer in decoder.layer:
        norms.append(layer.attention.layer_norm)
        layer.attention.linear[0].weight = weights(d_model, d_model)
        layer.attention.linear[1].weight = weights(2 * d_model, d_model)
        layer.attention.linear[2].weight = weights(d_model, d_model)
    for norm in norms:
        norm.gamma = np.ones(d_model, np.float32)
        norm.beta = np.zeros(d_model, np.float32)
    projection = weights(vocab_size, d_model)
    bias = np.zeros(vocab_size, np.float32)
    eos = vocabulary.index("</s>")
    bias[eos] = size.eos_bias  # end after a few tokens
    if size.fixed_output_length is not None:
        decoder.embeddings.weight = decoder.embeddings.weight * size.input_weight
        for layer in decoder.layer:
            for linear in (layer.self_attention.linear[1], layer.attention.linear[2],
                           layer.ffn.linear_1):
                linear.weight = linear.weight * size.input_weight
        # </s> points at the positions from the length on, not at one position, so that an
        # input that moves the hidden state off the position encoding still ends, a little
        # earlier or later.
        length = size.fixed_output_length
        target = np.mean([_normed_position(p, d_model) for p in range(length, 2 * length)],
                         axis=0)
        target /= np.linalg.norm(target) / np.sqrt(d_model)
        projection[eos] = 0.6 * target
        bias[eos] = -0.6 * float(np.dot(_normed_position(length - 3, d_model), target))
    decoder.projection.weight = projection
    decoder.projection.bias = bias
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)

    class SpecConverter(ctranslate2.converters.Converter):  # type: ignore[misc]
        def _load(self):  # type: ignore[no-untyped-def]
            return spec

    SpecConverter().convert(str(output), force=True)


def _normed_position(position: int, d_model: int) -> np.ndarray:
    """CTranslate2's sinusoidal position encoding (sines, then cosines), layer-normed."""
    half = d_model // 2
    rates = np.exp(np.arange(half) * -(np.log(10000) / (half - 1)))
    encoding = np.concatenate([np.sin(position * rates), np.cos(position * rates)])
    return ((encoding - encoding.mean()) / (encoding.std() + 1e-6)).astype(np.float32)


def _sentence_splitter(language: str, characters: str) -> bytes:
    from onnx import TensorProto, helper, numpy_helper

    units = ["<PAD>", "<UNK>", *sorted(set(characters))]
    ids = {unit: index for index, unit in enumerate(units)}
    table = np.zeros((len(units), 5), dtype=np.float32)
    table[:, 0] = 1.0  # inside a token
    for char in ".!?":
        table[ids[char]] = [0, 0, 5, 0, 0]  # end of sentence
    table[ids[" "]] = [0, 3, 0, 0, 0]  # end of token
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "units"], ["logits"], axis=0)],
        "tiny_sentence_splitter",
        [helper.make_tensor_value_info("units", TensorProto.INT64, ["B", "T"]),
         helper.make_tensor_value_info("features", TensorProto.FLOAT, ["B", "T", "F"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["B", "T", 5])],
        [numpy_helper.from_array(table, "table")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    metadata = {
        "lang_code": language,
        "config": json.dumps({"max_seqlen": 1000, "batch_size": 32, "feat_funcs": []}),
        "vocab": json.dumps({"lang": language, "idx": 0, "cutoff": 0, "lower": False,
                             "_unit2id": ids, "_id2unit": units}),
        "lexicon": "null",
    }
    for key, value in metadata.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    return bytes(model.SerializeToString())


def build_package(target: Path, from_code: str = "nl", to_code: str = "en",
                  version: str = "0.1", seed: int = 0, size: ModelSize | None = None) -> Path:
    """Write ``target`` (.argosmodel) and return it."""
    import sentencepiece as spm

    lines = _training_lines()
    sp_model = _sentencepiece(lines)
    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    top = f"translate-{from_code}_{to_code}-tiny-{version.replace('.', '_')}"
    scratch = target.parent / f".{target.name}.build"
    _ctranslate2_model(vocabulary, scratch / "model", seed, size or ModelSize())
    metadata = {"package_version": version, "argos_version": "1.11.0", "from_code": from_code,
                "from_name": from_code, "to_code": to_code, "to_name": to_code,
                "type": "translate", "code": f"translate-{from_code}_{to_code}-tiny"}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{top}/metadata.json", json.dumps(metadata, indent=2))
        archive.writestr(f"{top}/sentencepiece.model", sp_model)
        archive.writestr(f"{top}/minisbd/{from_code}.onnx",
                         _sentence_splitter(from_code, "".join(lines) + " .!?"))
        for path in sorted((scratch / "model").iterdir()):
            archive.write(path, f"{top}/model/{path.name}")
    for path in sorted(scratch.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    scratch.rmdir()
    return target
