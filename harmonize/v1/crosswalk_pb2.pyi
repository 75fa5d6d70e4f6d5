from google.protobuf import struct_pb2 as _struct_pb2
from harmonize.v1 import control_list_pb2 as _control_list_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Relation(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RELATION_UNSPECIFIED: _ClassVar[Relation]
    RELATION_EXACT: _ClassVar[Relation]
    RELATION_CLOSE: _ClassVar[Relation]
    RELATION_BROAD: _ClassVar[Relation]
    RELATION_NARROW: _ClassVar[Relation]
    RELATION_RELATED: _ClassVar[Relation]
    RELATION_NO_COUNTERPART: _ClassVar[Relation]

class DivergenceKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DIVERGENCE_KIND_UNSPECIFIED: _ClassVar[DivergenceKind]
    DIVERGENCE_KIND_NO_COUNTERPART: _ClassVar[DivergenceKind]
    DIVERGENCE_KIND_THRESHOLD_DIFFERS: _ClassVar[DivergenceKind]
    DIVERGENCE_KIND_TEXT_DIFFERS: _ClassVar[DivergenceKind]
RELATION_UNSPECIFIED: Relation
RELATION_EXACT: Relation
RELATION_CLOSE: Relation
RELATION_BROAD: Relation
RELATION_NARROW: Relation
RELATION_RELATED: Relation
RELATION_NO_COUNTERPART: Relation
DIVERGENCE_KIND_UNSPECIFIED: DivergenceKind
DIVERGENCE_KIND_NO_COUNTERPART: DivergenceKind
DIVERGENCE_KIND_THRESHOLD_DIFFERS: DivergenceKind
DIVERGENCE_KIND_TEXT_DIFFERS: DivergenceKind

class Match(_message.Message):
    __slots__ = ("entry", "jurisdiction", "relation", "confidence", "method", "evidence", "author", "mapping_date", "justification")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    RELATION_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    MAPPING_DATE_FIELD_NUMBER: _ClassVar[int]
    JUSTIFICATION_FIELD_NUMBER: _ClassVar[int]
    entry: _control_list_pb2.Entry
    jurisdiction: str
    relation: Relation
    confidence: float
    method: str
    evidence: _struct_pb2.Struct
    author: str
    mapping_date: str
    justification: str
    def __init__(self, entry: _Optional[_Union[_control_list_pb2.Entry, _Mapping]] = ..., jurisdiction: _Optional[str] = ..., relation: _Optional[_Union[Relation, str]] = ..., confidence: _Optional[float] = ..., method: _Optional[str] = ..., evidence: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., author: _Optional[str] = ..., mapping_date: _Optional[str] = ..., justification: _Optional[str] = ...) -> None: ...

class TranslateEntryRequest(_message.Message):
    __slots__ = ("jurisdiction", "code", "target_jurisdictions", "name")
    JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    TARGET_JURISDICTIONS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    jurisdiction: str
    code: str
    target_jurisdictions: _containers.RepeatedScalarFieldContainer[str]
    name: str
    def __init__(self, jurisdiction: _Optional[str] = ..., code: _Optional[str] = ..., target_jurisdictions: _Optional[_Iterable[str]] = ..., name: _Optional[str] = ...) -> None: ...

class TranslateEntryResponse(_message.Message):
    __slots__ = ("entry", "matches", "unmapped_jurisdictions")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    MATCHES_FIELD_NUMBER: _ClassVar[int]
    UNMAPPED_JURISDICTIONS_FIELD_NUMBER: _ClassVar[int]
    entry: _control_list_pb2.Entry
    matches: _containers.RepeatedCompositeFieldContainer[Match]
    unmapped_jurisdictions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, entry: _Optional[_Union[_control_list_pb2.Entry, _Mapping]] = ..., matches: _Optional[_Iterable[_Union[Match, _Mapping]]] = ..., unmapped_jurisdictions: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchTranslateRequest(_message.Message):
    __slots__ = ("requests", "view")
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[TranslateEntryRequest]
    view: _control_list_pb2.EntryView
    def __init__(self, requests: _Optional[_Iterable[_Union[TranslateEntryRequest, _Mapping]]] = ..., view: _Optional[_Union[_control_list_pb2.EntryView, str]] = ...) -> None: ...

class ItemError(_message.Message):
    __slots__ = ("code", "message", "field")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    code: str
    message: str
    field: str
    def __init__(self, code: _Optional[str] = ..., message: _Optional[str] = ..., field: _Optional[str] = ...) -> None: ...

class BatchTranslateResult(_message.Message):
    __slots__ = ("index", "response", "error")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    index: int
    response: TranslateEntryResponse
    error: ItemError
    def __init__(self, index: _Optional[int] = ..., response: _Optional[_Union[TranslateEntryResponse, _Mapping]] = ..., error: _Optional[_Union[ItemError, _Mapping]] = ...) -> None: ...

class BatchTranslateResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[BatchTranslateResult]
    def __init__(self, results: _Optional[_Iterable[_Union[BatchTranslateResult, _Mapping]]] = ...) -> None: ...

class EntryReference(_message.Message):
    __slots__ = ("jurisdiction", "code", "name")
    JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    jurisdiction: str
    code: str
    name: str
    def __init__(self, jurisdiction: _Optional[str] = ..., code: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class CompareEntriesRequest(_message.Message):
    __slots__ = ("left", "right")
    LEFT_FIELD_NUMBER: _ClassVar[int]
    RIGHT_FIELD_NUMBER: _ClassVar[int]
    left: EntryReference
    right: EntryReference
    def __init__(self, left: _Optional[_Union[EntryReference, _Mapping]] = ..., right: _Optional[_Union[EntryReference, _Mapping]] = ...) -> None: ...

class Parameter(_message.Message):
    __slots__ = ("quantity", "value", "unit", "operator", "printed")
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    PRINTED_FIELD_NUMBER: _ClassVar[int]
    quantity: str
    value: float
    unit: str
    operator: str
    printed: str
    def __init__(self, quantity: _Optional[str] = ..., value: _Optional[float] = ..., unit: _Optional[str] = ..., operator: _Optional[str] = ..., printed: _Optional[str] = ...) -> None: ...

class ParameterComparison(_message.Message):
    __slots__ = ("left", "right", "status", "quantity", "unit")
    LEFT_FIELD_NUMBER: _ClassVar[int]
    RIGHT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    left: _containers.RepeatedCompositeFieldContainer[Parameter]
    right: _containers.RepeatedCompositeFieldContainer[Parameter]
    status: str
    quantity: str
    unit: str
    def __init__(self, left: _Optional[_Iterable[_Union[Parameter, _Mapping]]] = ..., right: _Optional[_Iterable[_Union[Parameter, _Mapping]]] = ..., status: _Optional[str] = ..., quantity: _Optional[str] = ..., unit: _Optional[str] = ...) -> None: ...

class CompareEntriesResponse(_message.Message):
    __slots__ = ("left", "right", "parameters", "text_similarity", "text_differences", "relation")
    LEFT_FIELD_NUMBER: _ClassVar[int]
    RIGHT_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    TEXT_SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    TEXT_DIFFERENCES_FIELD_NUMBER: _ClassVar[int]
    RELATION_FIELD_NUMBER: _ClassVar[int]
    left: _control_list_pb2.Entry
    right: _control_list_pb2.Entry
    parameters: _containers.RepeatedCompositeFieldContainer[ParameterComparison]
    text_similarity: float
    text_differences: _containers.RepeatedScalarFieldContainer[str]
    relation: Relation
    def __init__(self, left: _Optional[_Union[_control_list_pb2.Entry, _Mapping]] = ..., right: _Optional[_Union[_control_list_pb2.Entry, _Mapping]] = ..., parameters: _Optional[_Iterable[_Union[ParameterComparison, _Mapping]]] = ..., text_similarity: _Optional[float] = ..., text_differences: _Optional[_Iterable[str]] = ..., relation: _Optional[_Union[Relation, str]] = ...) -> None: ...

class ListDivergencesRequest(_message.Message):
    __slots__ = ("jurisdiction", "against", "page_size", "page_token")
    JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    AGAINST_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    jurisdiction: str
    against: _containers.RepeatedScalarFieldContainer[str]
    page_size: int
    page_token: str
    def __init__(self, jurisdiction: _Optional[str] = ..., against: _Optional[_Iterable[str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class Divergence(_message.Message):
    __slots__ = ("entry", "against_jurisdiction", "kind", "counterpart", "parameters", "detail")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    AGAINST_JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    COUNTERPART_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    entry: _control_list_pb2.Entry
    against_jurisdiction: str
    kind: DivergenceKind
    counterpart: _control_list_pb2.Entry
    parameters: _containers.RepeatedCompositeFieldContainer[ParameterComparison]
    detail: str
    def __init__(self, entry: _Optional[_Union[_control_list_pb2.Entry, _Mapping]] = ..., against_jurisdiction: _Optional[str] = ..., kind: _Optional[_Union[DivergenceKind, str]] = ..., counterpart: _Optional[_Union[_control_list_pb2.Entry, _Mapping]] = ..., parameters: _Optional[_Iterable[_Union[ParameterComparison, _Mapping]]] = ..., detail: _Optional[str] = ...) -> None: ...

class ListDivergencesResponse(_message.Message):
    __slots__ = ("divergences", "next_page_token", "total_size")
    DIVERGENCES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    divergences: _containers.RepeatedCompositeFieldContainer[Divergence]
    next_page_token: str
    total_size: int
    def __init__(self, divergences: _Optional[_Iterable[_Union[Divergence, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ...) -> None: ...
