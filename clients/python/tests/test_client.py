"""The Python client package against the real server, and its retry rules
against a server that sheds load the way enrich does."""

import filecmp
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent import futures
from pathlib import Path

import grpc
import pytest
from google.protobuf import any_pb2, duration_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from enrich.v1 import enrich_pb2_grpc as rpc
from enrich_client import Client, RetryPolicy, pb

PACKAGE = Path(__file__).resolve().parents[1]


def test_enrich_returns_entities_and_sentences_with_python_string_offsets(address):
    text = "Angela Merkel met Emmanuel Macron in Paris on 12 March 2020. They talked for an hour."
    with Client(address, timeout=30) as client:
        response = client.enrich(text, id="one")
    assert response.id == "one"
    assert response.language.code == "en"
    assert [text[s.span.start : s.span.end] for s in response.sentences] == [
        "Angela Merkel met Emmanuel Macron in Paris on 12 March 2020.",
        "They talked for an hour.",
    ]
    people = {e.name for e in response.entities if e.type == pb.ENTITY_TYPE_PERSON}
    assert {"Angela Merkel", "Emmanuel Macron"} <= people


def test_enrich_many_batches_documents_and_keeps_their_order(address):
    texts = ["Paris is in France.", "Berlin liegt in Deutschland.", "", "Roma è in Italia.", "Madrid está en España."]
    with Client(address, timeout=30) as client:
        results = list(client.enrich_many(texts, batch_size=2))
    assert [r.id for r in results] == ["0", "1", "2", "3", "4"]
    assert [r.response.language.code for r in results if r.status.code == 0] == ["en", "de", "it", "es"]
    assert results[2].status.code == code_pb2.INVALID_ARGUMENT


class Shedding(rpc.EnrichServiceServicer):
    """Sheds the first `failures` calls with RESOURCE_EXHAUSTED and a RetryInfo delay."""

    def __init__(self, failures: int, delay: float):
        self.failures = failures
        self.delay = delay
        self.calls = 0

    def GetInfo(self, request, context):
        self.calls += 1
        if self.calls <= self.failures:
            retry = error_details_pb2.RetryInfo(retry_delay=duration_pb2.Duration(nanos=int(self.delay * 1e9)))
            detail = any_pb2.Any()
            detail.Pack(retry)
            status = status_pb2.Status(code=code_pb2.RESOURCE_EXHAUSTED, message="shed", details=[detail])
            context.abort_with_status(rpc_status.to_status(status))
        return pb.GetInfoResponse(service_version="test")


@pytest.fixture
def shedding_server():
    def start(failures: int, delay: float):
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        servicer = Shedding(failures, delay)
        rpc.add_EnrichServiceServicer_to_server(servicer, server)
        port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        started.append(server)
        return servicer, f"127.0.0.1:{port}"

    started = []
    yield start
    for server in started:
        server.stop(None)


def test_shed_calls_are_retried_no_sooner_than_the_servers_retry_delay(shedding_server):
    servicer, address = shedding_server(failures=2, delay=0.25)
    waits = []
    with Client(address, timeout=10, retry=RetryPolicy(initial_backoff=0.01), sleep=waits.append) as client:
        info = client.info()
    assert info.service_version == "test"
    assert servicer.calls == 3
    assert len(waits) == 2 and all(w >= 0.25 for w in waits), waits


def test_retries_stop_after_the_policy_attempts_with_the_servers_error(shedding_server):
    servicer, address = shedding_server(failures=10, delay=0.0)
    with Client(address, timeout=10, retry=RetryPolicy(attempts=3), sleep=lambda _: None) as client:
        with pytest.raises(grpc.RpcError) as error:
            client.info()
    assert error.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert servicer.calls == 3


def test_a_retry_delay_past_the_deadline_is_not_waited_for(shedding_server):
    servicer, address = shedding_server(failures=1, delay=30.0)
    with Client(address, timeout=1, sleep=lambda _: pytest.fail("slept past the deadline")) as client:
        with pytest.raises(grpc.RpcError):
            client.info()
    assert servicer.calls == 1


def test_calls_a_one_call_server_sheds_are_retried_after_its_retry_delay_and_all_succeed(one_call_address):
    text = " ".join(["The council of Springfield approved the budget on Monday after a long debate."] * 200)
    waits = []
    lock = threading.Lock()

    def sleep(seconds: float) -> None:
        with lock:
            waits.append(seconds)
        time.sleep(seconds)

    with Client(one_call_address, timeout=60, retry=RetryPolicy(attempts=50, initial_backoff=0.01), sleep=sleep) as client:
        with futures.ThreadPoolExecutor(max_workers=6) as pool:
            responses = list(pool.map(lambda i: client.enrich(text, id=f"r{i}"), range(12)))
    assert [r.id for r in responses] == [f"r{i}" for i in range(12)]
    assert waits, "some calls were shed and retried"
    # The server's RetryInfo asks for 100 ms; no retry came sooner.
    assert min(waits) >= 0.1, waits


def test_committed_stubs_match_a_fresh_generation_from_proto():
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [str(PACKAGE / "generate.sh"), out],
            check=True,
            env={**os.environ, "PYTHON": sys.executable},
        )
        fresh = Path(out) / "enrich" / "v1"
        committed = PACKAGE / "src" / "enrich" / "v1"
        names = ["__init__.py", "enrich_pb2.py", "enrich_pb2.pyi", "enrich_pb2_grpc.py"]
        _, mismatch, errors = filecmp.cmpfiles(fresh, committed, names, shallow=False)
        assert not mismatch and not errors, f"stale stubs {mismatch + errors}: run clients/python/generate.sh"
