"""The one place that builds XML parsers. Every importer parses XML through here.

Entity resolution, DTD loading and network access are off; a document that declares entities is
refused before parsing (billion-laughs, external entities), as is one over the size cap or one that
is not well-formed. Errors name the file and the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from importers.errors import DocumentRefused

MAX_XML_BYTES = 64 * 1024 * 1024  # the largest real document (DSGL word/document.xml) is ~5 MB
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def make_parser(**options) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        **options,
    )


def parse_xml_bytes(data: bytes, name: Path | str, *, max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    """Parse XML bytes (from a file or an archive member called `name`) safely; return the root."""
    if len(data) > max_bytes:
        raise DocumentRefused(name, f"XML is {len(data):,} bytes, over the {max_bytes:,}-byte cap")
    if _ENTITY_DECLARATION.search(data) and _DOCTYPE.search(data):
        raise DocumentRefused(name, "the document declares XML entities, which are refused")
    try:
        root = etree.fromstring(data, parser=make_parser())
    except etree.XMLSyntaxError as error:
        raise DocumentRefused(name, f"not well-formed XML: {error}") from None
    if root is None:
        raise DocumentRefused(name, "empty XML document")
    return root


def parse_xml_file(path: Path, *, max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    size = path.stat().st_size
    if size > max_bytes:
        raise DocumentRefused(path, f"file is {size:,} bytes, over the {max_bytes:,}-byte cap")
    return parse_xml_bytes(path.read_bytes(), path, max_bytes=max_bytes)
