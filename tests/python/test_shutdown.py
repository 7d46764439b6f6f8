"""SIGTERM to the real process under load: health turns NOT_SERVING, every call accepted before the signal succeeds, exit 0."""

import signal
import threading
import time

import grpc

from conftest import start_server


def health_status(channel) -> str:
    """grpc.health.v1.Health/Check without generated stubs: request field 1 is the service name."""
    name = b"enrich.v1.EnrichService"
    request = bytes([0x0A, len(name)]) + name
    check = channel.unary_unary("/grpc.health.v1.Health/Check", request_serializer=None, response_deserializer=None)
    reply = check(request, timeout=5)
    status = reply[1] if len(reply) >= 2 and reply[0] == 0x08 else 0
    return {1: "SERVING", 2: "NOT_SERVING"}.get(status, f"UNKNOWN({status})")


def test_sigterm_under_load_drains_accepted_calls_and_exits_zero(stubs):
    pb, rpc = stubs
    proc, address = start_server("--drain-delay-seconds", "1", "--shutdown-grace-seconds", "20")
    try:
        channel = grpc.insecure_channel(address)
        grpc.channel_ready_future(channel).result(timeout=30)
        assert health_status(channel) == "SERVING"
        text = "The council met in Springfield on Monday and voted on the budget. " * 2500
        results = []
        started = threading.Barrier(17)

        def call(i):
            client = rpc.EnrichServiceStub(channel)
            future = client.Enrich.future(pb.EnrichRequest(document=pb.Document(id=f"load-{i}", text=text)), timeout=60)
            started.wait()
            try:
                results.append(future.result().id)
            except grpc.RpcError as e:
                results.append(f"ERROR {e.code()} {e.details()}")

        threads = [threading.Thread(target=call, args=(i,)) for i in range(16)]
        for t in threads:
            t.start()
        started.wait()
        time.sleep(0.3)  # the calls are on the wire and accepted
        signalled = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        assert health_status(channel) == "NOT_SERVING", "health turns NOT_SERVING while draining"
        for t in threads:
            t.join(timeout=60)
        errors = [r for r in results if r.startswith("ERROR")]
        assert not errors, errors
        assert sorted(results) == sorted(f"load-{i}" for i in range(16))
        code = proc.wait(timeout=25)
        assert code == 0, f"exit code {code}"
        assert time.monotonic() - signalled < 22, "exits within the grace period"
    finally:
        if proc.poll() is None:
            proc.kill()
