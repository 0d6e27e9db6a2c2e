"""What the annotation applications themselves do to our exports: Label Studio's editor
enforcing required per-region choices, brat rewriting ``.ann`` files when it saves, and
INCEpTION (DKPro Core) naming its type system ``TypeSystem.xml``; and foreign UIMA type
systems refused in one line."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from cassis import Cas, TypeSystem

from conftest import tree_digest
from corpus_tools.cli import main
from corpus_tools.interchange import FORMATS
from corpus_tools.interchange.exchange import export_corpus
from corpus_tools.interchange.labelstudio import CHOICES, labeling_config

# --- Label Studio: which regions the editor demands each required choice on ------------------

def editor_requires(control: ET.Element, region_tag: str, region_label: str) -> bool:
    """Whether Label Studio's editor refuses to save a region of ``region_tag``/``region_label``
    that lacks a value for the per-region ``control``: the rule of the editor's
    ``mixins/Required.js`` (Label Studio 1.23), which reads only the control's own
    attributes (a condition on a surrounding ``View`` does not count).
    ``test_labelstudio_server.py`` checks that the installed editor still has this rule."""
    attrs = {k.lower(): v for k, v in control.attrib.items()}
    if attrs.get("required") != "true" or attrs.get("perregion") != "true":
        return False
    tag = attrs.get("whentagname")
    if attrs.get("visiblewhen") == "region-selected" and tag and tag != region_tag:
        return False
    label = attrs.get("whenlabelvalue")
    return not (label and region_label not in label.split(","))


def region_kinds(config: ET.Element) -> list[tuple[str, str]]:
    return [(labels.attrib["name"], label.attrib["value"])
            for labels in config.iter("Labels") for label in labels.iter("Label")]


def test_each_required_choice_is_demanded_only_on_its_own_regions() -> None:
    config = ET.fromstring(labeling_config())
    owners = {"kind": ("claim", "Claim"), "checkworthy": ("claim", "Claim"),
              "author_stance": ("claim", "Claim"), "source_type": ("attribution", "Cue"),
              "quote_type": ("attribution", "Cue")}
    assert set(owners) == set(CHOICES)
    required = [c for c in config.iter() if c.attrib.get("required") == "true"]
    assert sorted(c.attrib["name"] for c in required) == sorted(owners)
    kinds = region_kinds(config)
    assert ("entity", "PERSON") in kinds and ("attribution", "Source") in kinds
    for control in required:
        demanded = [kind for kind in kinds if editor_requires(control, *kind)]
        assert demanded == [owners[control.attrib["name"]]], control.attrib["name"]


def test_the_rule_sees_a_condition_on_a_surrounding_view_as_no_condition() -> None:
    """The rule can fail: the earlier config (condition on the panel only) demands ``kind``
    on an entity region, as the editor did."""
    panel = ET.fromstring('<View visibleWhen="region-selected" whenTagName="claim">'
                          '<Choices name="kind" toName="text" perRegion="true" '
                          'required="true"/></View>')
    control = panel.find("Choices")
    assert control is not None
    assert editor_requires(control, "entity", "PERSON")


# --- brat: .ann files as brat writes them back ---------------------------------------------

def brat_save(ann: str) -> str:
    """What one save in brat (master) does to an ``.ann`` file: it splits each line into
    ``ID<TAB>DATA`` and a tail that keeps its leading tab, and writes an ``N`` line back as
    ``ID<TAB>DATA<TAB>TAIL`` (annotation.py, ``NormalizationAnnotation.__str__``), so the
    tab before the display text doubles; every other line comes back unchanged."""
    lines = []
    for line in ann.splitlines():
        ident, _, rest = line.partition("\t")
        data, tab, tail = rest.partition("\t")
        lines.append(f"{ident}\t{data}\t{tab}{tail}" if ident.startswith("N") else line)
    return "\n".join(lines) + "\n"


def _brat_export(make_corpus: Callable[[str | None], Path], tmp_path: Path) -> tuple[Path, Path]:
    root = make_corpus(None)
    export_corpus(root, "brat", tmp_path / "out")
    return root, tmp_path / "out"


@pytest.mark.parametrize("saves", [1, 3])
def test_brat_import_reads_files_saved_in_brat(
        saves: int, make_corpus: Callable[[str | None], Path], tmp_path: Path) -> None:
    root, out = _brat_export(make_corpus, tmp_path)
    before = FORMATS["brat"].read(out).documents
    for ann in out.glob("*.ann"):
        text = ann.read_text(encoding="utf-8")
        for _ in range(saves):
            text = brat_save(text)
        ann.write_text(text, encoding="utf-8")
    saved = (out / "demo-en.ann").read_text(encoding="utf-8")
    normalisation = next(line for line in saved.splitlines() if line.startswith("N1\t"))
    assert normalisation.count("\t") == 2 + saves  # brat's post-save form
    assert FORMATS["brat"].read(out).documents == before
    assert main(["import", "--from", "brat", str(out), "--annotator", "saved",
                 "--root", str(root)]) == 0


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def _first(path: Path, kind: str) -> str:
    """The id of the first ``T`` line of ``kind`` (or of the first line starting ``kind``)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        ident, _, data = line.partition("\t")
        if data.split(" ")[0] == kind or (ident.startswith(kind) and kind[:1] in "ERAN"):
            return ident
    raise AssertionError(kind)


VALID_BUT_UNSUPPORTED: dict[str, tuple[Callable[[Path], str], str]] = {
    "equivalence": (lambda ann: f"*\tEquiv {_first(ann, 'GPE')} {_first(ann, 'PERSON')}",
                    "import-unsupported] *: an equivalence line"),
    "note-on-source": (lambda ann: f"#9\tAnnotatorNotes {_first(ann, 'Source')}\tsource note",
                       "import-unsupported] #9: a note on T"),
    "note-on-relation": (lambda ann: f"#9\tAnnotatorNotes {_first(ann, 'R')}\twhy linked",
                         "(Mention relation) is valid brat"),
    "note-on-attribute": (lambda ann: f"#9\tAnnotatorNotes {_first(ann, 'A')}\tunsure",
                          "attribute) is valid brat"),
    "status-comment": (lambda ann: f"#9\tSTATUS {_first(ann, 'GPE')}\tdone",
                       "a STATUS comment is valid brat"),
    "note-on-nothing": (lambda ann: "#9\tAnnotatorNotes T999\tlost",
                        "import-reference] #9: refers to T999, which does not exist"),
    "registry-on-claim": (lambda ann: f"N99\tReference {_first(ann, 'Claim')} Registry:x\tx",
                          "a Registry reference belongs on an entity mention"),
}


@pytest.mark.parametrize("case", sorted(VALID_BUT_UNSUPPORTED))
def test_brat_lines_without_a_place_in_the_corpus_are_refused_by_kind(
        case: str, make_corpus: Callable[[str | None], Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    root, out = _brat_export(make_corpus, tmp_path)
    ann = out / "demo-en.ann"
    line, expected = VALID_BUT_UNSUPPORTED[case]
    _append(ann, line(ann))
    before = tree_digest(root)
    status = main(["import", "--from", "brat", str(out), "--root", str(root)])
    err = [e for e in capsys.readouterr().err.splitlines() if "warning:" not in e]
    assert status == 1
    assert len(err) == 1 and expected in err[0] and "demo-en.ann:" in err[0], err
    assert tree_digest(root) == before


def test_brat_notes_on_entities_claims_and_events_survive_a_save(
        make_corpus: Callable[[str | None], Path], tmp_path: Path) -> None:
    _, out = _brat_export(make_corpus, tmp_path)
    ann = out / "demo-en.ann"
    for number, target in enumerate((_first(ann, "GPE"), _first(ann, "Claim"),
                                     _first(ann, "E")), start=7):
        _append(ann, f"#{number}\tAnnotatorNotes {target}\tnote {number}")
    ann.write_text(brat_save(brat_save(ann.read_text(encoding="utf-8"))), encoding="utf-8")
    doc = next(d for d in FORMATS["brat"].read(out).documents if d.doc_id == "demo-en")
    notes = [x.note for layer in (doc.layers.entities, doc.layers.claims,
                                  doc.layers.attributions) for x in layer if x.note]
    assert sorted(notes) == ["note 7", "note 8", "note 9"]


# --- INCEpTION: TypeSystem.xml, and type systems that are not ours --------------------------

def test_inception_import_accepts_dkpro_core_s_type_system_name(
        make_corpus: Callable[[str | None], Path], tmp_path: Path) -> None:
    root = make_corpus(None)
    out = tmp_path / "out"
    export_corpus(root, "inception", out)
    before = FORMATS["inception"].read(out).documents
    (out / "typesystem.xml").rename(out / "TypeSystem.xml")
    assert FORMATS["inception"].read(out).documents == before
    assert main(["import", "--from", "inception", str(out), "--annotator", "inc",
                 "--root", str(root)]) == 0


def test_inception_import_refuses_two_type_systems(
        make_corpus: Callable[[str | None], Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = make_corpus(None)
    out = tmp_path / "out"
    export_corpus(root, "inception", out)
    (out / "TypeSystem.xml").write_bytes((out / "typesystem.xml").read_bytes())
    assert main(["import", "--from", "inception", str(out), "--root", str(root)]) == 1
    assert "needs exactly one of typesystem.xml or TypeSystem.xml, found 2" in \
        capsys.readouterr().err


def webanno_slot_cas(text: str) -> tuple[TypeSystem, Cas]:
    """A CAS like WebAnno's test data for slot features: a custom span layer whose link
    feature points at another span layer, and none of our layers."""
    ts = TypeSystem()
    span = ts.create_type("webanno.custom.SimpleSpan")
    link = ts.create_type("webanno.custom.LinkType", supertypeName="uima.cas.TOP")
    ts.create_feature(link, "role", "uima.cas.String")
    ts.create_feature(link, "target", "webanno.custom.SimpleSpan")
    host = ts.create_type("webanno.custom.SimpleLinkHost")
    ts.create_feature(host, "links", "uima.cas.FSArray", elementType=link.name)
    cas = Cas(typesystem=ts)
    cas.sofa_string = text
    target = span(begin=0, end=2)
    cas.add(target)
    cas.add(host(begin=3, end=5, links=ts.get_type("uima.cas.FSArray")(
        elements=[link(role="slot", target=target)])))
    return ts, cas


@pytest.mark.parametrize("name", ["typesystem.xml", "TypeSystem.xml"])
def test_inception_import_refuses_a_foreign_type_system_in_one_line(
        name: str, make_corpus: Callable[[str | None], Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = make_corpus(None)
    out = tmp_path / "out"
    out.mkdir()
    text = (root / "corpus" / "documents" / "demo-en.txt").read_text(encoding="utf-8")
    ts, cas = webanno_slot_cas(text)
    (out / name).write_text(ts.to_xml(), encoding="utf-8")
    (out / "demo-en.xmi").write_text(cas.to_xmi(), encoding="utf-8")
    before = tree_digest(root)
    status = main(["import", "--from", "inception", str(out), "--root", str(root)])
    err = capsys.readouterr().err.splitlines()
    assert status == 1
    assert len(err) == 1, err
    assert f"{out / name}: [import-foreign-type-system] lacks" in err[0]
    assert "webanno.custom.EntityMention" in err[0]
    assert tree_digest(root) == before
