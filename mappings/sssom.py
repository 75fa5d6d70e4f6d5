"""SSSOM TSV: read the curated mapping files (mappings/curated/*.sssom.tsv) and export the crosswalk.

A file is a YAML metadata block (lines starting with `#`) followed by a TSV table. The prefix of a
CURIE names the list: its curie_map IRI is `https://w3id.org/harmonize/list/<jurisdiction>/<list_id>/`
(e.g. `eu:3a501.a.15` with `eu: https://w3id.org/harmonize/list/eu/annex-i/`). Relations are the SKOS
mapping predicates; "no counterpart" is `sssom:NoTermFound` as the object, as the SSSOM specification
prescribes for a search that found nothing, with object_source naming the list searched.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from mappings.model import Mapping, Method, Relation

CURATED_DIR = Path(__file__).with_name("curated")
LIST_IRI = "https://w3id.org/harmonize/list/{jurisdiction}/{list_id}/"
NO_TERM_FOUND = "sssom:NoTermFound"

STANDARD_PREFIXES = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "semapv": "https://w3id.org/semapv/vocab/",
    "sssom": "https://w3id.org/sssom/",
    "harmonize": "https://w3id.org/harmonize/",
    "orcid": "https://orcid.org/",
}
PREDICATES = {
    Relation.EXACT: "skos:exactMatch",
    Relation.CLOSE: "skos:closeMatch",
    Relation.BROAD: "skos:broadMatch",
    Relation.NARROW: "skos:narrowMatch",
    Relation.RELATED: "skos:relatedMatch",
}
RELATION_OF = {v: k for k, v in PREDICATES.items()}
JUSTIFICATIONS = {
    Method.CODE: "semapv:LexicalMatching",
    Method.PARAMETERS: "semapv:CompositeMatching",
    Method.TEXT: "semapv:LexicalSimilarityThresholdMatching",
    Method.CURATED: "semapv:ManualMappingCuration",
    Method.TRANSITIVE: "semapv:MappingChaining",
    Method.DELEGATION: "semapv:MappingChaining",
    Method.SCOPE: "semapv:LexicalMatching",
}
COLUMNS = [
    "subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
    "confidence", "subject_source", "subject_source_version", "object_source", "object_source_version",
    "mapping_tool", "author_id", "mapping_date", "similarity_score", "comment", "other",
]  # fmt: skip


# ------------------------------------------------------------------------------------ metadata block


def parse_metadata(lines: list[str]) -> dict[str, Any]:
    """The `#` block: a flat YAML subset (scalars, one nested map such as curie_map, simple lists)."""
    metadata: dict[str, Any] = {}
    current: str | None = None
    for raw in lines:
        line = raw.removeprefix("#")
        if not line.strip():
            continue
        nested = re.match(r"^\s{2,}(?:-\s*(.*)|([^:]+):\s*(.*))$", line)
        if nested and current is not None:
            if nested.group(1) is not None:
                if not isinstance(metadata[current], list):
                    metadata[current] = []
                metadata[current].append(_scalar(nested.group(1)))
            else:
                if not isinstance(metadata[current], dict):
                    metadata[current] = {}
                metadata[current][nested.group(2).strip()] = _scalar(nested.group(3))
            continue
        top = re.match(r"^([A-Za-z_][\w]*):\s*(.*)$", line)
        if top:
            key, value = top.group(1), top.group(2)
            if value.strip():
                metadata[key] = _scalar(value)
                current = None
            else:
                metadata[key] = {}
                current = key
    return metadata


def _scalar(value: str) -> Any:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _quote(value: str) -> str:
    return f'"{value}"' if re.search(r"[:#\[\]{},&*!|>'\"%@`]|^\s|\s$", value) else value


def render_metadata(metadata: dict[str, Any]) -> str:
    lines = []
    for key, value in metadata.items():
        if isinstance(value, dict):
            lines.append(f"#{key}:")
            lines.extend(f"#  {k}: {_quote(str(v))}" for k, v in value.items())
        elif isinstance(value, list):
            lines.append(f"#{key}:")
            lines.extend(f"#  - {_quote(str(v))}" for v in value)
        else:
            lines.append(f"#{key}: {_quote(str(value))}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------- reading


@dataclass
class SSSOMFile:
    metadata: dict[str, Any]
    rows: list[dict[str, str]]
    path: Path | None = None
    prefixes: dict[str, tuple[str, str]] = field(default_factory=dict)  # prefix → (jurisdiction, list_id)


def list_of_iri(iri: str) -> tuple[str, str] | None:
    match = re.match(r"^https://w3id\.org/harmonize/list/([^/]+)/([^/]+)/$", iri or "")
    return (match.group(1), match.group(2)) if match else None


def read_sssom(source: str | Path | io.TextIOBase) -> SSSOMFile:
    if isinstance(source, (str, Path)) and Path(source).exists():
        path: Path | None = Path(source)
        text = Path(source).read_text(encoding="utf-8")
    elif isinstance(source, io.TextIOBase):
        path, text = None, source.read()
    else:
        path, text = None, str(source)
    lines = text.splitlines()
    header = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#") and line.strip()]
    metadata = parse_metadata(header)
    rows = list(csv.DictReader(body, delimiter="\t")) if body else []
    prefixes: dict[str, tuple[str, str]] = {}
    for prefix, iri in (metadata.get("curie_map") or {}).items():
        resolved = list_of_iri(str(iri))
        if resolved:
            prefixes[prefix] = resolved
    return SSSOMFile(metadata=metadata, rows=rows, path=path, prefixes=prefixes)


def _split_curie(curie: str, prefixes: dict[str, tuple[str, str]]) -> tuple[str, str, str]:
    """ "eu:3a501.a.15" → ("eu", "annex-i", "3a501.a.15"); an unknown prefix is taken as a jurisdiction."""
    prefix, _, local = curie.partition(":")
    if not local:
        raise ValueError(f"not a CURIE: {curie!r}")
    jurisdiction, list_id = prefixes.get(prefix, (prefix.lower(), ""))
    return jurisdiction, list_id, local


def mappings_from_sssom(parsed: SSSOMFile) -> list[Mapping]:
    """Rows of a curated file as Mappings (method "curated"); the file's mapping_date is the default date."""
    out = []
    default_date = str(parsed.metadata.get("mapping_date", "")) or None
    default_author = parsed.metadata.get("creator_id")
    if isinstance(default_author, list):
        default_author = default_author[0] if default_author else None
    for number, row in enumerate(parsed.rows, start=2):
        try:
            s_jurisdiction, s_list, s_key = _split_curie(row["subject_id"].strip(), parsed.prefixes)
            object_id = row["object_id"].strip()
            if object_id == NO_TERM_FOUND:
                relation = Relation.NO_COUNTERPART
                o_source = list_of_iri(row.get("object_source", "").strip())
                if o_source is None:
                    prefix = row.get("object_source", "").strip().partition(":")[0]
                    o_source = parsed.prefixes.get(prefix)
                if o_source is None:
                    raise ValueError("a NoTermFound row needs object_source naming the list searched")
                o_jurisdiction, o_list, o_key = o_source[0], o_source[1], None
            else:
                relation = RELATION_OF[row["predicate_id"].strip()]
                o_jurisdiction, o_list, o_key = _split_curie(object_id, parsed.prefixes)
        except (KeyError, ValueError) as error:
            where = f"{parsed.path or 'SSSOM'} line {number}"
            raise ValueError(f"{where}: {error}") from error
        confidence = float(row.get("confidence") or 1.0)
        out.append(
            Mapping(
                subject_jurisdiction=s_jurisdiction,
                subject_list=s_list,
                subject_key=s_key,
                subject_code=row.get("subject_label", "") or s_key,
                object_jurisdiction=o_jurisdiction,
                object_list=o_list,
                object_key=o_key,
                object_code=o_key,
                relation=relation,
                confidence=confidence,
                method=Method.CURATED,
                evidence={"source": str(parsed.path.name) if parsed.path else "inline"},
                author=(row.get("author_id") or default_author or None),
                date=(row.get("mapping_date") or default_date or None),
                justification=(row.get("comment") or None),
            )
        )
    return out


def load_curated(directory: Path = CURATED_DIR) -> list[Mapping]:
    """Every curated mapping in `directory`/*.sssom.tsv, in file-name order."""
    out: list[Mapping] = []
    for path in sorted(directory.glob("*.sssom.tsv")):
        out.extend(mappings_from_sssom(read_sssom(path)))
    return out


# ------------------------------------------------------------------------------------------- writing


def prefix_map(refs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """One CURIE prefix per list: the jurisdiction when it has one list, else "<jurisdiction>-<list_id>"."""
    refs = sorted(set(refs))
    per_jurisdiction: dict[str, int] = {}
    for jurisdiction, _ in refs:
        per_jurisdiction[jurisdiction] = per_jurisdiction.get(jurisdiction, 0) + 1
    return {
        (j, l): (j if per_jurisdiction[j] == 1 else f"{j}-{re.sub(r'[^A-Za-z0-9_.-]', '-', l)}")
        for j, l in refs
    }


def _local_id(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.~-]", lambda m: f"%{ord(m.group(0)):02X}" if ord(m.group(0)) < 128
                  else m.group(0), key)  # fmt: skip


def _clean(value: Any) -> str:
    return re.sub(r"[\t\r\n]+", " ", "" if value is None else str(value)).strip()


def _compact_evidence(mapping: Mapping) -> str:
    evidence = mapping.evidence or {}
    keep = {k: evidence[k] for k in ("status", "reason", "parameters", "reserved", "notes", "via", "article")
            if k in evidence}  # fmt: skip
    if "parameters" in keep:
        keep["parameters"] = [p for p in keep["parameters"] if p.get("status") != "equal"][:6]
        if not keep["parameters"]:
            del keep["parameters"]
    return json.dumps(keep, ensure_ascii=False, separators=(",", ":"), sort_keys=True) if keep else ""


def write_sssom(
    mappings: list[Mapping],
    out: Path | io.TextIOBase,
    *,
    mapping_set_id: str = "https://w3id.org/harmonize/crosswalk",
    license: str = "https://creativecommons.org/licenses/by/4.0/",
    version: str | None = None,
    description: str = "Harmonize crosswalk between export-control lists (computed and curated mappings).",
    include_evidence: bool = True,
    columns: list[str] | None = None,
) -> None:
    """The whole crosswalk as SSSOM TSV with its metadata block (curie_map, mapping_set_id, license)."""
    refs = {(m.subject_jurisdiction, m.subject_list) for m in mappings}
    refs |= {(m.object_jurisdiction, m.object_list) for m in mappings}
    prefixes = prefix_map(refs)
    curie_map = dict(STANDARD_PREFIXES)
    for (jurisdiction, list_id), prefix in sorted(prefixes.items(), key=lambda item: item[1]):
        curie_map[prefix] = LIST_IRI.format(jurisdiction=jurisdiction, list_id=list_id)
    if columns is not None:  # a slim file keeps only the prefixes it uses
        curie_map = {k: v for k, v in curie_map.items() if k in ("skos", "semapv", "sssom", "harmonize")
                     or k in prefixes.values()}  # fmt: skip
    metadata: dict[str, Any] = {
        "curie_map": curie_map,
        "mapping_set_id": mapping_set_id,
        "mapping_set_version": version or date.today().isoformat(),
        "mapping_set_description": description,
        "license": license,
        "mapping_date": date.today().isoformat(),
    }
    buffer = io.StringIO()
    buffer.write(render_metadata(metadata))
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    chosen = columns or COLUMNS
    writer.writerow(chosen)
    positions = [COLUMNS.index(c) for c in chosen]
    for m in mappings:
        subject_prefix = prefixes[(m.subject_jurisdiction, m.subject_list)]
        object_prefix = prefixes[(m.object_jurisdiction, m.object_list)]
        no_counterpart = m.relation == Relation.NO_COUNTERPART or m.object_key is None
        similarity = (m.evidence or {}).get("text_similarity")
        row = [
            f"{subject_prefix}:{_local_id(m.subject_key)}",
            _clean(m.subject_code),
            PREDICATES[Relation.EXACT] if no_counterpart else PREDICATES[Relation(m.relation)],
            NO_TERM_FOUND if no_counterpart else f"{object_prefix}:{_local_id(m.object_key or '')}",
            "" if no_counterpart else _clean(m.object_code),
            JUSTIFICATIONS.get(m.method, "semapv:UnspecifiedMatching"),
            f"{m.confidence:.3f}",
            curie_map[subject_prefix],
            _clean(m.subject_list_version),
            curie_map[object_prefix] if (no_counterpart or columns is None) else "",
            _clean(m.object_list_version),
            "harmonize.mappings",
            _clean(m.author),
            _clean(m.date),
            "" if similarity is None else f"{float(similarity):.4f}",
            _clean(m.justification or ("no counterpart" if no_counterpart else f"{m.method}")),
            _clean(_compact_evidence(m)) if include_evidence else "",
        ]
        writer.writerow([row[p] for p in positions])
    text = buffer.getvalue()
    if isinstance(out, Path):
        out.write_text(text, encoding="utf-8")
    else:
        out.write(text)
