"""A Python service calling enrich the way another team would: stubs generated from proto/ with grpcio-tools."""

import importlib

import grpc
import pytest


def test_enrich_spans_index_python_strings(server, stubs):
    pb, grpc_pb = stubs
    text = "Émile flew to Tōkyō 🇯🇵 on 25 November 2019. He met Prime Minister Shinzo Abe there. 東京は晴れです。"
    with grpc.insecure_channel(server["address"]) as channel:
        client = grpc_pb.EnrichServiceStub(channel)
        response = client.Enrich(pb.EnrichRequest(document=pb.Document(id="py-1", text=text)), timeout=30)
    assert response.id == "py-1"
    assert response.offset_unit == pb.OFFSET_UNIT_CODE_POINT
    assert len(response.sentences) >= 3
    for sentence in response.sentences:
        assert text[sentence.span.start : sentence.span.end] == sentence.text
    for entity in response.entities:
        for mention in entity.mentions:
            assert text[mention.span.start : mention.span.end] == mention.text
    dates = [e for e in response.entities if e.type == pb.ENTITY_TYPE_DATE]
    assert dates and dates[0].normalized_value == "2019-11-25"


def test_utf16_offsets_index_utf16_code_units(server, stubs):
    pb, grpc_pb = stubs
    text = "Emoji 😀 first. Then 👍🏽 second."
    with grpc.insecure_channel(server["address"]) as channel:
        client = grpc_pb.EnrichServiceStub(channel)
        response = client.Enrich(
            pb.EnrichRequest(document=pb.Document(text=text), offset_unit=pb.OFFSET_UNIT_UTF16_CODE_UNIT), timeout=30
        )
    units = text.encode("utf-16-le")
    for sentence in response.sentences:
        assert units[2 * sentence.span.start : 2 * sentence.span.end].decode("utf-16-le") == sentence.text


def test_batch_reports_each_document_status(server, stubs):
    pb, grpc_pb = stubs
    docs = [pb.Document(id="a", text="Paris is in France."), pb.Document(id="b", text=""), pb.Document(id="c", text="Berlin is in Germany.")]
    with grpc.insecure_channel(server["address"]) as channel:
        client = grpc_pb.EnrichServiceStub(channel)
        response = client.EnrichBatch(pb.EnrichBatchRequest(documents=docs), timeout=30)
    assert [r.id for r in response.results] == ["a", "b", "c"]
    assert [r.status.code for r in response.results] == [0, grpc.StatusCode.INVALID_ARGUMENT.value[0], 0]
    assert "documents[1].text" in response.results[1].status.message


def test_errors_carry_the_status_code_and_bad_request_details(server, stubs):
    pb, grpc_pb = stubs
    details_pb = importlib.import_module("google.rpc.error_details_pb2")
    status_pb = importlib.import_module("google.rpc.status_pb2")
    with grpc.insecure_channel(server["address"]) as channel:
        client = grpc_pb.EnrichServiceStub(channel)
        with pytest.raises(grpc.RpcError) as error:
            client.Enrich(pb.EnrichRequest(document=pb.Document(text="   ")), timeout=30)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    rich = dict(error.value.trailing_metadata())["grpc-status-details-bin"]
    status = status_pb.Status.FromString(rich)
    bad = details_pb.BadRequest()
    assert status.details[0].Unpack(bad)
    assert bad.field_violations[0].field == "document.text"


def test_get_info_describes_limits(server, stubs):
    pb, grpc_pb = stubs
    with grpc.insecure_channel(server["address"]) as channel:
        info = grpc_pb.EnrichServiceStub(channel).GetInfo(pb.GetInfoRequest(), timeout=30)
    assert info.limits.max_document_bytes == 1024 * 1024
    assert pb.ENTITY_TYPE_PERSON in info.entity_types
