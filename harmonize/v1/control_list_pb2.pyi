import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EntryKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENTRY_KIND_UNSPECIFIED: _ClassVar[EntryKind]
    ENTRY_KIND_CATEGORY: _ClassVar[EntryKind]
    ENTRY_KIND_PRODUCT_GROUP: _ClassVar[EntryKind]
    ENTRY_KIND_ENTRY: _ClassVar[EntryKind]
    ENTRY_KIND_ITEM: _ClassVar[EntryKind]
    ENTRY_KIND_NOTE: _ClassVar[EntryKind]
    ENTRY_KIND_TECHNICAL_NOTE: _ClassVar[EntryKind]
    ENTRY_KIND_NB: _ClassVar[EntryKind]
    ENTRY_KIND_SECTION: _ClassVar[EntryKind]

class EntryView(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENTRY_VIEW_UNSPECIFIED: _ClassVar[EntryView]
    ENTRY_VIEW_BASIC: _ClassVar[EntryView]
    ENTRY_VIEW_FULL: _ClassVar[EntryView]
ENTRY_KIND_UNSPECIFIED: EntryKind
ENTRY_KIND_CATEGORY: EntryKind
ENTRY_KIND_PRODUCT_GROUP: EntryKind
ENTRY_KIND_ENTRY: EntryKind
ENTRY_KIND_ITEM: EntryKind
ENTRY_KIND_NOTE: EntryKind
ENTRY_KIND_TECHNICAL_NOTE: EntryKind
ENTRY_KIND_NB: EntryKind
ENTRY_KIND_SECTION: EntryKind
ENTRY_VIEW_UNSPECIFIED: EntryView
ENTRY_VIEW_BASIC: EntryView
ENTRY_VIEW_FULL: EntryView

class Jurisdiction(_message.Message):
    __slots__ = ("name", "id", "display_name")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    id: str
    display_name: str
    def __init__(self, name: _Optional[str] = ..., id: _Optional[str] = ..., display_name: _Optional[str] = ...) -> None: ...

class ListVersion(_message.Message):
    __slots__ = ("name", "version_date", "source_uri", "source_file", "source_sha256", "importer_version", "import_time", "entry_count")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_DATE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_URI_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FILE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_SHA256_FIELD_NUMBER: _ClassVar[int]
    IMPORTER_VERSION_FIELD_NUMBER: _ClassVar[int]
    IMPORT_TIME_FIELD_NUMBER: _ClassVar[int]
    ENTRY_COUNT_FIELD_NUMBER: _ClassVar[int]
    name: str
    version_date: str
    source_uri: str
    source_file: str
    source_sha256: str
    importer_version: str
    import_time: _timestamp_pb2.Timestamp
    entry_count: int
    def __init__(self, name: _Optional[str] = ..., version_date: _Optional[str] = ..., source_uri: _Optional[str] = ..., source_file: _Optional[str] = ..., source_sha256: _Optional[str] = ..., importer_version: _Optional[str] = ..., import_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., entry_count: _Optional[int] = ...) -> None: ...

class ControlList(_message.Message):
    __slots__ = ("name", "jurisdiction", "list_id", "title", "publisher", "url", "format", "licence", "kind", "current_version", "versions")
    NAME_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    PUBLISHER_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    LICENCE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CURRENT_VERSION_FIELD_NUMBER: _ClassVar[int]
    VERSIONS_FIELD_NUMBER: _ClassVar[int]
    name: str
    jurisdiction: str
    list_id: str
    title: str
    publisher: str
    url: str
    format: str
    licence: str
    kind: str
    current_version: ListVersion
    versions: _containers.RepeatedCompositeFieldContainer[ListVersion]
    def __init__(self, name: _Optional[str] = ..., jurisdiction: _Optional[str] = ..., list_id: _Optional[str] = ..., title: _Optional[str] = ..., publisher: _Optional[str] = ..., url: _Optional[str] = ..., format: _Optional[str] = ..., licence: _Optional[str] = ..., kind: _Optional[str] = ..., current_version: _Optional[_Union[ListVersion, _Mapping]] = ..., versions: _Optional[_Iterable[_Union[ListVersion, _Mapping]]] = ...) -> None: ...

class Citation(_message.Message):
    __slots__ = ("text", "list", "list_title", "version", "version_date", "source_uri", "source_file", "source_sha256", "location")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    LIST_FIELD_NUMBER: _ClassVar[int]
    LIST_TITLE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    VERSION_DATE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_URI_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FILE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_SHA256_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    text: str
    list: str
    list_title: str
    version: str
    version_date: str
    source_uri: str
    source_file: str
    source_sha256: str
    location: str
    def __init__(self, text: _Optional[str] = ..., list: _Optional[str] = ..., list_title: _Optional[str] = ..., version: _Optional[str] = ..., version_date: _Optional[str] = ..., source_uri: _Optional[str] = ..., source_file: _Optional[str] = ..., source_sha256: _Optional[str] = ..., location: _Optional[str] = ...) -> None: ...

class ReasonForControl(_message.Message):
    __slots__ = ("reason", "applies_to", "country_chart_column", "paragraphs", "country_chart_text")
    REASON_FIELD_NUMBER: _ClassVar[int]
    APPLIES_TO_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CHART_COLUMN_FIELD_NUMBER: _ClassVar[int]
    PARAGRAPHS_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CHART_TEXT_FIELD_NUMBER: _ClassVar[int]
    reason: str
    applies_to: str
    country_chart_column: str
    paragraphs: _containers.RepeatedScalarFieldContainer[str]
    country_chart_text: str
    def __init__(self, reason: _Optional[str] = ..., applies_to: _Optional[str] = ..., country_chart_column: _Optional[str] = ..., paragraphs: _Optional[_Iterable[str]] = ..., country_chart_text: _Optional[str] = ...) -> None: ...

class Entry(_message.Message):
    __slots__ = ("name", "jurisdiction", "list", "code", "key", "kind", "title", "text", "parent", "depth", "reserved", "regime", "reasons", "version_date", "citation", "has_children", "attributes", "position")
    NAME_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    LIST_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    PARENT_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    RESERVED_FIELD_NUMBER: _ClassVar[int]
    REGIME_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    VERSION_DATE_FIELD_NUMBER: _ClassVar[int]
    CITATION_FIELD_NUMBER: _ClassVar[int]
    HAS_CHILDREN_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    name: str
    jurisdiction: str
    list: str
    code: str
    key: str
    kind: EntryKind
    title: str
    text: str
    parent: str
    depth: int
    reserved: bool
    regime: str
    reasons: _containers.RepeatedCompositeFieldContainer[ReasonForControl]
    version_date: str
    citation: Citation
    has_children: bool
    attributes: _struct_pb2.Struct
    position: int
    def __init__(self, name: _Optional[str] = ..., jurisdiction: _Optional[str] = ..., list: _Optional[str] = ..., code: _Optional[str] = ..., key: _Optional[str] = ..., kind: _Optional[_Union[EntryKind, str]] = ..., title: _Optional[str] = ..., text: _Optional[str] = ..., parent: _Optional[str] = ..., depth: _Optional[int] = ..., reserved: _Optional[bool] = ..., regime: _Optional[str] = ..., reasons: _Optional[_Iterable[_Union[ReasonForControl, _Mapping]]] = ..., version_date: _Optional[str] = ..., citation: _Optional[_Union[Citation, _Mapping]] = ..., has_children: _Optional[bool] = ..., attributes: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., position: _Optional[int] = ...) -> None: ...

class ListJurisdictionsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListJurisdictionsResponse(_message.Message):
    __slots__ = ("jurisdictions", "next_page_token")
    JURISDICTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    jurisdictions: _containers.RepeatedCompositeFieldContainer[Jurisdiction]
    next_page_token: str
    def __init__(self, jurisdictions: _Optional[_Iterable[_Union[Jurisdiction, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListControlListsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListControlListsResponse(_message.Message):
    __slots__ = ("control_lists", "next_page_token")
    CONTROL_LISTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    control_lists: _containers.RepeatedCompositeFieldContainer[ControlList]
    next_page_token: str
    def __init__(self, control_lists: _Optional[_Iterable[_Union[ControlList, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetEntryRequest(_message.Message):
    __slots__ = ("name", "jurisdiction", "code", "as_of", "list_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    jurisdiction: str
    code: str
    as_of: str
    list_id: str
    def __init__(self, name: _Optional[str] = ..., jurisdiction: _Optional[str] = ..., code: _Optional[str] = ..., as_of: _Optional[str] = ..., list_id: _Optional[str] = ...) -> None: ...

class GetEntryResponse(_message.Message):
    __slots__ = ("entry", "ancestors")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    ANCESTORS_FIELD_NUMBER: _ClassVar[int]
    entry: Entry
    ancestors: _containers.RepeatedCompositeFieldContainer[Entry]
    def __init__(self, entry: _Optional[_Union[Entry, _Mapping]] = ..., ancestors: _Optional[_Iterable[_Union[Entry, _Mapping]]] = ...) -> None: ...

class ListEntriesRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token", "as_of")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    as_of: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., as_of: _Optional[str] = ...) -> None: ...

class ListEntriesResponse(_message.Message):
    __slots__ = ("entries", "next_page_token", "total_size")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[Entry]
    next_page_token: str
    total_size: int
    def __init__(self, entries: _Optional[_Iterable[_Union[Entry, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ...) -> None: ...

class SearchEntriesRequest(_message.Message):
    __slots__ = ("query", "jurisdictions", "page_size", "page_token")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    JURISDICTIONS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    query: str
    jurisdictions: _containers.RepeatedScalarFieldContainer[str]
    page_size: int
    page_token: str
    def __init__(self, query: _Optional[str] = ..., jurisdictions: _Optional[_Iterable[str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class SearchResult(_message.Message):
    __slots__ = ("entry", "snippet", "score")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    SNIPPET_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    entry: Entry
    snippet: str
    score: float
    def __init__(self, entry: _Optional[_Union[Entry, _Mapping]] = ..., snippet: _Optional[str] = ..., score: _Optional[float] = ...) -> None: ...

class SearchEntriesResponse(_message.Message):
    __slots__ = ("results", "next_page_token")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[SearchResult]
    next_page_token: str
    def __init__(self, results: _Optional[_Iterable[_Union[SearchResult, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
