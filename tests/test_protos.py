"""The committed stubs in harmonize/v1 are what protoc makes of protos/ today (run `make protos`)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent


def test_generated_stubs_are_up_to_date(tmp_path):
    protos = sorted(str(p.relative_to(ROOT / "protos")) for p in (ROOT / "protos").rglob("*.proto"))
    well_known = (
        files("grpc_tools") / "_proto"
    )  # google/protobuf/*.proto, as `python -m grpc_tools.protoc` adds
    args = [
        "protoc",
        f"-I{ROOT / 'protos'}",
        f"-I{well_known}",
        f"--python_out={tmp_path}",
        f"--pyi_out={tmp_path}",
        f"--grpc_python_out={tmp_path}",
        *protos,
    ]
    assert protoc.main(args) == 0
    generated = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.py*"))
    assert generated, "protoc generated nothing"
    for relative in generated:
        committed = ROOT / relative
        assert committed.exists(), f"{relative} is not committed: run make protos"
        assert committed.read_text() == (tmp_path / relative).read_text(), (
            f"{relative} is stale: run make protos"
        )
