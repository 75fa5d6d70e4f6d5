"""The `harmonize` command line: import, serve, get, search, lists. `--json` prints for scripts."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict
from pathlib import Path

from google.protobuf.json_format import MessageToDict

from harmonize.v1 import control_list_pb2 as pb
from importers.errors import DocumentRefused
from server.control_lists import ControlListQueries
from server.db import get_engine, upgrade
from server.errors import RequestError
from server.settings import Settings, load_settings
from server.store import Store


def _settings(args) -> Settings:
    return load_settings(
        database_url=getattr(args, "database_url", None),
        corpus=getattr(args, "corpus", None),
        port=getattr(args, "port", None),
        host=getattr(args, "host", None),
    )


def _store(settings: Settings) -> Store:
    upgrade(settings.database_url)
    return Store(get_engine(settings.database_url))


def _print(args, message, human: str) -> None:
    if args.json:
        data = (
            MessageToDict(message, preserving_proto_field_name=True)
            if hasattr(message, "DESCRIPTOR")
            else message
        )
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(human)


def cmd_import(args) -> int:
    settings = _settings(args)
    paths = [Path(p) for p in args.paths] or ([settings.corpus] if settings.corpus else [])
    if not paths:
        print(
            "harmonize import: name documents or folders, or set --corpus / HARMONIZE_CORPUS", file=sys.stderr
        )
        return 2
    store = _store(settings)
    try:
        from server.import_job import run_import

        outcomes, skipped = run_import(
            store, paths, show_progress=not args.json and sys.stderr.isatty() or args.progress
        )
    except DocumentRefused as refused:
        print(f"harmonize import: {refused}", file=sys.stderr)
        return 1
    if args.json:
        print(
            json.dumps(
                {
                    "documents": [asdict(o) for o in outcomes],
                    "skipped": [{"path": str(s.path), "reason": s.reason} for s in skipped],
                },
                indent=2,
            )
        )
    else:
        for o in outcomes:
            detail = o.reason if o.status == "refused" else f"{o.entries} entries, version {o.version_date}"
            print(f"{o.status:10} {o.list:28} {Path(o.path).name}: {detail}")
        for s in skipped:
            print(f"{'skipped':10} {'':28} {s.path.name}: {s.reason}")
    from server.crosswalk_store import CrosswalkStore

    crosswalk = CrosswalkStore(store)
    if any(o.status == "imported" for o in outcomes) or crosswalk.is_empty():
        count = crosswalk.rebuild()
        if not args.json:
            print(f"{'crosswalk':10} {count} mappings between the current versions")
    refused = [o for o in outcomes if o.status == "refused"]
    for o in refused:
        print(f"harmonize import: refused {o.path}: {o.reason}", file=sys.stderr)
    return 1 if refused else 0


def cmd_serve(args) -> int:
    from server.app import serve

    try:
        asyncio.run(serve(_settings(args)))
    except OSError as error:
        print(f"harmonize serve: {error}", file=sys.stderr)
        return 1
    return 0


def _queries(args) -> ControlListQueries:
    settings = _settings(args)
    return ControlListQueries(_store(settings), settings.page_token_secret)


def cmd_get(args) -> int:
    if args.code is None:
        request = pb.GetEntryRequest(name=args.jurisdiction, as_of=args.as_of or "")
    else:
        request = pb.GetEntryRequest(
            jurisdiction=args.jurisdiction, code=args.code, as_of=args.as_of or "", list_id=args.list_id or ""
        )
    response = _queries(args).get_entry(request)
    e = response.entry
    trail = " > ".join(a.code for a in response.ancestors)
    human = f"{e.code}  [{e.jurisdiction.upper()} {e.list.split('/')[-1]}, {e.version_date}]\n"
    human += (f"in: {trail}\n" if trail else "") + (f"{e.title}\n" if e.title else "") + (e.text or "")
    if e.reasons:
        human += "\nreasons: " + "; ".join(
            f"{r.reason} ({r.country_chart_column or '-'}): {r.applies_to}" for r in e.reasons
        )
    human += f"\ncitation: {e.citation.text}"
    _print(args, response, human)
    return 0


def cmd_search(args) -> int:
    request = pb.SearchEntriesRequest(
        query=args.query, jurisdictions=args.jurisdiction or [], page_size=args.limit
    )
    response = _queries(args).search_entries(request)
    lines = [f"{r.entry.jurisdiction.upper()} {r.entry.code}: {r.snippet}" for r in response.results]
    _print(args, response, "\n".join(lines) or "no matches")
    return 0


def _services(args):
    """The three query objects over one store, as the server composes them."""
    from server.crosswalk import CrosswalkQueries
    from server.crosswalk_store import CrosswalkStore
    from server.obligations_queries import ObligationQueries

    settings = _settings(args)
    store = _store(settings)
    control_lists = ControlListQueries(store, settings.page_token_secret)
    crosswalk = CrosswalkStore(store)
    return (
        control_lists,
        CrosswalkQueries(store, crosswalk, control_lists),
        ObligationQueries(store, crosswalk, control_lists),
    )


def _targets(value: str | None) -> list[str]:
    return [t.strip() for t in (value or "").split(",") if t.strip()]


def cmd_translate(args) -> int:
    from harmonize.v1 import crosswalk_pb2 as xw

    _, crosswalk, _ = _services(args)
    response = crosswalk.translate_entry(
        xw.TranslateEntryRequest(
            jurisdiction=args.jurisdiction, code=args.code, target_jurisdictions=_targets(args.to)
        )
    )
    lines = [
        f"{response.entry.jurisdiction.upper()} {response.entry.code}: {response.entry.title or response.entry.text[:100]}"
    ]
    for match in response.matches:
        relation = xw.Relation.Name(match.relation).removeprefix("RELATION_").lower()
        target = f"{match.entry.code}" if match.entry.code else "(no counterpart)"
        lines.append(
            f"  {match.jurisdiction.upper():3} {target:28} {relation:15} {match.confidence:.2f}  {match.method}"
        )
    if response.unmapped_jurisdictions:
        lines.append("  not yet mapped: " + ", ".join(j.upper() for j in response.unmapped_jurisdictions))
    _print(args, response, "\n".join(lines))
    return 0


def cmd_compare(args) -> int:
    from harmonize.v1 import crosswalk_pb2 as xw

    _, crosswalk, _ = _services(args)
    left_j, left_code = args.left.split(maxsplit=1)
    right_j, right_code = args.right.split(maxsplit=1)
    response = crosswalk.compare(
        xw.CompareEntriesRequest(
            left=xw.EntryReference(jurisdiction=left_j, code=left_code),
            right=xw.EntryReference(jurisdiction=right_j, code=right_code),
        )
    )
    lines = [f"{args.left}  vs  {args.right}: text similarity {response.text_similarity:.2f}"]
    for p in response.parameters:
        left = ", ".join(f"{x.operator} {x.printed}" for x in p.left) or "-"
        right = ", ".join(f"{x.operator} {x.printed}" for x in p.right) or "-"
        lines.append(f"  {p.status:11} {p.quantity:14} {left:34} | {right}")
    lines += [f"  {d}" for d in response.text_differences]
    _print(args, response, "\n".join(lines))
    return 0


def cmd_divergences(args) -> int:
    from harmonize.v1 import crosswalk_pb2 as xw

    _, crosswalk, _ = _services(args)
    response = crosswalk.list_divergences(
        xw.ListDivergencesRequest(
            jurisdiction=args.jurisdiction, against=_targets(args.against), page_size=args.limit
        )
    )
    lines = [
        f"{d.entry.code:24} vs {d.against_jurisdiction.upper()}: "
        f"{xw.DivergenceKind.Name(d.kind).removeprefix('DIVERGENCE_KIND_').lower()}"
        + (f" ({d.counterpart.code})" if d.counterpart.code else "")
        for d in response.divergences
    ]
    lines.append(f"{response.total_size} divergences in all")
    _print(args, response, "\n".join(lines))
    return 0


def cmd_check(args) -> int:
    from harmonize.v1 import obligation_pb2 as ob

    _, _, obligations = _services(args)
    items = []
    for item in args.item:
        jurisdiction, _, code = item.strip().partition(" ")
        items.append(ob.ItemClassification(jurisdiction=jurisdiction, code=code.strip()))
    response = obligations.check(
        ob.CheckObligationsRequest(
            items=items,
            export_from=args.from_country,
            destination=args.to,
            end_use=ob.EndUseFlags(
                military_end_use=args.military,
                wmd_end_use=args.wmd,
                end_user_of_concern=args.end_user_of_concern,
            ),
        )
    )
    lines = [response.summary, ""]
    for result in response.results:
        licence = ob.Licence.Name(result.licence).removeprefix("LICENCE_")
        lines.append(
            f"{result.jurisdiction.upper()}: {licence}{' (needs review)' if result.needs_review else ''}"
        )
        lines.append(f"  {result.summary}")
        lines += [f"  - {c.text} [{c.source}]" for c in result.citations]
    _print(args, response, "\n".join(lines))
    return 0


def cmd_crosswalk(args) -> int:
    from server.crosswalk_store import CrosswalkStore

    crosswalk = CrosswalkStore(_store(_settings(args)))
    if args.action == "build":
        count = crosswalk.rebuild()
        _print(args, {"mappings": count}, f"crosswalk: {count} mappings")
        return 0
    if args.action == "matrix":
        matrix = crosswalk.coverage_matrix()
        if args.json:
            print(json.dumps(matrix, indent=2))
            return 0
        columns = sorted({o for row in matrix.values() for o in row} | set(matrix))
        print(
            "share of each row's entries and items with an exact or close counterpart in each column's lists"
        )
        print("(in brackets: decided to have no counterpart)\n")
        print(f"{'':6}" + "".join(f"{c.upper():>14}" for c in columns))
        for subject in sorted(matrix):
            cells = []
            for other in columns:
                cell = matrix[subject].get(other)
                if cell is None:
                    cells.append(f"{'—':>14}")
                    continue
                share = 100 * cell["counterpart"] / max(cell["entries"], 1)
                none = 100 * cell["no_counterpart"] / max(cell["entries"], 1)
                cells.append(f"{share:6.0f}% ({none:3.0f}%)")
            print(f"{subject.upper():6}" + "".join(cells))
        return 0
    if args.action == "export":
        from mappings.sssom import write_sssom

        if args.format != "sssom":
            print(f"harmonize crosswalk export: unknown format {args.format!r} (only sssom)", file=sys.stderr)
            return 2
        mappings = crosswalk.as_mappings()
        if args.output in (None, "-"):
            write_sssom(mappings, sys.stdout)
        else:
            write_sssom(mappings, Path(args.output))
            print(f"wrote {len(mappings)} mappings to {args.output}", file=sys.stderr)
        return 0
    from mappings.evaluate import evaluate, format_scores, load_truth

    truth = load_truth([Path(p) for p in args.truth] if args.truth else None)
    scores = evaluate(crosswalk.as_mappings(), truth)
    if args.json:
        print(
            json.dumps(
                [
                    asdict(score) | {"precision": score.precision, "recall": score.recall}
                    for _, score in sorted(scores.items())
                ],
                indent=2,
            )
        )
    else:
        print(format_scores(scores))
    return 0


def cmd_lists(args) -> int:
    response = _queries(args).list_control_lists(pb.ListControlListsRequest(page_size=500))
    lines = [
        f"{c.jurisdiction.upper():3} {c.list_id:26} {c.current_version.version_date}  "
        f"{c.current_version.entry_count:6} entries  {c.title}"
        for c in response.control_lists
    ]
    _print(args, response, "\n".join(lines) or "nothing imported yet")
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database-url", help="overrides HARMONIZE_DATABASE_URL (default sqlite:///harmonize.db)"
    )
    common.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser = argparse.ArgumentParser(prog="harmonize", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser(
        "import", parents=[common], help="import documents or folders (default: the corpus)"
    )
    p.add_argument("paths", nargs="*", help="documents or folders; default: --corpus / HARMONIZE_CORPUS")
    p.add_argument("--corpus", help="folder of source documents (overrides HARMONIZE_CORPUS)")
    p.add_argument("--progress", action="store_true", help="show progress bars even when not on a terminal")
    p.set_defaults(run=cmd_import)

    p = commands.add_parser("serve", parents=[common], help="serve gRPC (harmonize.v1)")
    p.add_argument("--port", type=int, help="port (default 50051, HARMONIZE_PORT)")
    p.add_argument("--host", help="address to bind (default 127.0.0.1)")
    p.set_defaults(run=cmd_serve)

    p = commands.add_parser("get", parents=[common], help="one entry: JURISDICTION CODE, or a resource name")
    p.add_argument("jurisdiction", help="us, eu, uk, jp, au, ca, wa (any case), or an entry resource name")
    p.add_argument("code", nargs="?", help="printed code, e.g. 3A001.a.1")
    p.add_argument("--as-of", help="YYYY-MM-DD: the version in force on that date")
    p.add_argument("--list-id", help="the list, where a jurisdiction has several")
    p.set_defaults(run=cmd_get)

    p = commands.add_parser("search", parents=[common], help="full-text search across jurisdictions")
    p.add_argument("query")
    p.add_argument("--jurisdiction", "-j", action="append", help="limit to a jurisdiction (repeatable)")
    p.add_argument("--limit", type=int, default=20)
    p.set_defaults(run=cmd_search)

    p = commands.add_parser(
        "translate", parents=[common], help="an entry's counterparts in other jurisdictions"
    )
    p.add_argument("jurisdiction")
    p.add_argument("code")
    p.add_argument("--to", help="comma-separated jurisdictions, e.g. EU,UK,JP (default: all others)")
    p.set_defaults(run=cmd_translate)

    p = commands.add_parser("compare", parents=[common], help="two entries parameter by parameter")
    p.add_argument("left", help='e.g. "EU 3A001.a.5.a.1"')
    p.add_argument("right", help='e.g. "WA 3.A.1.a.5.a.1"')
    p.set_defaults(run=cmd_compare)

    p = commands.add_parser("divergences", parents=[common], help="where one jurisdiction's list diverges")
    p.add_argument("jurisdiction")
    p.add_argument("--against", help="comma-separated jurisdictions (default: all others)")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(run=cmd_divergences)

    p = commands.add_parser("check", parents=[common], help="licence obligations for an item on a route")
    p.add_argument(
        "--item", action="append", required=True, help='classification, e.g. "EU 3A001.a.2" (repeatable)'
    )
    p.add_argument("--from", dest="from_country", required=True, help="exporting country, ISO alpha-2")
    p.add_argument("--to", required=True, help="destination, ISO alpha-2")
    p.add_argument("--military", action="store_true", help="known military end use")
    p.add_argument("--wmd", action="store_true", help="known WMD end use")
    p.add_argument("--end-user-of-concern", action="store_true")
    p.set_defaults(run=cmd_check)

    p = commands.add_parser(
        "crosswalk",
        parents=[common],
        help="build, export, evaluate the crosswalk, or show its coverage matrix",
    )
    p.add_argument("action", choices=["build", "export", "evaluate", "matrix"])
    p.add_argument("--format", default="sssom", help="export format (sssom)")
    p.add_argument("-o", "--output", help="export file (default: standard output)")
    p.add_argument(
        "--truth", action="append", help="ground-truth SSSOM/TSV file (default: mappings/truth/*.tsv)"
    )
    p.set_defaults(run=cmd_crosswalk)

    p = commands.add_parser("lists", parents=[common], help="the imported lists and their versions")
    p.set_defaults(run=cmd_lists)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except RequestError as error:
        print(f"harmonize {args.command}: {error.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
