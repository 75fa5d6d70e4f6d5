"""Table models of the common schema. Alembic migrations (server/migrations) are the only schema author;
these classes describe the tables for queries and must match the migrations (a test checks)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Jurisdiction(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=8)  # "us", "eu", "uk", "jp", "au", "ca", "wa"
    display_name: str


class ControlList(SQLModel, table=True):
    __tablename__ = "control_list"
    __table_args__ = (UniqueConstraint("jurisdiction_id", "list_id"),)

    id: int | None = Field(default=None, primary_key=True)
    jurisdiction_id: str = Field(foreign_key="jurisdiction.id", index=True)
    list_id: str  # "ccl", "annex-i", ...
    kind: str  # "control_list" | "reference"
    title: str
    publisher: str
    url: str
    format: str
    licence: str


class ListVersion(SQLModel, table=True):
    __tablename__ = "list_version"
    __table_args__ = (UniqueConstraint("control_list_id", "source_sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    control_list_id: int = Field(foreign_key="control_list.id", index=True)
    version_date: date
    source_uri: str
    source_file: str  # the document's file name as imported
    source_sha256: str
    importer_version: str
    imported_at: datetime
    entry_count: int


class Entry(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("version_id", "key"),
        Index("ix_entry_version_parent", "version_id", "parent_key", "position"),
        Index("ix_entry_version_code", "version_id", "code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="list_version.id")
    key: str
    code: str
    parent_key: str | None = None
    depth: int
    position: int  # order in the source document
    kind: str
    title: str = Field(sa_column=Column(Text, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    reserved: bool
    regime: str | None = None
    reasons: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    location: str
    attributes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ListText(SQLModel, table=True):
    __tablename__ = "list_text"

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="list_version.id", index=True)
    position: int
    title: str = Field(sa_column=Column(Text, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))


class ReferenceRow(SQLModel, table=True):
    __tablename__ = "reference_row"
    __table_args__ = (UniqueConstraint("version_id", "table_name", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="list_version.id")
    table_name: str
    key: str
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Mapping(SQLModel, table=True):
    """One crosswalk row: subject entry → object entry (or no counterpart in object_jurisdiction)."""

    __table_args__ = (
        Index("ix_mapping_subject", "subject_version_id", "subject_key"),
        Index("ix_mapping_object", "object_version_id", "object_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subject_version_id: int = Field(foreign_key="list_version.id")
    subject_key: str
    object_jurisdiction: str = Field(max_length=8)
    object_version_id: int | None = Field(default=None, foreign_key="list_version.id")
    object_key: str | None = None
    relation: str
    confidence: float
    method: str
    evidence: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    evidence_struct: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    author: str | None = None
    mapping_date: str | None = None
    justification: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
