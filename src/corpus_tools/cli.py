"""``corpus-tools``: a thin argparse layer over the library. Exit codes: 0 clean (or
warnings only), 1 errors found or a refusal (bad input, a file-system problem), 2 usage
error, 3 a bug in corpus-tools, 130 interrupted."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from corpus_tools import __version__
from corpus_tools.checks.report import (
    cap,
    format_checks,
    format_github,
    format_json,
    format_text,
    passed,
)
from corpus_tools.checks.runner import default_jobs, validate
from corpus_tools.labels import ANNOTATOR_KINDS, LANGUAGES
from corpus_tools.layout import FINAL_SET, Layout, UnsafeDocId, check_doc_id, find_root
from corpus_tools.printable import printable
from corpus_tools.schema import SCHEMA_VERSIONS, current_version

# Each command imports what only it uses, so that a command (above all a re-validation
# answered from the cache) pays for no other command's dependencies.

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _complain(message: str) -> None:
    """One line on stderr; names from files and arguments may hold control characters."""
    print(printable(message), file=sys.stderr)


class UsageError(Exception):
    pass


def _root_of(path: Path) -> Path:
    if not path.exists():
        raise UsageError(f"{path}: no such file or directory")
    root = find_root(path)
    if root is None:
        raise UsageError(f"{path}: not inside a corpus (no corpus/ or annotations/ above it)")
    return root


def _under(relative_file: str, selector: Path, root: Path) -> bool:
    target = selector.resolve()
    if target == root.resolve():
        return True
    return (root / relative_file).resolve().is_relative_to(target)


def _jobs(value: str) -> int:
    jobs = int(value)
    if jobs < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return jobs


def _jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", "-j", type=_jobs, default=default_jobs(), metavar="N",
                        help="worker processes over documents (default: the machine's "
                        f"cores, {default_jobs()}); the output is the same for any N")


def cmd_validate(args: argparse.Namespace) -> int:
    if args.list_checks:
        sys.stdout.write(format_checks())
        return EXIT_CLEAN
    paths = [Path(p) for p in args.paths] or [Path.cwd()]
    roots: dict[Path, list[Path]] = {}
    for path in paths:
        roots.setdefault(_root_of(path), []).append(path)
    findings, files = [], 0
    for root, selectors in roots.items():
        result = validate(root, use_cache=not args.no_cache, jobs=args.jobs, level=args.level)
        files += result.files_checked
        for finding in result.findings:
            selected = any(_under(finding.file, s, root) for s in selectors)
            if selected:
                findings.append(finding)
    shown, suppressed = cap(findings, args.max_per_check)
    if args.format == "json":
        sys.stdout.write(format_json(shown, suppressed, files, args.level, strict=args.strict))
    elif args.format == "github":
        sys.stdout.write(format_github(shown, suppressed, files))
    else:
        sys.stdout.write(format_text(shown, suppressed, files))
    return EXIT_CLEAN if passed(findings, strict=args.strict) else EXIT_FINDINGS


def cmd_fix(args: argparse.Namespace) -> int:
    from corpus_tools.fix import FixNote, fix_file

    paths = [Path(p) for p in args.paths] or [Path.cwd()]
    notes: list[FixNote] = []
    for path in paths:
        root = _root_of(path)
        layout = Layout(root)
        targets = layout.span_files_under(path) if path.is_dir() else [path]
        for target in targets:
            notes += fix_file(target, layout, write=not args.check)
    for note in notes:
        print(printable(str(note)))
    changes = sum(n.is_change for n in notes)
    unresolved = len(notes) - changes
    verb = "would change" if args.check else "changed"
    print(f"fix: {verb} {changes} item(s); {unresolved} left for a person")
    return EXIT_FINDINGS if unresolved or (args.check and changes) else EXIT_CLEAN


def cmd_migrate(args: argparse.Namespace) -> int:
    from corpus_tools.migrate import MigrateNote, migrate_file

    paths = [Path(p) for p in args.paths] or [Path.cwd()]
    notes: list[MigrateNote] = []
    for path in paths:
        layout = Layout(_root_of(path))
        targets = layout.span_files_under(path) if path.is_dir() else [path]
        notes += [migrate_file(target, layout, args.to, write=not args.check)
                  for target in targets]
    for note in notes:
        if note.kind != "current":
            print(note)
    changes = sum(n.is_change for n in notes)
    skipped = sum(n.kind == "skipped" for n in notes)
    verb = "would migrate" if args.check else "migrated"
    print(f"migrate: {verb} {changes} file(s) to schema {args.to}; "
          f"{len(notes) - changes - skipped} already current; {skipped} left for a person")
    return EXIT_FINDINGS if skipped or (args.check and changes) else EXIT_CLEAN


def cmd_add(args: argparse.Namespace) -> int:
    from corpus_tools.add import AddError, add_document

    root = _root_of(Path(args.root))
    try:
        added = add_document(root, Path(args.file), args.lang, args.id)
    except AddError as exc:
        _complain(f"add: {exc}")
        return EXIT_FINDINGS
    for change in added.changes:
        print(f"add: {args.file}: {change}")
    layout = Layout(root)
    print(f"add: added {added.doc_id} ({args.lang}; langdetect {added.detected_language} "
          f"p={added.probability:.2f}): " + ", ".join(layout.relative(p) for p in added.files))
    print("add: fill in the metadata stub from the text, then run `corpus-tools validate`")
    return EXIT_CLEAN


def cmd_segment(args: argparse.Namespace) -> int:
    from corpus_tools.segment import SegmentError, write_segmentation

    root = _root_of(Path(args.root))
    layout = Layout(root)
    doc_ids = args.docs or [p.name.removesuffix(".txt") for p in
                            sorted(layout.documents_dir.glob("*.txt"))]
    failed = False
    for doc_id in doc_ids:
        try:
            written = write_segmentation(root, check_doc_id(doc_id))
        except (SegmentError, UnsafeDocId) as exc:
            _complain(f"segment: {exc}")
            failed = True
            continue
        if written is None:
            print(f"segment: {doc_id}: kept the stored segmentation")
        else:
            print(f"segment: {doc_id}: wrote {layout.relative(written)}")
    return EXIT_FINDINGS if failed else EXIT_CLEAN


def cmd_translate(args: argparse.Namespace) -> int:
    # Imported here: the core CLI must work without the translate extra.
    from corpus_tools.translate.archive import PackageError
    from corpus_tools.translate.environment import TranslateUnavailable
    from corpus_tools.translate.evaluate import evaluate
    from corpus_tools.translate.packages import install_package
    from corpus_tools.translate.pipeline import NoPackage, translate_corpus

    root = _root_of(Path(args.root))
    try:
        if args.package:
            package = install_package(root, Path(args.package))
            print(f"translate: installed {package.code} {package.version} "
                  f"({package.from_code}->{package.to_code}) from {args.package}")
        run = translate_corpus(root, [check_doc_id(d) for d in args.docs] or None, args.to,
                               progress=not args.no_progress, jobs=args.jobs)
    except (PackageError, NoPackage, TranslateUnavailable, UnsafeDocId) as exc:
        _complain(f"translate: {exc}")
        return EXIT_FINDINGS
    layout = Layout(root)
    for path in run.written:
        print(f"translate: wrote {layout.relative(path)}")
    print(f"translate: {run.segments} segments, {run.cache_hits} from the cache, "
          f"{run.model_calls} model calls")
    try:
        scores = evaluate(root)
    except ImportError:
        _complain("translate: install sacrebleu to score against the references")
        return EXIT_CLEAN
    for score in scores:
        print(f"translate: {score}")
    return EXIT_CLEAN


def cmd_build(args: argparse.Namespace) -> int:
    from corpus_tools.export.build import BuildError, build

    root = _root_of(Path(args.root))
    try:
        result = build(root, jobs=args.jobs)
    except BuildError as exc:
        _complain(f"build: {exc}")
        return EXIT_FINDINGS
    for name, count in result.counts.items():
        print(f"build: {name}: {count} rows")
    print(f"build: signature {result.signature}")
    return EXIT_CLEAN


def cmd_publish(args: argparse.Namespace) -> int:
    from corpus_tools.export.publish import PublishError, publish

    root = _root_of(Path(args.root))
    try:
        files = publish(root, args.repo_id, dry_run=args.dry_run)
    except PublishError as exc:
        _complain(f"publish: {exc}")
        return EXIT_FINDINGS
    verb = "would upload" if args.dry_run else "uploaded"
    for name in files:
        print(f"publish: {verb} {name}")
    return EXIT_CLEAN


def cmd_stats(args: argparse.Namespace) -> int:
    from corpus_tools.stats import collect, format_table

    stats = collect(_root_of(Path(args.root)), args.set)
    if args.format == "json":
        print(json.dumps(stats.to_json(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(format_table(stats))
    return EXIT_CLEAN


def cmd_agreement(args: argparse.Namespace) -> int:
    from corpus_tools.agreement import AgreementError, compare_sets
    from corpus_tools.agreement import format_text as format_agreement

    try:
        agreement = compare_sets(_root_of(Path(args.root)), args.a, args.b)
    except AgreementError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        print(json.dumps(agreement.to_json(), indent=2))
    else:
        sys.stdout.write(format_agreement(agreement, disagreements=args.disagreements))
    return EXIT_CLEAN


def cmd_export(args: argparse.Namespace) -> int:
    from corpus_tools.interchange.base import InterchangeError
    from corpus_tools.interchange.exchange import export_corpus

    root = _root_of(Path(args.root))
    try:
        result = export_corpus(root, args.to, Path(args.dir), args.docs, args.set, args.force)
    except InterchangeError as exc:
        _complain(f"corpus-tools: {exc}")
        return EXIT_FINDINGS
    for warning in result.warnings:
        _complain(f"corpus-tools: warning: {warning}")
    print(f"wrote {len(result.files)} files to {args.dir}")
    return EXIT_CLEAN


def cmd_import(args: argparse.Namespace) -> int:
    from corpus_tools.interchange.base import InterchangeError
    from corpus_tools.interchange.exchange import ImportRefused, import_corpus
    from corpus_tools.model import AnnotatorKind
    from corpus_tools.wire import narrow

    root = _root_of(Path(args.root))
    try:
        result = import_corpus(root, args.from_, Path(args.dir), annotator=args.annotator,
                               annotator_kind=narrow(AnnotatorKind, args.annotator_kind),
                               annotation_set=args.set,
                               replace_existing=args.replace)
    except (InterchangeError, UnsafeDocId) as exc:
        _complain(f"corpus-tools: {exc}")
        return EXIT_FINDINGS
    except ImportRefused as exc:
        for reason in exc.reasons:
            _complain(f"corpus-tools: refused: {reason}")
        return EXIT_FINDINGS
    for warning in result.warnings:
        _complain(f"corpus-tools: warning: {warning}")
    for change in result.changes:
        print(change)
    print(f"wrote {len(result.written)} span files; validation: "
          f"{len(result.findings) or 'no'} findings")
    sys.stdout.write(format_text(list(result.findings), Counter(), len(result.written))
                     if result.findings else "")
    return EXIT_CLEAN


def cmd_render(args: argparse.Namespace) -> int:
    from corpus_tools.render import RenderError, UnknownSelection, render_corpus

    root = _root_of(Path(args.root))
    try:
        written = render_corpus(root, Path(args.out), args.docs or None, args.set)
    except UnknownSelection as exc:
        raise UsageError(f"render: {exc}") from None
    except RenderError as exc:
        _complain(f"corpus-tools: render: {exc}")
        return EXIT_FINDINGS
    print(f"wrote {len(written)} pages to {args.out} (open {written[0]})")
    return EXIT_CLEAN


def cmd_evaluate(args: argparse.Namespace) -> int:
    from corpus_tools.tasks import DEFAULT_SELECTION
    from corpus_tools.tasks.evaluate import (
        evaluate,
        format_json,
        format_text,
        reference_data,
        reference_texts,
    )
    from corpus_tools.tasks.predictions import PredictionError, read_predictions

    root = _root_of(Path(args.root))
    selection = args.texts or DEFAULT_SELECTION
    references = reference_texts(root, selection)
    try:
        predictions = read_predictions(root, args.predictions, references, args.task)
        result = evaluate(references, predictions, reference_data(root),
                          [args.task] if args.task else None, selection)
    except PredictionError as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    sys.stdout.write(format_json(result) if args.format == "json" else format_text(result))
    return EXIT_CLEAN


def cmd_suggest(args: argparse.Namespace) -> int:
    from corpus_tools.suggest import SuggestError, suggest

    if args.to and args.to[0] != "labelstudio":
        raise UsageError(f"suggest: --to {args.to[0]}: only labelstudio takes predictions")
    root = _root_of(Path(args.root))
    try:
        result = suggest(root, args.docs, args.set, Path(args.to[1]) if args.to else None,
                         args.force)
    except SuggestError as exc:
        print(f"suggest: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    for doc_id, (entities, attributions) in result.counts.items():
        print(f"suggest: {doc_id}: {entities} entity mentions, {attributions} attributions")
    layout = Layout(root)
    for path in result.written:
        print(f"suggest: wrote {layout.relative(path)}")
    return EXIT_CLEAN


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value!r}")
    return number


def cmd_project(args: argparse.Namespace) -> int:
    # Imported here: eflomal is an optional, compiled dependency.
    from corpus_tools.project.aligner import AlignerError
    from corpus_tools.project.document import (
        ProjectionError,
        project_document,
        write_projection,
    )

    root = _root_of(Path(args.root))
    try:
        projection = project_document(root, check_doc_id(args.doc), args.translation,
                                      args.method)
        path = write_projection(root, projection, args.set, force=args.force)
    except UnsafeDocId as exc:
        raise UsageError(f"project: {exc}") from None
    except (ProjectionError, AlignerError) as exc:
        print(f"corpus-tools: project: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    spans = projection.span_file
    print(f"project: wrote {Layout(root).relative(path)}: {len(spans.entities)} entities, "
          f"{len(spans.claims)} claims, {len(spans.attributions)} attributions; "
          f"{len(spans.dropped)} original item(s) dropped (listed in the file)")
    return EXIT_CLEAN


class _Choices(Sequence[str]):
    """An option's choices: the names in a module's mapping, imported only when a command
    takes the option or help is shown (the interchange formats import their tools'
    libraries, the tasks the corpus reader). Its option needs a metavar, or argparse
    lists the choices as it builds the parser."""

    def __init__(self, module: str, mapping: str) -> None:
        self.module, self.mapping = module, mapping

    def _names(self) -> tuple[str, ...]:
        return tuple(getattr(importlib.import_module(self.module), self.mapping))

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return self._names()[index]

    def __len__(self) -> int:
        return len(self._names())


_FORMAT_NAMES = _Choices("corpus_tools.interchange", "FORMATS")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corpus-tools", description=__doc__)
    parser.add_argument("--version", action="version", version=f"corpus-tools {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check span files, texts, metadata and the registry")
    p.add_argument("paths", nargs="*", metavar="PATH", help="corpus root, folders or files")
    _jobs_option(p)
    p.add_argument("--format", choices=("text", "json", "github"), default="text")
    p.add_argument("--level", type=int, choices=(1, 2, 3), default=3,
                   help="run the checks up to this level and stop there (1: files and "
                   "syntax, 2: each file's content, 3: across files and languages; default 3)")
    p.add_argument("--max-per-check", type=_positive, default=None, metavar="N",
                   help="show at most N findings per check id (N >= 1)")
    p.add_argument("--strict", action="store_true",
                   help="fail on warnings too (for CI); by default only errors fail")
    p.add_argument("--no-cache", action="store_true", help="ignore the incremental cache")
    p.add_argument("--list-checks", action="store_true",
                   help="list check ids with their levels and severities")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("fix", help="fill or repair span offsets from the quoted text")
    p.add_argument("paths", nargs="*", metavar="PATH", help="span files or folders")
    p.add_argument("--check", action="store_true", help="report what would change; write nothing")
    p.set_defaults(run=cmd_fix)

    p = sub.add_parser("migrate", help="rewrite span files in a newer schema version, "
                       "keeping comments and layout")
    p.add_argument("paths", nargs="*", metavar="PATH", help="span files or folders")
    p.add_argument("--to", choices=SCHEMA_VERSIONS["spans"][1:],
                   default=current_version("spans"), help="schema version (default: %(default)s)")
    p.add_argument("--check", action="store_true", help="report what would change; write nothing")
    p.set_defaults(run=cmd_migrate)

    p = sub.add_parser("add", help="add a new document to the corpus")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--lang", required=True, choices=LANGUAGES)
    p.add_argument("--id", default=None, help="document id (default: from the file name)")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_add)

    p = sub.add_parser("segment", help="store the segmentation of documents that have none")
    p.add_argument("docs", nargs="*", metavar="DOC", help="document ids (default: all)")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_segment)

    p = sub.add_parser("translate", help="machine-translate documents with an argos package")
    p.add_argument("docs", nargs="*", metavar="DOC", help="document ids (default: all)")
    p.add_argument("--to", choices=LANGUAGES, default=None,
                   help="target language (default: the other corpus language)")
    p.add_argument("--package", default=None, metavar="PATH.argosmodel",
                   help="install this local package file first (never downloads)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    _jobs_option(p)
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_translate)

    p = sub.add_parser("build", help="validate, then write the Hugging Face dataset")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    _jobs_option(p)
    p.set_defaults(run=cmd_build)

    p = sub.add_parser("publish", help="upload the built dataset to the Hugging Face Hub")
    p.add_argument("--repo-id", required=True, metavar="ORG/NAME")
    p.add_argument("--dry-run", action="store_true", help="list what would be uploaded")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_publish)

    p = sub.add_parser("stats", help="per-document and per-label counts")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--set", default=FINAL_SET, help="annotation set (default: spans)")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_stats)

    p = sub.add_parser("agreement", help="inter-annotator agreement between two annotation sets")
    p.add_argument("a", metavar="A", help="annotation set name (spans, a pass) or directory")
    p.add_argument("b", metavar="B", help="annotation set name or directory")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--disagreements", action="store_true",
                   help="list every disagreement (for adjudication)")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_agreement)

    p = sub.add_parser("evaluate", help="score predictions against the final annotations")
    p.add_argument("predictions", metavar="PREDICTIONS",
                   help="rows of a config (.jsonl or .parquet), or an annotation set (name "
                   "or folder of span files)")
    p.add_argument("--task", choices=_Choices("corpus_tools.tasks", "TASK_CONFIGS"),
                   default=None, metavar="TASK", help="task to score, one of %(choices)s "
                   "(default: told by the columns; every task for a set)")
    p.add_argument("--texts", choices=_Choices("corpus_tools.tasks", "SELECTIONS"),
                   default=None, metavar="TEXTS", help="which texts to score (%(choices)s): "
                   "the originals (default), the translations' target texts, or all")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_evaluate)

    p = sub.add_parser("suggest", help="pre-annotate documents as a new annotation set")
    p.add_argument("docs", nargs="+", metavar="DOC", help="document ids")
    p.add_argument("--set", default="suggestions", metavar="NAME",
                   help="annotation set under annotations/passes (default: suggestions)")
    p.add_argument("--to", nargs=2, default=None, metavar=("labelstudio", "DIR"),
                   help="also write Label Studio tasks with the suggestions as predictions")
    p.add_argument("--force", action="store_true",
                   help="write Label Studio tasks into a non-empty directory")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_suggest)

    p = sub.add_parser("export", help="write annotations for brat, Label Studio or INCEpTION")
    p.add_argument("--to", required=True, choices=_FORMAT_NAMES, metavar="FORMAT",
                   help="one of %(choices)s")
    p.add_argument("dir", metavar="DIR", help="output directory (must be empty unless --force)")
    p.add_argument("docs", nargs="*", metavar="DOC", help="document ids (default: all)")
    p.add_argument("--set", default=FINAL_SET, help="annotation set (default: spans)")
    p.add_argument("--force", action="store_true", help="write into a non-empty directory")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("import", help="read annotations edited in brat, Label Studio or "
                       "INCEpTION as a new annotation set")
    p.add_argument("--from", dest="from_", required=True, choices=_FORMAT_NAMES,
                   metavar="FORMAT", help="one of %(choices)s")
    p.add_argument("dir", metavar="DIR", help="the tool's export directory")
    p.add_argument("--annotator", default=None, metavar="NAME",
                   help="who made the annotations (default: <format>-import); also the "
                   "default set name")
    p.add_argument("--annotator-kind", choices=ANNOTATOR_KINDS,
                   default="human")
    p.add_argument("--set", default=None, metavar="NAME",
                   help="annotation set to write (default: the annotator's name, or spans "
                   "with --replace)")
    p.add_argument("--replace", action="store_true",
                   help="overwrite existing span files and print what changed")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("project", help="propose translation-side spans for a translation, "
                       "projected from the original's final spans (no person involved)")
    p.add_argument("doc", metavar="DOC", help="document id")
    p.add_argument("--translation", default="reference", metavar="SYSTEM",
                   help="which translation: its system (default: reference)")
    p.add_argument("--method", choices=("positional", "eflomal"), default="positional",
                   help="word aligner for spans no registry name places (default: positional)")
    p.add_argument("--set", default=None, metavar="NAME",
                   help="annotation set to write under annotations/passes "
                   "(default: projection-<method>; never the final set)")
    p.add_argument("--force", action="store_true",
                   help="replace an earlier projection (never a file a person wrote)")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_project)

    p = sub.add_parser("render", help="write a static HTML review page per document")
    p.add_argument("docs", nargs="*", metavar="DOC", help="document ids (default: all)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created if needed)")
    p.add_argument("--set", default=FINAL_SET, metavar="NAME",
                   help="annotation set (default: spans)")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_render)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except (UsageError, UnsafeDocId) as exc:  # an unsafe id can only come from an argument
        _complain(f"corpus-tools: {exc}")
        return EXIT_USAGE
    except OSError as exc:  # the file system said no: a missing, unreadable or read-only path
        where = f"{exc.filename}: " if exc.filename else ""
        _complain(f"corpus-tools: {where}{exc.strerror or exc}")
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:
        # Imported only now: reading the corpus is what raises these.
        from corpus_tools.io.corpus import CorpusError
        from corpus_tools.io.yamlio import YamlParseError

        if isinstance(exc, CorpusError | YamlParseError):  # unreadable input: a refusal
            _complain(f"corpus-tools: {exc}")
            return EXIT_FINDINGS
        # A bug: one line, never a traceback, unless asked for.
        if os.environ.get("CORPUS_TOOLS_DEBUG"):
            raise
        _complain(f"corpus-tools: internal error: {type(exc).__name__}: {exc} "
                  "(set CORPUS_TOOLS_DEBUG=1 for a traceback)")
        return EXIT_BUG

if __name__ == "__main__":
    sys.exit(main())
