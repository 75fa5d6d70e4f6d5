"""Precision and recall of a crosswalk against ground truth, per jurisdiction pair and relation.

Ground truth is SSSOM TSV (mappings/truth/*.tsv): each row says what an entry of one list corresponds
to in another list (or `sssom:NoTermFound`). Entries are compared by list and key; keys that spell a
Wassenaar-style code are compared in canonical form, so `wa:3.a.1.a.5` and `wa:3a001.a.5` agree.

Scoring is per (subject_jurisdiction, object_jurisdiction, relation) and over the subjects the truth
covers for that jurisdiction pair (ground truth is partial: an entry it does not mention is not judged):

- a predicted row is a true positive when the truth holds the same subject, object and relation;
- precision = true positives / predicted rows (of that relation, for judged subjects);
- recall = true positives / truth rows (of that relation).

The "any" relation scores the correspondence alone (subject and object, relation ignored;
no_counterpart rows are left out of it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mappings.engine import canonical_code
from mappings.model import Mapping, Relation
from mappings.sssom import mappings_from_sssom, read_sssom

TRUTH_DIR = Path(__file__).with_name("truth")


@dataclass(frozen=True)
class TruthRow:
    subject_jurisdiction: str
    subject_key: str
    object_jurisdiction: str
    object_key: str | None  # None: no counterpart
    relation: Relation
    subject_list: str = ""
    object_list: str = ""


@dataclass
class Score:
    subject_jurisdiction: str
    object_jurisdiction: str
    relation: str
    true_positives: int
    predicted: int
    truth: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.truth if self.truth else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def normalise_id(key: str | None) -> str | None:
    if key is None:
        return None
    return canonical_code(key) or key.strip().lower()


def load_truth(paths: Iterable[Path] | None = None) -> list[TruthRow]:
    paths = sorted(TRUTH_DIR.glob("*.tsv")) if paths is None else list(paths)
    rows: list[TruthRow] = []
    for path in paths:
        for m in mappings_from_sssom(read_sssom(path)):
            rows.append(
                TruthRow(
                    subject_jurisdiction=m.subject_jurisdiction,
                    subject_key=m.subject_key,
                    object_jurisdiction=m.object_jurisdiction,
                    object_key=m.object_key,
                    relation=Relation(m.relation),
                    subject_list=m.subject_list,
                    object_list=m.object_list,
                )
            )
    return rows


def _truth_key(row: TruthRow | Mapping) -> tuple[str, str | None, str, str | None]:
    return (row.subject_jurisdiction, normalise_id(row.subject_key), row.object_jurisdiction,
            normalise_id(row.object_key))  # fmt: skip


def evaluate(
    mappings: Iterable[Mapping], truth_rows: Iterable[TruthRow]
) -> dict[tuple[str, str, str], Score]:
    """Scores keyed by (subject_jurisdiction, object_jurisdiction, relation), plus relation "any"."""
    truth_rows = list(truth_rows)
    judged: set[tuple[str, str | None, str]] = set()
    truth_by_relation: dict[tuple[str, str, str], set[tuple]] = defaultdict(set)
    for row in truth_rows:
        key = _truth_key(row)
        judged.add((key[0], key[1], key[2]))
        truth_by_relation[(row.subject_jurisdiction, row.object_jurisdiction, str(row.relation))].add(key)
        if row.relation != Relation.NO_COUNTERPART:
            truth_by_relation[(row.subject_jurisdiction, row.object_jurisdiction, "any")].add(key)
    predicted_by_relation: dict[tuple[str, str, str], set[tuple]] = defaultdict(set)
    for m in mappings:
        key = _truth_key(m)
        if (key[0], key[1], key[2]) not in judged:
            continue
        predicted_by_relation[(m.subject_jurisdiction, m.object_jurisdiction, str(m.relation))].add(key)
        if m.relation != Relation.NO_COUNTERPART:
            predicted_by_relation[(m.subject_jurisdiction, m.object_jurisdiction, "any")].add(key)
    scores: dict[tuple[str, str, str], Score] = {}
    for group in sorted(set(truth_by_relation) | set(predicted_by_relation)):
        truth = truth_by_relation.get(group, set())
        predicted = predicted_by_relation.get(group, set())
        scores[group] = Score(
            group[0], group[1], group[2], len(truth & predicted), len(predicted), len(truth)
        )
    return scores


def format_scores(scores: dict[tuple[str, str, str], Score]) -> str:
    lines = [
        f"{'subject':8}{'object':8}{'relation':16}{'prec':>7}{'recall':>8}{'tp':>7}{'pred':>7}{'truth':>7}"
    ]
    for (s, o, r), score in sorted(scores.items()):
        lines.append(f"{s:8}{o:8}{r:16}{score.precision:7.3f}{score.recall:8.3f}"
                     f"{score.true_positives:7d}{score.predicted:7d}{score.truth:7d}")  # fmt: skip
    return "\n".join(lines)
