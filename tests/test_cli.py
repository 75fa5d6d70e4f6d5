"""The crosswalk and obligation commands of the CLI, as a script would call them (--json), on the real
US and EU documents imported by `harmonize import` (which builds the crosswalk itself)."""

from __future__ import annotations

import csv
import json

import pytest

from tests.test_end_to_end import harmonize


@pytest.fixture(scope="module")
def us_eu_database(corpus_dir, tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'harmonize.db'}"
    result = harmonize("import", str(corpus_dir / "us"), str(corpus_dir / "eu"), database_url=url)
    assert "crosswalk" in result.stdout and "mappings" in result.stdout
    return url


def run_json(*args: str, database_url: str):
    return json.loads(harmonize(*args, "--json", database_url=database_url).stdout)


def test_translate_prints_counterparts(us_eu_database):
    data = run_json("translate", "US", "3A001.a.1", "--to", "EU", database_url=us_eu_database)
    assert data["entry"]["code"] == "3A001.a.1"
    assert [(m["entry"]["code"], m["relation"]) for m in data["matches"]] == [("3A001.a.1", "RELATION_EXACT")]


def test_check_cites_the_rules(us_eu_database):
    data = run_json(
        "check", "--item", "EU 3A001.a.2", "--from", "DE", "--to", "CN", database_url=us_eu_database
    )
    eu = next(r for r in data["results"] if r["jurisdiction"] == "eu")
    assert eu["licence"] == "LICENCE_REQUIRED" and eu["citations"]
    human = harmonize(
        "check", "--item", "EU 3A001.a.2", "--from", "DE", "--to", "CN", database_url=us_eu_database
    )
    assert "EU: REQUIRED" in human.stdout


def test_divergences_and_matrix(us_eu_database):
    data = run_json("divergences", "US", "--against", "EU", "--limit", "10", database_url=us_eu_database)
    assert data["total_size"] > 100 and len(data["divergences"]) == 10
    matrix = run_json("crosswalk", "matrix", database_url=us_eu_database)
    assert 0 < matrix["us"]["eu"]["counterpart"] < matrix["us"]["eu"]["entries"]


def test_export_sssom_and_evaluate_against_it(us_eu_database, tmp_path):
    exported = tmp_path / "crosswalk.sssom.tsv"
    harmonize("crosswalk", "export", "--format", "sssom", "-o", str(exported), database_url=us_eu_database)
    lines = exported.read_text(encoding="utf-8").splitlines()
    metadata = [line for line in lines if line.startswith("#")]
    assert any(line.startswith("#mapping_set_id:") for line in metadata)
    assert any(line.startswith("#license:") for line in metadata)
    rows = list(csv.DictReader([line for line in lines if not line.startswith("#")], delimiter="\t"))
    assert {"subject_id", "predicate_id", "object_id", "mapping_justification"} <= set(rows[0])
    assert any(r["subject_id"] == "us:3a001.a.1" and r["object_id"] == "eu:3a001.a.1" for r in rows)
    scores = run_json("crosswalk", "evaluate", database_url=us_eu_database)
    us_eu = next(
        s
        for s in scores
        if (s["subject_jurisdiction"], s["object_jurisdiction"], s["relation"]) == ("us", "eu", "any")
    )
    assert us_eu["precision"] > 0.95 and us_eu["recall"] > 0.95
