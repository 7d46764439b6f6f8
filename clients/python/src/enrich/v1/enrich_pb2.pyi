from google.rpc import status_pb2 as _status_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Feature(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FEATURE_UNSPECIFIED: _ClassVar[Feature]
    FEATURE_LANGUAGE: _ClassVar[Feature]
    FEATURE_SENTENCES: _ClassVar[Feature]
    FEATURE_ENTITIES: _ClassVar[Feature]
    FEATURE_SUMMARY: _ClassVar[Feature]

class OffsetUnit(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OFFSET_UNIT_UNSPECIFIED: _ClassVar[OffsetUnit]
    OFFSET_UNIT_CODE_POINT: _ClassVar[OffsetUnit]
    OFFSET_UNIT_UTF8_BYTE: _ClassVar[OffsetUnit]
    OFFSET_UNIT_UTF16_CODE_UNIT: _ClassVar[OffsetUnit]

class SegmentKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEGMENT_KIND_UNSPECIFIED: _ClassVar[SegmentKind]
    SEGMENT_KIND_SENTENCE: _ClassVar[SegmentKind]
    SEGMENT_KIND_HEADING: _ClassVar[SegmentKind]
    SEGMENT_KIND_BYLINE: _ClassVar[SegmentKind]
    SEGMENT_KIND_LIST_ITEM: _ClassVar[SegmentKind]
    SEGMENT_KIND_LINK: _ClassVar[SegmentKind]
    SEGMENT_KIND_OTHER: _ClassVar[SegmentKind]

class EntityType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENTITY_TYPE_UNSPECIFIED: _ClassVar[EntityType]
    ENTITY_TYPE_PERSON: _ClassVar[EntityType]
    ENTITY_TYPE_ORGANIZATION: _ClassVar[EntityType]
    ENTITY_TYPE_LOCATION: _ClassVar[EntityType]
    ENTITY_TYPE_MISC: _ClassVar[EntityType]
    ENTITY_TYPE_DATE: _ClassVar[EntityType]
    ENTITY_TYPE_TIME: _ClassVar[EntityType]
    ENTITY_TYPE_MONEY: _ClassVar[EntityType]
    ENTITY_TYPE_PERCENT: _ClassVar[EntityType]
    ENTITY_TYPE_NUMBER: _ClassVar[EntityType]
FEATURE_UNSPECIFIED: Feature
FEATURE_LANGUAGE: Feature
FEATURE_SENTENCES: Feature
FEATURE_ENTITIES: Feature
FEATURE_SUMMARY: Feature
OFFSET_UNIT_UNSPECIFIED: OffsetUnit
OFFSET_UNIT_CODE_POINT: OffsetUnit
OFFSET_UNIT_UTF8_BYTE: OffsetUnit
OFFSET_UNIT_UTF16_CODE_UNIT: OffsetUnit
SEGMENT_KIND_UNSPECIFIED: SegmentKind
SEGMENT_KIND_SENTENCE: SegmentKind
SEGMENT_KIND_HEADING: SegmentKind
SEGMENT_KIND_BYLINE: SegmentKind
SEGMENT_KIND_LIST_ITEM: SegmentKind
SEGMENT_KIND_LINK: SegmentKind
SEGMENT_KIND_OTHER: SegmentKind
ENTITY_TYPE_UNSPECIFIED: EntityType
ENTITY_TYPE_PERSON: EntityType
ENTITY_TYPE_ORGANIZATION: EntityType
ENTITY_TYPE_LOCATION: EntityType
ENTITY_TYPE_MISC: EntityType
ENTITY_TYPE_DATE: EntityType
ENTITY_TYPE_TIME: EntityType
ENTITY_TYPE_MONEY: EntityType
ENTITY_TYPE_PERCENT: EntityType
ENTITY_TYPE_NUMBER: EntityType

class Document(_message.Message):
    __slots__ = ("id", "text", "language_hint", "reference_date", "expected_languages", "expected_languages_only")
    ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_HINT_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_DATE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_LANGUAGES_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_LANGUAGES_ONLY_FIELD_NUMBER: _ClassVar[int]
    id: str
    text: str
    language_hint: str
    reference_date: str
    expected_languages: _containers.RepeatedScalarFieldContainer[str]
    expected_languages_only: bool
    def __init__(self, id: _Optional[str] = ..., text: _Optional[str] = ..., language_hint: _Optional[str] = ..., reference_date: _Optional[str] = ..., expected_languages: _Optional[_Iterable[str]] = ..., expected_languages_only: _Optional[bool] = ...) -> None: ...

class EntityOptions(_message.Message):
    __slots__ = ("dictionary",)
    DICTIONARY_FIELD_NUMBER: _ClassVar[int]
    dictionary: _containers.RepeatedCompositeFieldContainer[DictionaryEntry]
    def __init__(self, dictionary: _Optional[_Iterable[_Union[DictionaryEntry, _Mapping]]] = ...) -> None: ...

class DictionaryEntry(_message.Message):
    __slots__ = ("text", "type")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    text: str
    type: EntityType
    def __init__(self, text: _Optional[str] = ..., type: _Optional[_Union[EntityType, str]] = ...) -> None: ...

class SummaryOptions(_message.Message):
    __slots__ = ("max_sentences", "max_characters", "neutrality_weight")
    MAX_SENTENCES_FIELD_NUMBER: _ClassVar[int]
    MAX_CHARACTERS_FIELD_NUMBER: _ClassVar[int]
    NEUTRALITY_WEIGHT_FIELD_NUMBER: _ClassVar[int]
    max_sentences: int
    max_characters: int
    neutrality_weight: float
    def __init__(self, max_sentences: _Optional[int] = ..., max_characters: _Optional[int] = ..., neutrality_weight: _Optional[float] = ...) -> None: ...

class EnrichRequest(_message.Message):
    __slots__ = ("document", "features", "offset_unit", "summary_options", "entity_options")
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    FEATURES_FIELD_NUMBER: _ClassVar[int]
    OFFSET_UNIT_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ENTITY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    document: Document
    features: _containers.RepeatedScalarFieldContainer[Feature]
    offset_unit: OffsetUnit
    summary_options: SummaryOptions
    entity_options: EntityOptions
    def __init__(self, document: _Optional[_Union[Document, _Mapping]] = ..., features: _Optional[_Iterable[_Union[Feature, str]]] = ..., offset_unit: _Optional[_Union[OffsetUnit, str]] = ..., summary_options: _Optional[_Union[SummaryOptions, _Mapping]] = ..., entity_options: _Optional[_Union[EntityOptions, _Mapping]] = ...) -> None: ...

class EnrichResponse(_message.Message):
    __slots__ = ("id", "language", "sentences", "entities", "summary", "offset_unit", "model_version", "warnings")
    ID_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    SENTENCES_FIELD_NUMBER: _ClassVar[int]
    ENTITIES_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    OFFSET_UNIT_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    id: str
    language: Language
    sentences: _containers.RepeatedCompositeFieldContainer[Sentence]
    entities: _containers.RepeatedCompositeFieldContainer[Entity]
    summary: Summary
    offset_unit: OffsetUnit
    model_version: str
    warnings: _containers.RepeatedCompositeFieldContainer[Warning]
    def __init__(self, id: _Optional[str] = ..., language: _Optional[_Union[Language, _Mapping]] = ..., sentences: _Optional[_Iterable[_Union[Sentence, _Mapping]]] = ..., entities: _Optional[_Iterable[_Union[Entity, _Mapping]]] = ..., summary: _Optional[_Union[Summary, _Mapping]] = ..., offset_unit: _Optional[_Union[OffsetUnit, str]] = ..., model_version: _Optional[str] = ..., warnings: _Optional[_Iterable[_Union[Warning, _Mapping]]] = ...) -> None: ...

class Span(_message.Message):
    __slots__ = ("start", "end")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    start: int
    end: int
    def __init__(self, start: _Optional[int] = ..., end: _Optional[int] = ...) -> None: ...

class LanguageGuess(_message.Message):
    __slots__ = ("code", "name", "confidence")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    confidence: float
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., confidence: _Optional[float] = ...) -> None: ...

class Language(_message.Message):
    __slots__ = ("code", "name", "script", "confidence", "reliable", "alternatives")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    RELIABLE_FIELD_NUMBER: _ClassVar[int]
    ALTERNATIVES_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    script: str
    confidence: float
    reliable: bool
    alternatives: _containers.RepeatedCompositeFieldContainer[LanguageGuess]
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., script: _Optional[str] = ..., confidence: _Optional[float] = ..., reliable: _Optional[bool] = ..., alternatives: _Optional[_Iterable[_Union[LanguageGuess, _Mapping]]] = ...) -> None: ...

class Sentence(_message.Message):
    __slots__ = ("span", "text", "kind", "language")
    SPAN_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    span: Span
    text: str
    kind: SegmentKind
    language: str
    def __init__(self, span: _Optional[_Union[Span, _Mapping]] = ..., text: _Optional[str] = ..., kind: _Optional[_Union[SegmentKind, str]] = ..., language: _Optional[str] = ...) -> None: ...

class Mention(_message.Message):
    __slots__ = ("span", "text", "confidence")
    SPAN_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    span: Span
    text: str
    confidence: float
    def __init__(self, span: _Optional[_Union[Span, _Mapping]] = ..., text: _Optional[str] = ..., confidence: _Optional[float] = ...) -> None: ...

class Entity(_message.Message):
    __slots__ = ("name", "type", "salience", "confidence", "mentions", "normalized_value")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    SALIENCE_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    MENTIONS_FIELD_NUMBER: _ClassVar[int]
    NORMALIZED_VALUE_FIELD_NUMBER: _ClassVar[int]
    name: str
    type: EntityType
    salience: float
    confidence: float
    mentions: _containers.RepeatedCompositeFieldContainer[Mention]
    normalized_value: str
    def __init__(self, name: _Optional[str] = ..., type: _Optional[_Union[EntityType, str]] = ..., salience: _Optional[float] = ..., confidence: _Optional[float] = ..., mentions: _Optional[_Iterable[_Union[Mention, _Mapping]]] = ..., normalized_value: _Optional[str] = ...) -> None: ...

class SummarySentence(_message.Message):
    __slots__ = ("sentence_index", "span", "text", "score", "neutrality")
    SENTENCE_INDEX_FIELD_NUMBER: _ClassVar[int]
    SPAN_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    NEUTRALITY_FIELD_NUMBER: _ClassVar[int]
    sentence_index: int
    span: Span
    text: str
    score: float
    neutrality: float
    def __init__(self, sentence_index: _Optional[int] = ..., span: _Optional[_Union[Span, _Mapping]] = ..., text: _Optional[str] = ..., score: _Optional[float] = ..., neutrality: _Optional[float] = ...) -> None: ...

class Summary(_message.Message):
    __slots__ = ("sentences", "text", "summary_loadedness", "document_loadedness")
    SENTENCES_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_LOADEDNESS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_LOADEDNESS_FIELD_NUMBER: _ClassVar[int]
    sentences: _containers.RepeatedCompositeFieldContainer[SummarySentence]
    text: str
    summary_loadedness: float
    document_loadedness: float
    def __init__(self, sentences: _Optional[_Iterable[_Union[SummarySentence, _Mapping]]] = ..., text: _Optional[str] = ..., summary_loadedness: _Optional[float] = ..., document_loadedness: _Optional[float] = ...) -> None: ...

class Warning(_message.Message):
    __slots__ = ("code", "message")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    code: str
    message: str
    def __init__(self, code: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class EnrichBatchRequest(_message.Message):
    __slots__ = ("documents", "features", "offset_unit", "summary_options", "entity_options")
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    FEATURES_FIELD_NUMBER: _ClassVar[int]
    OFFSET_UNIT_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ENTITY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    documents: _containers.RepeatedCompositeFieldContainer[Document]
    features: _containers.RepeatedScalarFieldContainer[Feature]
    offset_unit: OffsetUnit
    summary_options: SummaryOptions
    entity_options: EntityOptions
    def __init__(self, documents: _Optional[_Iterable[_Union[Document, _Mapping]]] = ..., features: _Optional[_Iterable[_Union[Feature, str]]] = ..., offset_unit: _Optional[_Union[OffsetUnit, str]] = ..., summary_options: _Optional[_Union[SummaryOptions, _Mapping]] = ..., entity_options: _Optional[_Union[EntityOptions, _Mapping]] = ...) -> None: ...

class DocumentResult(_message.Message):
    __slots__ = ("id", "status", "response")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    id: str
    status: _status_pb2.Status
    response: EnrichResponse
    def __init__(self, id: _Optional[str] = ..., status: _Optional[_Union[_status_pb2.Status, _Mapping]] = ..., response: _Optional[_Union[EnrichResponse, _Mapping]] = ...) -> None: ...

class EnrichBatchResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[DocumentResult]
    def __init__(self, results: _Optional[_Iterable[_Union[DocumentResult, _Mapping]]] = ...) -> None: ...

class GetInfoRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ModelInfo(_message.Message):
    __slots__ = ("feature", "name", "version", "languages", "description", "evaluations")
    FEATURE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    LANGUAGES_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    EVALUATIONS_FIELD_NUMBER: _ClassVar[int]
    feature: Feature
    name: str
    version: str
    languages: _containers.RepeatedScalarFieldContainer[str]
    description: str
    evaluations: _containers.RepeatedCompositeFieldContainer[ModelEvaluation]
    def __init__(self, feature: _Optional[_Union[Feature, str]] = ..., name: _Optional[str] = ..., version: _Optional[str] = ..., languages: _Optional[_Iterable[str]] = ..., description: _Optional[str] = ..., evaluations: _Optional[_Iterable[_Union[ModelEvaluation, _Mapping]]] = ...) -> None: ...

class ModelEvaluation(_message.Message):
    __slots__ = ("language", "dataset", "precision", "recall", "f1")
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    DATASET_FIELD_NUMBER: _ClassVar[int]
    PRECISION_FIELD_NUMBER: _ClassVar[int]
    RECALL_FIELD_NUMBER: _ClassVar[int]
    F1_FIELD_NUMBER: _ClassVar[int]
    language: str
    dataset: str
    precision: float
    recall: float
    f1: float
    def __init__(self, language: _Optional[str] = ..., dataset: _Optional[str] = ..., precision: _Optional[float] = ..., recall: _Optional[float] = ..., f1: _Optional[float] = ...) -> None: ...

class Limits(_message.Message):
    __slots__ = ("max_document_bytes", "max_batch_documents", "max_message_bytes", "max_summary_sentences")
    MAX_DOCUMENT_BYTES_FIELD_NUMBER: _ClassVar[int]
    MAX_BATCH_DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    MAX_MESSAGE_BYTES_FIELD_NUMBER: _ClassVar[int]
    MAX_SUMMARY_SENTENCES_FIELD_NUMBER: _ClassVar[int]
    max_document_bytes: int
    max_batch_documents: int
    max_message_bytes: int
    max_summary_sentences: int
    def __init__(self, max_document_bytes: _Optional[int] = ..., max_batch_documents: _Optional[int] = ..., max_message_bytes: _Optional[int] = ..., max_summary_sentences: _Optional[int] = ...) -> None: ...

class GetInfoResponse(_message.Message):
    __slots__ = ("service_version", "model_version", "models", "entity_types", "limits")
    SERVICE_VERSION_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    MODELS_FIELD_NUMBER: _ClassVar[int]
    ENTITY_TYPES_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    service_version: str
    model_version: str
    models: _containers.RepeatedCompositeFieldContainer[ModelInfo]
    entity_types: _containers.RepeatedScalarFieldContainer[EntityType]
    limits: Limits
    def __init__(self, service_version: _Optional[str] = ..., model_version: _Optional[str] = ..., models: _Optional[_Iterable[_Union[ModelInfo, _Mapping]]] = ..., entity_types: _Optional[_Iterable[_Union[EntityType, str]]] = ..., limits: _Optional[_Union[Limits, _Mapping]] = ...) -> None: ...
