"""Spans over OTLP: the real `enrich serve` sends them to a receiver this test starts, built on
the published OpenTelemetry protos (`opentelemetry-proto` with grpcio)."""

import json
import signal
import subprocess
import threading
import time
import urllib.request
from concurrent import futures

import grpc
import pytest
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc

from conftest import free_port, start_server

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"
STAGES = ["enrich.stage.language", "enrich.stage.sentences", "enrich.stage.entities", "enrich.stage.summary"]
TEXT = "Angela Merkel met Emmanuel Macron in Paris on Monday. They discussed the budget of the European Union."


class Receiver(trace_service_pb2_grpc.TraceServiceServicer):
    """An OTLP trace collector that keeps what it receives."""

    def __init__(self):
        self.requests = []
        self.metadata = []
        self.lock = threading.Lock()

    def Export(self, request, context):
        with self.lock:
            self.requests.append(request)
            self.metadata.append(dict(context.invocation_metadata()))
        return trace_service_pb2.ExportTraceServiceResponse()

    def spans(self):
        with self.lock:
            return [
                (resource.resource, span)
                for request in self.requests
                for resource in request.resource_spans
                for scope in resource.scope_spans
                for span in scope.spans
            ]


@pytest.fixture
def receiver():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    collector = Receiver()
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(collector, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield collector, port
    server.stop(grace=None)


def attributes(span) -> dict:
    out = {}
    for kv in span.attributes:
        value = kv.value
        out[kv.key] = value.string_value if value.HasField("string_value") else value.int_value
    return out


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0


def test_a_traced_call_arrives_as_a_child_of_the_callers_span_with_four_stage_spans(receiver, stubs):
    collector, port = receiver
    pb, rpc = stubs
    proc, address = start_server(
        "--drain-delay-seconds",
        "0",
        env={
            "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{port}",
            "OTEL_EXPORTER_OTLP_HEADERS": "x-tenant=newsroom",
            "OTEL_SERVICE_NAME": "enrich-under-test",
            "OTEL_BSP_SCHEDULE_DELAY": "100",
        },
    )
    try:
        with grpc.insecure_channel(address) as channel:
            grpc.channel_ready_future(channel).result(timeout=30)
            client = rpc.EnrichServiceStub(channel)
            client.Enrich(
                pb.EnrichRequest(document=pb.Document(id="traced-1", text=TEXT)),
                metadata=[("traceparent", f"00-{TRACE_ID}-{PARENT_ID}-01"), ("tracestate", "congo=t61rcWkgMzE")],
                timeout=30,
            )
            # The caller does not record this trace: neither does the server.
            client.Enrich(
                pb.EnrichRequest(document=pb.Document(id="unsampled", text=TEXT)),
                metadata=[("traceparent", f"00-{'1' * 32}-{PARENT_ID}-00")],
                timeout=30,
            )
            # No caller's context: a fresh trace, recorded by the default sampler.
            client.EnrichBatch(
                pb.EnrichBatchRequest(documents=[pb.Document(id="b1", text=TEXT), pb.Document(id="b2", text="Rome.")]),
                timeout=30,
            )
            # A health probe starts no trace; inside a caller's trace it is recorded.
            from grpc_health.v1 import health_pb2, health_pb2_grpc

            health = health_pb2_grpc.HealthStub(channel)
            health.Check(health_pb2.HealthCheckRequest(), timeout=10)
            health.Check(
                health_pb2.HealthCheckRequest(),
                metadata=[("traceparent", f"00-{'2' * 32}-{PARENT_ID}-01")],
                timeout=10,
            )
        # Arrives within the batch delay, before any flush at exit.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len([s for _, s in collector.spans() if s.trace_id.hex() == TRACE_ID]) < 5:
            time.sleep(0.05)
    finally:
        stop(proc)

    spans = collector.spans()
    traced = [s for _, s in spans if s.trace_id.hex() == TRACE_ID]
    calls = [s for s in traced if s.kind == s.SPAN_KIND_SERVER]
    assert len(calls) == 1, [s.name for s in traced]
    call = calls[0]
    assert call.name == "enrich.v1.EnrichService/Enrich"
    assert call.parent_span_id.hex() == PARENT_ID
    assert call.trace_state == "congo=t61rcWkgMzE"
    assert attributes(call)["rpc.grpc.status_code"] == 0
    assert attributes(call)["enrich.document.ids"] == "traced-1"
    assert call.end_time_unix_nano > call.start_time_unix_nano

    stages = sorted((s for s in traced if s.kind == s.SPAN_KIND_INTERNAL), key=lambda s: s.start_time_unix_nano)
    assert [s.name for s in stages] == STAGES
    for stage in stages:
        assert stage.parent_span_id == call.span_id
        assert attributes(stage)["enrich.document.id"] == "traced-1"
        assert attributes(stage)["enrich.document.bytes"] == len(TEXT.encode())
        assert attributes(stage)["enrich.document.status"] == "Ok"
        assert call.start_time_unix_nano <= stage.start_time_unix_nano <= stage.end_time_unix_nano <= call.end_time_unix_nano

    assert not [s for _, s in spans if s.trace_id.hex() == "1" * 32], "an unsampled trace was exported"

    batch_calls = [s for _, s in spans if s.name == "enrich.v1.EnrichService/EnrichBatch"]
    assert len(batch_calls) == 1 and batch_calls[0].parent_span_id == b""
    batch_stages = [s for _, s in spans if s.parent_span_id == batch_calls[0].span_id]
    assert sorted(attributes(s)["enrich.document.id"] for s in batch_stages) == ["b1"] * 4 + ["b2"] * 4

    health = [s for _, s in spans if s.name == "grpc.health.v1.Health/Check"]
    assert [s.trace_id.hex() for s in health] == ["2" * 32], "only the probe inside a caller's trace is recorded"

    resource = {kv.key: kv.value.string_value for kv in spans[0][0].attributes}
    assert resource["service.name"] == "enrich-under-test"
    assert all(m.get("x-tenant") == "newsroom" for m in collector.metadata)
    for _, span in spans:
        assert all(TEXT not in str(kv.value) for kv in span.attributes), "a span carried the text"


def test_json_over_http_calls_join_the_callers_trace(receiver):
    collector, port = receiver
    proc, address = start_server(
        env={"OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{port}", "OTEL_BSP_SCHEDULE_DELAY": "100"}
    )
    try:
        body = json.dumps({"document": {"id": "json-1", "text": TEXT}}).encode()
        request = urllib.request.Request(
            f"http://{address}/v1/enrich",
            data=body,
            headers={"content-type": "application/json", "traceparent": f"00-{TRACE_ID}-{PARENT_ID}-01"},
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                assert json.loads(urllib.request.urlopen(request, timeout=30).read())["id"] == "json-1"
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    finally:
        stop(proc)
    traced = [s for _, s in collector.spans() if s.trace_id.hex() == TRACE_ID]
    assert sorted(s.name for s in traced) == sorted(["enrich.v1.EnrichService/Enrich", *STAGES])
    call = next(s for s in traced if s.kind == s.SPAN_KIND_SERVER)
    assert call.parent_span_id.hex() == PARENT_ID


def test_an_unreachable_collector_costs_no_call_and_does_not_hold_the_exit(stubs):
    pb, rpc = stubs
    proc, address = start_server(
        "--drain-delay-seconds",
        "0",
        env={
            "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{free_port()}",
            "OTEL_EXPORTER_OTLP_TIMEOUT": "500",
        },
    )
    try:
        with grpc.insecure_channel(address) as channel:
            grpc.channel_ready_future(channel).result(timeout=30)
            client = rpc.EnrichServiceStub(channel)
            for i in range(20):
                response = client.Enrich(pb.EnrichRequest(document=pb.Document(id=f"d{i}", text=TEXT)), timeout=30)
                assert response.id == f"d{i}"
    finally:
        started = time.monotonic()
        stop(proc)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "variable,value",
    [
        ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
        ("OTEL_TRACES_SAMPLER", "sometimes"),
        ("OTEL_EXPORTER_OTLP_HEADERS", "api-key"),
    ],
)
def test_an_unusable_otel_setting_is_refused_at_start_naming_the_variable(variable, value):
    proc, _ = start_server(
        env={"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4317", variable: value},
        stderr=subprocess.PIPE,
    )
    _, err = proc.communicate(timeout=30)
    assert proc.returncode != 0
    assert variable in err.decode()
