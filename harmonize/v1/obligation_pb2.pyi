from harmonize.v1 import crosswalk_pb2 as _crosswalk_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Licence(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LICENCE_UNSPECIFIED: _ClassVar[Licence]
    LICENCE_REQUIRED: _ClassVar[Licence]
    LICENCE_NOT_REQUIRED: _ClassVar[Licence]
    LICENCE_INDETERMINATE: _ClassVar[Licence]
LICENCE_UNSPECIFIED: Licence
LICENCE_REQUIRED: Licence
LICENCE_NOT_REQUIRED: Licence
LICENCE_INDETERMINATE: Licence

class ItemClassification(_message.Message):
    __slots__ = ("jurisdiction", "code")
    JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    jurisdiction: str
    code: str
    def __init__(self, jurisdiction: _Optional[str] = ..., code: _Optional[str] = ...) -> None: ...

class EndUseFlags(_message.Message):
    __slots__ = ("military_end_use", "wmd_end_use", "end_user_of_concern")
    MILITARY_END_USE_FIELD_NUMBER: _ClassVar[int]
    WMD_END_USE_FIELD_NUMBER: _ClassVar[int]
    END_USER_OF_CONCERN_FIELD_NUMBER: _ClassVar[int]
    military_end_use: bool
    wmd_end_use: bool
    end_user_of_concern: bool
    def __init__(self, military_end_use: _Optional[bool] = ..., wmd_end_use: _Optional[bool] = ..., end_user_of_concern: _Optional[bool] = ...) -> None: ...

class CheckObligationsRequest(_message.Message):
    __slots__ = ("items", "export_from", "destination", "end_use")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    EXPORT_FROM_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    END_USE_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[ItemClassification]
    export_from: str
    destination: str
    end_use: EndUseFlags
    def __init__(self, items: _Optional[_Iterable[_Union[ItemClassification, _Mapping]]] = ..., export_from: _Optional[str] = ..., destination: _Optional[str] = ..., end_use: _Optional[_Union[EndUseFlags, _Mapping]] = ...) -> None: ...

class ObligationCitation(_message.Message):
    __slots__ = ("text", "source")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    text: str
    source: str
    def __init__(self, text: _Optional[str] = ..., source: _Optional[str] = ...) -> None: ...

class JurisdictionObligation(_message.Message):
    __slots__ = ("jurisdiction", "licence", "entries", "reasons", "authorisations", "citations", "summary", "needs_review", "notes")
    JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    LICENCE_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    AUTHORISATIONS_FIELD_NUMBER: _ClassVar[int]
    CITATIONS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    NEEDS_REVIEW_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    jurisdiction: str
    licence: Licence
    entries: _containers.RepeatedCompositeFieldContainer[_crosswalk_pb2.Match]
    reasons: _containers.RepeatedScalarFieldContainer[str]
    authorisations: _containers.RepeatedScalarFieldContainer[str]
    citations: _containers.RepeatedCompositeFieldContainer[ObligationCitation]
    summary: str
    needs_review: bool
    notes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, jurisdiction: _Optional[str] = ..., licence: _Optional[_Union[Licence, str]] = ..., entries: _Optional[_Iterable[_Union[_crosswalk_pb2.Match, _Mapping]]] = ..., reasons: _Optional[_Iterable[str]] = ..., authorisations: _Optional[_Iterable[str]] = ..., citations: _Optional[_Iterable[_Union[ObligationCitation, _Mapping]]] = ..., summary: _Optional[str] = ..., needs_review: _Optional[bool] = ..., notes: _Optional[_Iterable[str]] = ...) -> None: ...

class CheckObligationsResponse(_message.Message):
    __slots__ = ("results", "summary")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[JurisdictionObligation]
    summary: str
    def __init__(self, results: _Optional[_Iterable[_Union[JurisdictionObligation, _Mapping]]] = ..., summary: _Optional[str] = ...) -> None: ...

class BatchCheckObligationsRequest(_message.Message):
    __slots__ = ("requests",)
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[CheckObligationsRequest]
    def __init__(self, requests: _Optional[_Iterable[_Union[CheckObligationsRequest, _Mapping]]] = ...) -> None: ...

class BatchCheckObligationsResult(_message.Message):
    __slots__ = ("response", "error")
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    response: CheckObligationsResponse
    error: _crosswalk_pb2.ItemError
    def __init__(self, response: _Optional[_Union[CheckObligationsResponse, _Mapping]] = ..., error: _Optional[_Union[_crosswalk_pb2.ItemError, _Mapping]] = ...) -> None: ...

class BatchCheckObligationsResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[BatchCheckObligationsResult]
    def __init__(self, results: _Optional[_Iterable[_Union[BatchCheckObligationsResult, _Mapping]]] = ...) -> None: ...
