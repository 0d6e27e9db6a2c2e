"""Predictions to score, read from the dataset's own row format (JSON Lines or Parquet with
a config's columns: ``ner``, ``claims``, ``attributions`` or ``sentences``) or from an
annotation set (a folder of span files, or a set name), into one model.

A row names the text it predicts by ``text_id`` (an original's doc id, or a translation's
``<doc_id>.<language>.<system>``), or by ``doc_id`` alone for an original. Rows and span
files of texts outside the scored selection are left out and counted. ClassLabel columns
may hold names or integer ids. Bad input raises PredictionError with one line naming the
file, the line (JSON Lines) and the problem."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datasets import ClassLabel, Features, List

from corpus_tools.agreement import AgreementError, load_set
from corpus_tools.export.features import FEATURES
from corpus_tools.export.tokenize import tokenize
from corpus_tools.io.annotated import AnnotatedText
from corpus_tools.layout import Layout, UnsafeDocId, parse_text_id
from corpus_tools.model import (
    Attribution,
    Claim,
    EntityLabel,
    EntityMention,
    Span,
)
from corpus_tools.scoring import bio_chunks
from corpus_tools.tasks import TASK_CONFIGS, TASKS
from corpus_tools.tasks.sentences import SENTENCE_LABELS, sentence_labels
from corpus_tools.wire import VocabularyError, attributes, closed_attributes, narrow


class PredictionError(Exception):
    """Predictions that cannot be scored, with a one-line reason."""


@dataclass(frozen=True)
class Predicted:
    """One text's predictions; ``sentences`` maps sentence id to its binary labels."""

    entities: tuple[EntityMention, ...] = ()
    claims: tuple[Claim, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    sentences: Mapping[str, Mapping[str, bool]] = field(default_factory=dict)


@dataclass(frozen=True)
class Predictions:
    """What was predicted, by text id, for which tasks; ``texts`` None means every
    reference text is scored (a row file says nothing about a text it has no rows for).
    ``left_out`` counts the rows (or span files) of texts outside the scored selection."""

    by_text: Mapping[str, Predicted]
    tasks: tuple[str, ...]
    texts: frozenset[str] | None = None
    left_out: int = 0


def from_layers(layers: Mapping[str, Predicted], references: Mapping[str, AnnotatedText],
                tasks: Iterable[str] = TASKS, whole_set: bool = False,
                left_out: int = 0) -> Predictions:
    """Span-layer predictions; sentence labels derived from them as for the reference."""
    by_text = {}
    for text_id, predicted in layers.items():
        segments = references[text_id].segments
        labels = {s.segment.id: {n: s.label(n) for n in SENTENCE_LABELS}
                  for s in sentence_labels(segments, predicted.claims, predicted.attributions)}
        by_text[text_id] = Predicted(predicted.entities, predicted.claims,
                                     predicted.attributions, labels)
    return Predictions(by_text, tuple(tasks), frozenset(layers) if whole_set else None,
                       left_out)


def _name(feature: Any, value: Any) -> Any:
    """A ClassLabel id as its name; any other value (an id out of range included) as it is,
    for the vocabulary check to name."""
    if isinstance(feature, ClassLabel) and isinstance(value, int) \
            and not isinstance(value, bool) and 0 <= value < feature.num_classes:
        return feature.int2str(value)
    return value


def _doc_of(text_id: str) -> str | None:
    """The document a text id belongs to; None if it is not a text id."""
    try:
        return parse_text_id(text_id).doc_id
    except UnsafeDocId:
        return None


def _annotated(root: Path | None, text_id: str) -> bool:
    """Whether ``text_id`` is an original or a translation with a final span file (without
    a corpus root to look in, every text of a known document counts)."""
    if root is None or "." not in text_id:
        return True
    return Layout(root).span_path(text_id).exists()


class _LeftOut(Exception):
    """The row predicts a text of a scored document outside the scored selection."""


class _RowReader:
    def __init__(self, path: Path, references: Mapping[str, AnnotatedText],
                 root: Path | None = None) -> None:
        self.path, self.references, self.root = path, references, root
        self.doc_ids = {text.doc_id for text in references.values()}

    def error(self, line: int | None, message: str) -> PredictionError:
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        return PredictionError(f"{where}: {message}")

    def rows(self) -> list[tuple[int | None, dict[str, Any]]]:
        if self.path.suffix == ".parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq
            try:
                table = pq.read_table(self.path)
            except (OSError, pa.ArrowInvalid) as exc:
                raise self.error(None, f"not a Parquet file: {exc}") from None
            return [(None, row) for row in table.to_pylist()]
        rows: list[tuple[int | None, dict[str, Any]]] = []
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise self.error(None, f"cannot read: {exc}") from None
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise self.error(number, f"not JSON: {exc.msg}") from None
            if not isinstance(row, dict):
                raise self.error(number, "a row must be a JSON object")
            rows.append((number, row))
        return rows

    def field(self, line: int | None, row: dict[str, Any], name: str, features: Features) -> Any:
        if name not in row or row[name] is None:
            raise self.error(line, f"missing column {name!r}")
        feature = features.get(name)
        value = row[name]
        if isinstance(feature, List) and isinstance(value, list):
            return [_name(feature.feature, v) for v in value]
        return _name(feature, value)

    def attributes(self, line: int | None, row: dict[str, Any], features: Features,
                   item_class: type) -> dict[str, Any]:
        """The row's values of the attributes scored by kappa (wire.closed_attributes): a
        boolean as given (absent: false); a vocabulary's name or ClassLabel id, checked
        (absent: an error for a required attribute, None for an optional one)."""
        scored = set(closed_attributes(item_class))
        values: dict[str, Any] = {}
        for column, wire_field in attributes(item_class):
            if wire_field.name not in scored:
                continue
            if wire_field.type is bool:
                values[wire_field.name] = bool(row.get(column))
            elif wire_field.optional and row.get(column) is None:
                values[wire_field.name] = None
            else:
                try:
                    values[wire_field.name] = narrow(wire_field.annotated,
                                                     self.field(line, row, column, features))
                except VocabularyError as exc:
                    raise self.error(line, f"{column}: {exc}") from None
        return values

    def document(self, line: int | None, row: dict[str, Any]) -> AnnotatedText:
        """The text the row predicts: its ``text_id``, or the original ``doc_id`` names."""
        column = "text_id" if row.get("text_id") is not None else "doc_id"
        text_id = row.get(column)
        if text_id in self.references:
            return self.references[str(text_id)]
        if _doc_of(str(text_id)) in self.doc_ids and _annotated(self.root, str(text_id)):
            raise _LeftOut
        raise self.error(line, f"unknown {column} {text_id!r}")

    def span(self, line: int | None, doc: AnnotatedText, value: Any, what: str) -> Span:
        if not isinstance(value, dict) or not all(
                isinstance(value.get(k), int) for k in ("start", "end")):
            raise self.error(line, f"{what}: needs integer start and end")
        start, end = value["start"], value["end"]
        if not 0 <= start < end <= len(doc.text):
            raise self.error(line, f"{what}: [{start}, {end}) outside the text of "
                             f"{doc.text_id} (length {len(doc.text)})")
        return Span(start, end, doc.text[start:end])

    def selected(self, rows: list[tuple[int | None, dict[str, Any]]]
                 ) -> tuple[list[tuple[int | None, AnnotatedText, dict[str, Any]]], int]:
        """The rows of scored texts, each with its text, and how many were left out."""
        kept, left_out = [], 0
        for line, row in rows:
            try:
                kept.append((line, self.document(line, row), row))
            except _LeftOut:
                left_out += 1
        return kept, left_out


Rows = list[tuple[int | None, AnnotatedText, dict[str, Any]]]


def _ner(reader: _RowReader, rows: Rows, features: Features) -> dict[str, Predicted]:
    found: dict[str, list[EntityMention]] = {}
    for line, doc, row in rows:
        tags = reader.field(line, row, "ner_tags", features)
        if "token_starts" in row and "token_ends" in row:
            bounds = list(zip(row["token_starts"], row["token_ends"], strict=False))
        else:
            segment = next((s for s in doc.segments if s.id == row.get("sentence_id")), None)
            if segment is None:
                raise reader.error(line, f"unknown sentence_id {row.get('sentence_id')!r} "
                                   "(give token_starts and token_ends, or a sentence id)")
            bounds = [(s, e) for _, s, e in tokenize(doc.text, segment.start, segment.end)]
        if len(bounds) != len(tags):
            raise reader.error(line, f"{len(tags)} tags for {len(bounds)} tokens")
        entities = found.setdefault(doc.text_id, [])
        for first, end, label in bio_chunks(tags):
            span = reader.span(line, doc, {"start": bounds[first][0],
                                           "end": bounds[end - 1][1]}, "entity")
            try:
                entity_label = narrow(EntityLabel, label)
            except VocabularyError as exc:
                raise reader.error(line, f"ner_tags: {exc}") from None
            entities.append(EntityMention(f"p{len(entities) + 1}", entity_label, span))
    return {text_id: Predicted(entities=tuple(e)) for text_id, e in found.items()}


def _claims(reader: _RowReader, rows: Rows, features: Features) -> dict[str, Predicted]:
    found: dict[str, list[Claim]] = {}
    for line, doc, row in rows:
        claims = found.setdefault(doc.text_id, [])
        claims.append(Claim(
            str(row.get("id") or f"p{len(claims) + 1}"), reader.span(line, doc, row, "claim"),
            **reader.attributes(line, row, features, Claim)))
    return {text_id: Predicted(claims=tuple(c)) for text_id, c in found.items()}


def _attributions(reader: _RowReader, rows: Rows, features: Features) -> dict[str, Predicted]:
    found: dict[str, list[Attribution]] = {}
    for line, doc, row in rows:
        items = found.setdefault(doc.text_id, [])
        source = row.get("source")
        items.append(Attribution(
            str(row.get("id") or f"p{len(items) + 1}"),
            cue=reader.span(line, doc, row.get("cue"), "cue"),
            content=reader.span(line, doc, row.get("content"), "content"),
            source=None if source is None else reader.span(line, doc, source, "source"),
            **reader.attributes(line, row, features, Attribution)))
    return {text_id: Predicted(attributions=tuple(a)) for text_id, a in found.items()}


def _sentences(reader: _RowReader, rows: Rows, features: Features) -> dict[str, Predicted]:
    found: dict[str, dict[str, dict[str, bool]]] = {}
    for line, doc, row in rows:
        sentence_id = reader.field(line, row, "sentence_id", features)
        labels = {name: bool(row[name]) for name in SENTENCE_LABELS if row.get(name) is not None}
        if not labels:
            raise reader.error(line, f"no label column (one of {', '.join(SENTENCE_LABELS)})")
        found.setdefault(doc.text_id, {})[sentence_id] = labels
    return {text_id: Predicted(sentences=s) for text_id, s in found.items()}


READERS = {"ner": _ner, "claims": _claims, "attributions": _attributions,
           "sentences": _sentences}
#: A column that tells which config a row file follows, in the order they are tried.
TELLING_COLUMNS = (("ner_tags", "ner"), ("cue", "attributions"),
                   ("has_checkworthy_claim", "checkworthiness"), ("has_claim", "checkworthiness"),
                   ("author_stance", "claims"), ("kind", "claims"), ("checkworthy", "claims"))


def read_rows(path: Path, references: Mapping[str, AnnotatedText],
              task: str | None = None, root: Path | None = None) -> Predictions:
    """Rows of a config; a row of an annotated text outside ``references`` (texts under
    ``root``) is left out, a row of any other text is an error."""
    reader = _RowReader(path, references, root)
    rows = reader.rows()
    if task is None:
        columns = set().union(*(row.keys() for _, row in rows)) if rows else set()
        task = next((t for column, t in TELLING_COLUMNS if column in columns), None)
        if task is None:
            raise reader.error(None, "cannot tell the task from the columns; pass --task")
    config = TASK_CONFIGS[task]
    selected, left_out = reader.selected(rows)
    return Predictions(READERS[config](reader, selected, FEATURES[config]), (task,),
                       left_out=left_out)


def read_predictions(root: Path, source: str, references: Mapping[str, AnnotatedText],
                     task: str | None = None) -> Predictions:
    """A row file (.jsonl, .json, .parquet), or an annotation set (folder or set name):
    predictions for the texts in ``references`` (the scored selection)."""
    path = Path(source)
    if path.is_file():
        return read_rows(path, references, task, root)
    try:
        span_files = load_set(root, source)
    except AgreementError as exc:
        raise PredictionError(str(exc)) from None
    doc_ids = {text.doc_id for text in references.values()}
    unknown = sorted(text_id for text_id in span_files if _doc_of(text_id) not in doc_ids)
    if unknown:
        raise PredictionError(f"{source}: span files for unknown documents: {', '.join(unknown)}")
    layers = {text_id: Predicted(f.entities, f.claims, f.attributions)
              for text_id, f in span_files.items() if text_id in references}
    return from_layers(layers, references, (task,) if task else TASKS, whole_set=True,
                       left_out=len(span_files) - len(layers))
