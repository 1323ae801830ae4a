"""``allegro-sync validate FILE…`` and ``allegro-sync schema``: argument parsing only; the work is in
``plugin.manifest`` (imported lazily so the command starts fast)."""

from __future__ import annotations

import argparse
import sys

FORMATS = ("text", "json", "github")
STDIN = "<stdin>"  # how findings name a manifest read from standard input (paths in it resolve from here)


def register(subparsers: argparse._SubParsersAction) -> None:
    validate = subparsers.add_parser(
        "validate",
        help="check manifests against the schema and the semantic rules",
        description="Check integration manifests. Exit 0 valid, 1 invalid, 2 unreadable file or bad usage.",
    )
    validate.add_argument(
        "files", nargs="+", metavar="FILE", help="manifest YAML file(s); - reads one from standard input"
    )
    validate.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")
    validate.set_defaults(func=run_validate)

    schema = subparsers.add_parser("schema", help="print the manifest's JSON Schema")
    schema.set_defaults(func=run_schema)


def run_validate(args: argparse.Namespace) -> int:
    from plugin.manifest.reporters import REPORTERS, exit_code
    from plugin.manifest.validate import MAX_BYTES
    from plugin.validation import validate_file

    results = []
    stdin = sys.stdin.buffer.read(MAX_BYTES + 1) if "-" in args.files else None  # read once, however often named
    for index, file in enumerate(args.files, start=1):
        if len(args.files) > 1 and sys.stderr.isatty():  # progress for people; a log gets the findings only
            print(f"[{index}/{len(args.files)}] {file}", file=sys.stderr)
        try:
            results.append(validate_file(STDIN, data=stdin) if file == "-" else validate_file(file))
        except RecursionError:  # a pathological nesting depth; everything else is a finding already
            from plugin.manifest.findings import Finding
            from plugin.manifest.result import FileResult

            name = STDIN if file == "-" else file
            finding = Finding(name, 1, 1, "error", "The manifest is nested too deeply to check.", "$", "too-deep")
            results.append(FileResult(name, (finding,), None))
    REPORTERS[args.format](results, sys.stdout)
    code = exit_code(results, strict=args.strict)
    if args.format == "text":
        errors = sum(len(r.errors) for r in results)
        warnings = sum(len(r.warnings) for r in results)
        verdict = {0: "valid", 1: "invalid", 2: "unreadable"}[code]
        print(
            f"{_n(len(results), 'file')} {verdict}: {_n(errors, 'error')}, {_n(warnings, 'warning')}", file=sys.stderr
        )
    return code


def run_schema(args: argparse.Namespace) -> int:
    from plugin.resources import SCHEMA_PATH

    sys.stdout.write(SCHEMA_PATH.read_text(encoding="utf-8"))
    return 0


def _n(count: int, noun: str) -> str:
    """``1 file``, ``2 files`` (validate loads nothing of the engine, so not ``sync.text_report.plural``)."""
    return f"{count} {noun if count == 1 else noun + 's'}"
