"""Label Studio: one task per document in ``tasks.json`` (``data.text``, ``data.doc_id`` and
an annotation whose ``result`` holds our layers) plus ``labeling-config.xml``, the project
config the tasks need. Import reads a Label Studio JSON export.

Mapping (offsets are code points, as current Label Studio stores them):

- entity mention -> ``labels`` region from ``entity`` (id = our id); registry id and note ->
  per-region ``textarea`` results ``registry_id`` and ``note`` on the same region id
- claim          -> ``labels`` region from ``claim``; per-region ``choices`` ``kind``,
  ``checkworthy`` (yes/no), ``author_stance``; ``textarea`` ``cluster``
- attribution    -> a ``Cue`` region from ``attribution`` (id = our id) carrying the
  per-region ``source_type`` and ``quote_type``; ``Source`` and ``Content`` regions; and
  relations cue->source, cue->content, cue->claim, cue->parent cue, source->entity mention.
- on translation-side texts, every entity, claim and cue region also carries ``textarea``
  results ``counterpart`` (ids, space-separated; ``[]`` for none), ``shift``, ``shift_note``

A relation's meaning comes from the kinds of the regions it joins, so an annotator may draw
it in either direction (only cue->cue, the parent link, reads the direction).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from typing_extensions import TypeForm

from corpus_tools.interchange.base import (
    ALIGNMENT_FIELDS,
    ExchangeDocument,
    InterchangeError,
    Layers,
    ReadResult,
    WriteResult,
    alignment_fields,
    alignment_from_fields,
)
from corpus_tools.interchange.offsets import OffsetError, Utf16Offsets
from corpus_tools.io.yamlio import atomic_write, atomic_writer
from corpus_tools.model import (
    Alignment,
    Attribution,
    AuthorStance,
    Claim,
    ClaimKind,
    EntityLabel,
    EntityMention,
    QuoteType,
    SourceType,
    Span,
)
from corpus_tools.palette import CLAIM_COLOUR, ENTITY_COLOURS, ROLE_COLOURS
from corpus_tools.wire import VocabularyError, in_vocabulary, narrow, vocabulary

TASKS_FILE, CONFIG_FILE = "tasks.json", "labeling-config.xml"
TEXT = "text"
ENTITY, CLAIM, ATTRIBUTION = "entity", "claim", "attribution"
SOURCE, CUE, CONTENT = "Source", "Cue", "Content"
T = TypeVar("T")
YesNo = Literal["yes", "no"]
#: per-region choices: control name -> (region control it belongs to, the vocabulary of
#: its values)
CHOICES: dict[str, tuple[str, Any]] = {
    "kind": (CLAIM, ClaimKind),
    "checkworthy": (CLAIM, YesNo),
    "author_stance": (CLAIM, AuthorStance),
    "source_type": (ATTRIBUTION, SourceType),
    "quote_type": (ATTRIBUTION, QuoteType),
}
TEXTAREAS: dict[str, str | None] = {"registry_id": ENTITY, "cluster": CLAIM, "note": None,
                                    **dict.fromkeys(ALIGNMENT_FIELDS)}
RELATION_LABELS = ("source", "content", "claim", "parent", "mention")


def region_condition(owner: str | None) -> dict[str, str]:
    """The visibility condition for a per-region control that belongs to ``owner``'s regions
    (``None``: every region). Label Studio's editor enforces ``required`` per region only
    through the control's own condition (``whenTagName`` and ``whenLabelValue`` on the
    control itself, not on a surrounding view), so every required control carries it."""
    condition = {"visibleWhen": "region-selected"}
    if owner == ATTRIBUTION:  # only a cue carries the attribution's attributes
        condition.update(whenTagName=ATTRIBUTION, whenLabelValue=CUE)
    elif owner is not None:
        condition.update(whenTagName=owner)
    return condition


def labeling_config() -> str:
    view = ET.Element("View")
    ET.SubElement(view, "Header", value="$doc_id")
    entity = ET.SubElement(view, "Labels", name=ENTITY, toName=TEXT)
    for label, colour in ENTITY_COLOURS.items():
        ET.SubElement(entity, "Label", value=label, background=colour)
    claim = ET.SubElement(view, "Labels", name=CLAIM, toName=TEXT)
    ET.SubElement(claim, "Label", value="Claim", background=CLAIM_COLOUR)
    roles = ET.SubElement(view, "Labels", name=ATTRIBUTION, toName=TEXT)
    for role in (SOURCE, CUE, CONTENT):
        ET.SubElement(roles, "Label", value=role, background=ROLE_COLOURS[role.lower()])
    relations = ET.SubElement(view, "Relations")
    for value in RELATION_LABELS:
        ET.SubElement(relations, "Relation", value=value)
    ET.SubElement(view, "Text", name=TEXT, value="$text")
    owners: tuple[str | None, ...] = (ENTITY, CLAIM, ATTRIBUTION, None)
    # The panels group each owner's controls and hide their headers; the conditions that
    # count are the ones on the controls.
    panels = {owner: ET.SubElement(view, "View", region_condition(owner)) for owner in owners}
    for name, (owner, values) in CHOICES.items():
        control = ET.SubElement(panels[owner], "Choices", {
            "name": name, "toName": TEXT, "perRegion": "true", "required": "true",
            "choice": "single", **region_condition(owner)})
        ET.SubElement(control, "Header", value=name)
        for value in vocabulary(values):
            ET.SubElement(control, "Choice", value=value)
    for name, textarea_owner in TEXTAREAS.items():
        panel = panels[textarea_owner]
        ET.SubElement(panel, "Header", value=name)
        ET.SubElement(panel, "TextArea", name=name, toName=TEXT, perRegion="true",
                      maxSubmissions="1", editable="true")
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"


def _region(region_id: str, control: str, label: str, span: Span) -> dict[str, Any]:
    return {"id": region_id, "from_name": control, "to_name": TEXT, "type": "labels",
            "value": {"start": span.start, "end": span.end, "text": span.text,
                      "labels": [label]}}


def _per_region(region_id: str, control: str, kind: str, span: Span, value: Any) -> dict[str, Any]:
    key = "choices" if kind == "choices" else "text"
    return {"id": region_id, "from_name": control, "to_name": TEXT, "type": kind,
            "value": {"start": span.start, "end": span.end, key: [value]}}


def _relation(from_id: str, to_id: str, label: str) -> dict[str, Any]:
    return {"type": "relation", "from_id": from_id, "to_id": to_id, "direction": "right",
            "labels": [label]}


def _alignment_regions(region_id: str, span: Span,
                       alignment: Alignment | None) -> list[dict[str, Any]]:
    return [_per_region(region_id, name, "textarea", span, value)
            for name, value in alignment_fields(alignment).items()]


def task_result(layers: Layers) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    for e in layers.entities:
        result.append(_region(e.id, ENTITY, e.label, e.span))
        if e.entity:
            result.append(_per_region(e.id, "registry_id", "textarea", e.span, e.entity))
        if e.note:
            result.append(_per_region(e.id, "note", "textarea", e.span, e.note))
        result += _alignment_regions(e.id, e.span, e.alignment)
    for c in layers.claims:
        result.append(_region(c.id, CLAIM, "Claim", c.span))
        result.append(_per_region(c.id, "kind", "choices", c.span, c.kind))
        result.append(_per_region(c.id, "checkworthy", "choices", c.span,
                                  "yes" if c.checkworthy else "no"))
        result.append(_per_region(c.id, "author_stance", "choices", c.span, c.author_stance))
        if c.cluster:
            result.append(_per_region(c.id, "cluster", "textarea", c.span, c.cluster))
        if c.note:
            result.append(_per_region(c.id, "note", "textarea", c.span, c.note))
        result += _alignment_regions(c.id, c.span, c.alignment)
    shared: dict[tuple[str, int, int, str | None], str] = {}
    relations = []
    for a in layers.attributions:
        result.append(_region(a.id, ATTRIBUTION, CUE, a.cue))
        result.append(_per_region(a.id, "source_type", "choices", a.cue, a.source_type))
        result.append(_per_region(a.id, "quote_type", "choices", a.cue, a.quote_type))
        if a.note:
            result.append(_per_region(a.id, "note", "textarea", a.cue, a.note))
        result += _alignment_regions(a.id, a.cue, a.alignment)
        for role, span in a.roles():
            if role == "cue":
                continue
            # Attributions sharing a source (with the same mention) or a content share its
            # region: the mention relation belongs to the source region.
            key = (role, span.start, span.end, a.source_mention if role == "source" else None)
            if key not in shared:
                shared[key] = f"{a.id}-{role}"
                result.append(_region(shared[key], ATTRIBUTION, role.capitalize(), span))
                if role == "source" and a.source_mention:
                    relations.append(_relation(shared[key], a.source_mention, "mention"))
            relations.append(_relation(a.id, shared[key], role))
        relations.extend(_relation(a.id, claim, "claim") for claim in a.claims)
        if a.parent:
            relations.append(_relation(a.id, a.parent, "parent"))
    return result + relations


# --- reading -----------------------------------------------------------------------------

@dataclass
class _Region:
    id: str
    control: str
    label: str
    span: Span
    extras: dict[str, str] = field(default_factory=dict)


@dataclass
class _TaskReader:
    path: Path
    task_index: int
    text: str
    utf16_regions: int = 0

    def error(self, code: str, message: str, item: str | None = None) -> InterchangeError:
        return InterchangeError(self.path, code, f"task {self.task_index}: {message}", item=item)

    def span(self, region_id: str, value: dict[str, Any]) -> Span:
        start, end, quoted = value.get("start"), value.get("end"), value.get("text")
        if not isinstance(start, int) or not isinstance(end, int):
            raise self.error("import-malformed", "region has no integer start/end", region_id)
        if 0 <= start < end <= len(self.text) and quoted in (None, self.text[start:end]):
            return Span(start, end, self.text[start:end])
        if isinstance(quoted, str):
            # Older Label Studio versions stored UTF-16 offsets: convert if that explains it.
            try:
                units = Utf16Offsets(self.text)
                s, e = units.to_code_point(start), units.to_code_point(end)
            except OffsetError:
                s = e = -1
            if 0 <= s < e and self.text[s:e] == quoted:
                self.utf16_regions += 1
                return Span(s, e, quoted)
        raise self.error("import-span-text", f"offsets {start}-{end} do not select the "
                         f"region's text {str(quoted)[:40]!r}", region_id)

    def regions(self, result: list[Any]) -> tuple[dict[str, _Region], list[dict[str, Any]]]:
        regions: dict[str, _Region] = {}
        extras: dict[str, dict[str, str]] = defaultdict(dict)
        relations = []
        for item in result:
            if not isinstance(item, dict):
                raise self.error("import-malformed", "a result item is not an object")
            kind, region_id = item.get("type"), str(item.get("id", ""))
            value = item.get("value") or {}
            if kind == "relation":
                relations.append(item)
            elif kind == "labels":
                labels = value.get("labels") or []
                if len(labels) != 1:
                    raise self.error("import-malformed", "a region needs exactly one label",
                                     region_id)
                if region_id in regions:
                    raise self.error("import-malformed", "two regions share this id", region_id)
                regions[region_id] = _Region(region_id, str(item.get("from_name")),
                                             str(labels[0]), self.span(region_id, value))
            elif kind in ("choices", "textarea"):
                key = "choices" if kind == "choices" else "text"
                values = value.get(key) or []
                if len(values) != 1 or not isinstance(values[0], str):
                    raise self.error("import-malformed", f"{item.get('from_name')} needs "
                                     "exactly one value", region_id)
                extras[region_id][str(item.get("from_name"))] = values[0]
            else:
                raise self.error("import-unknown-label", f"unexpected result type {kind!r}",
                                 region_id)
        for region_id, values in extras.items():
            if region_id not in regions:
                raise self.error("import-reference", "per-region value for a region that "
                                 "does not exist", region_id)
            regions[region_id].extras = values
        return regions, relations

    def required(self, region: _Region, tp: TypeForm[T], name: str) -> T:
        """The region's choice ``name``, as a member of the vocabulary ``tp``."""
        value = region.extras.get(name)
        if value is None:
            raise self.error("import-missing-attribute", f"{name} is not set", region.id)
        try:
            return narrow(tp, value)
        except VocabularyError as exc:
            raise self.error("import-unknown-label", f"{name}: {exc}", region.id) from None

    def alignment(self, region: _Region) -> Alignment | None:
        try:
            return alignment_from_fields(region.extras)
        except VocabularyError as exc:
            raise self.error("import-unknown-label", f"shift: {exc}", region.id) from None

    def layers(self, result: list[Any]) -> Layers:
        regions, relations = self.regions(result)
        entities: list[EntityMention] = []
        claims: list[Claim] = []
        for r in regions.values():
            if r.control == ENTITY and in_vocabulary(r.label, EntityLabel):
                entities.append(EntityMention(r.id, r.label, r.span,
                                              r.extras.get("registry_id"), r.extras.get("note"),
                                              self.alignment(r)))
            elif r.control == CLAIM and r.label == "Claim":
                claims.append(Claim(r.id, r.span, kind=self.required(r, ClaimKind, "kind"),
                                    checkworthy=self.required(r, YesNo, "checkworthy") == "yes",
                                    author_stance=self.required(r, AuthorStance,
                                                                "author_stance"),
                                    cluster=r.extras.get("cluster"), note=r.extras.get("note"),
                                    alignment=self.alignment(r)))
            elif not (r.control == ATTRIBUTION and r.label in (SOURCE, CUE, CONTENT)):
                raise self.error("import-unknown-label", f"unknown label {r.control}/{r.label}",
                                 r.id)
        links: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        mention_of: dict[str, str] = {}

        def kind(region: _Region) -> str:
            return region.label if region.control == ATTRIBUTION else region.control

        for rel in relations:
            ids = [str(rel.get("from_id")), str(rel.get("to_id"))]
            if ids[0] not in regions or ids[1] not in regions:
                raise self.error("import-reference", "relation joins a region that does not "
                                 f"exist ({ids[0]} -> {ids[1]})")
            if rel.get("direction") == "left":
                ids.reverse()
            head, tail = regions[ids[0]], regions[ids[1]]
            pair = {kind(head), kind(tail)}
            if pair == {CUE}:
                if rel.get("direction") == "bi":
                    raise self.error("import-reference", "a cue->cue (parent) relation needs a "
                                     "direction", head.id)
                links[head.id]["parent"].append(tail.id)
                continue
            cue = head if kind(head) == CUE else tail
            other = tail if cue is head else head
            if kind(cue) == CUE and kind(other) in (SOURCE, CONTENT, CLAIM):
                links[cue.id][kind(other).lower()].append(other.id)
            elif pair == {SOURCE, ENTITY}:
                source = head if kind(head) == SOURCE else tail
                mention_of[source.id] = (tail if source is head else head).id
            else:
                raise self.error("import-reference", f"a relation between {kind(head)} and "
                                 f"{kind(tail)} means nothing here", head.id)
        attributions = []
        used: set[str] = set()
        for r in regions.values():
            if kind(r) != CUE:
                continue
            role = links[r.id]
            if len(role["content"]) != 1 or len(role["source"]) > 1 or len(role["parent"]) > 1:
                raise self.error("import-reference", "a cue needs relations to exactly one "
                                 "Content and at most one Source and one parent cue", r.id)
            source_region = regions[role["source"][0]] if role["source"] else None
            used.update([*role["source"], *role["content"]])
            attributions.append(Attribution(
                id=r.id, cue=r.span, content=regions[role["content"][0]].span,
                source_type=self.required(r, SourceType, "source_type"),
                quote_type=self.required(r, QuoteType, "quote_type"),
                source=source_region.span if source_region else None,
                source_mention=mention_of.get(source_region.id) if source_region else None,
                parent=role["parent"][0] if role["parent"] else None,
                claims=tuple(role["claim"]), note=r.extras.get("note"),
                alignment=self.alignment(r)))
        for r in regions.values():
            if kind(r) in (SOURCE, CONTENT) and r.id not in used:
                raise self.error("import-orphan-role", f"{r.label} region is not linked to any "
                                 "cue", r.id)
        return Layers(tuple(entities), tuple(claims), tuple(attributions))


def _chosen_annotation(task: dict[str, Any]) -> tuple[dict[str, Any] | None, int]:
    """The latest submitted (not cancelled) annotation, and how many there were."""
    submitted = [a for a in task.get("annotations") or []
                 if isinstance(a, dict) and not a.get("was_cancelled")]
    submitted.sort(key=lambda a: (str(a.get("updated_at") or a.get("created_at") or ""),
                                  str(a.get("id", ""))))
    return (submitted[-1] if submitted else None), len(submitted)


def read_tasks(path: Path) -> tuple[list[ExchangeDocument], list[str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InterchangeError(path, "import-malformed", f"not a Label Studio JSON export: "
                               f"{exc}") from None
    tasks = data if isinstance(data, list) else [data]
    documents, warnings = [], []
    for index, task in enumerate(tasks):
        task_data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(task_data, dict) or not isinstance(task_data.get(TEXT), str) \
                or not isinstance(task_data.get("doc_id"), str):
            raise InterchangeError(path, "import-malformed", f"task {index}: needs data.text "
                                   "and data.doc_id")
        annotation, submitted = _chosen_annotation(task)
        doc_id = task_data["doc_id"]
        if annotation is None:
            warnings.append(f"{path}: task {index} ({doc_id}) has no submitted annotation; "
                            "skipped")
            continue
        if submitted > 1:
            warnings.append(f"{path}: task {index} ({doc_id}) has {submitted} annotations; "
                            f"took the latest (id {annotation.get('id')})")
        reader = _TaskReader(path, index, task_data[TEXT])
        result = annotation.get("result")
        if not isinstance(result, list):
            raise reader.error("import-malformed", "annotation has no result list")
        documents.append(ExchangeDocument(doc_id, reader.text, reader.layers(result), str(path)))
        if reader.utf16_regions:
            warnings.append(f"{path}: task {index} ({doc_id}): {reader.utf16_regions} regions "
                            "had UTF-16 offsets (older Label Studio); converted to code points")
    return documents, warnings


def write_tasks(documents: Sequence[ExchangeDocument], out_dir: Path,
                model_version: str | None = None) -> WriteResult:
    """Tasks whose regions are an annotation, or, with a ``model_version``, predictions
    (which annotators accept or reject in Label Studio), and the labeling config."""
    files = (out_dir / TASKS_FILE, out_dir / CONFIG_FILE)
    with atomic_writer(files[0]) as handle:  # one task at a time: memory stays flat
        handle.write(b"[")
        for index, doc in enumerate(documents):
            result = task_result(doc.layers)
            task: dict[str, Any] = {"data": {TEXT: doc.text, "doc_id": doc.doc_id}}
            if model_version is None:
                task["annotations"] = [{"result": result}]
            else:
                task["predictions"] = [{"model_version": model_version, "result": result}]
            handle.write(b",\n" if index else b"\n")
            handle.write(json.dumps(task, ensure_ascii=False).encode("utf-8"))
        handle.write(b"\n]\n")
    atomic_write(files[1], labeling_config())
    return WriteResult(files)


class LabelStudio:
    name = "labelstudio"
    carries_ids = True
    loses = ("nothing the corpus format holds; relation labels and directions other than "
             "cue->parent are redrawn from the regions they join; of a task's annotations "
             "only the latest submitted one is imported")

    def write(self, documents: Sequence[ExchangeDocument], out_dir: Path) -> WriteResult:
        return write_tasks(documents, out_dir)

    def read(self, in_dir: Path) -> ReadResult:
        documents, warnings = [], []
        for path in sorted(in_dir.glob("*.json")):
            docs, notes = read_tasks(path)
            documents += docs
            warnings += notes
        return ReadResult(tuple(documents), tuple(warnings))
