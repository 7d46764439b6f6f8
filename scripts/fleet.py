"""Three replicas behind a round-robin gRPC client, rolled one by one under
steady load the way a Deployment rolls them.

Replicas listen on 127.0.0.1, 127.0.0.2 and 127.0.0.3 (one port), as a
headless Service's DNS would list three pods. The client is grpcio with the
`round_robin` policy and client-side health checking (`healthCheckConfig`),
so it stops picking a replica as soon as that replica's health turns
NOT_SERVING. Each roll: SIGTERM, the replica drains and exits, a new one
starts on the same address, and the next roll waits until it is SERVING and
taking calls again.

It asserts: no call failed, every document was answered exactly once (ids
match), and the calls each replica served (counted from its access log) are
within 20% of the mean.

    python scripts/fleet.py --binary target/release/enrich --seconds 30

`tests/python/test_fleet.py` runs a shorter version in the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import grpc

HOSTS = ["127.0.0.1", "127.0.0.2", "127.0.0.3"]
SERVICE_CONFIG = json.dumps(
    {
        "loadBalancingConfig": [{"round_robin": {}}],
        "healthCheckConfig": {"serviceName": "enrich.v1.EnrichService"},
    }
)


def free_port() -> int:
    """A port free on all three loopback addresses."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        try:
            for host in HOSTS[1:]:
                with socket.socket() as s:
                    s.bind((host, port))
            return port
        except OSError:
            continue


class Replica:
    """One `enrich serve` process on `host:port`, logging to a file."""

    def __init__(self, binary: str, host: str, port: int, log_dir: Path, drain_delay: float):
        self.binary, self.host, self.port = binary, host, port
        self.log_dir, self.drain_delay = log_dir, drain_delay
        self.generation = 0
        self.proc: subprocess.Popen | None = None
        self.logs: list[Path] = []

    def start(self) -> None:
        self.generation += 1
        log = self.log_dir / f"{self.host}-{self.generation}.log"
        self.logs.append(log)
        self.proc = subprocess.Popen(
            [
                self.binary,
                "serve",
                "--listen",
                f"{self.host}:{self.port}",
                "--metrics-listen",
                "off",
                "--log-format",
                "json",
                "--drain-delay-seconds",
                str(self.drain_delay),
            ],
            stderr=log.open("w"),
        )

    def wait_serving(self, health_pb, health_rpc, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        with grpc.insecure_channel(f"{self.host}:{self.port}") as channel:
            stub = health_rpc.HealthStub(channel)
            while time.monotonic() < deadline:
                try:
                    answer = stub.Check(health_pb.HealthCheckRequest(service="enrich.v1.EnrichService"), timeout=1)
                    if answer.status == health_pb.HealthCheckResponse.SERVING:
                        return
                except grpc.RpcError:
                    pass
                time.sleep(0.05)
        raise RuntimeError(f"replica {self.host} did not become SERVING")

    def stop(self, timeout: float = 60, kill: bool = False) -> float:
        """SIGTERM and wait for the exit; returns how long the drain took.
        With `kill`, SIGKILL instead: a process that dies at once, with no
        drain and no GOAWAY, to show the test can fail."""
        assert self.proc is not None
        started = time.monotonic()
        self.proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        code = self.proc.wait(timeout=timeout)
        if code != 0 and not kill:
            raise RuntimeError(f"replica {self.host} exited with {code}")
        return time.monotonic() - started

    def served(self) -> tuple[int, int]:
        """Enrich calls this address answered over all its generations, and
        how many of them it answered while draining (after its health turned
        NOT_SERVING)."""
        count = draining_count = 0
        for log in self.logs:
            draining = False
            for line in log.read_text().splitlines():
                if "health is NOT_SERVING" in line:
                    draining = True
                if line.startswith("{") and '"enrich::access"' in line and 'EnrichService/Enrich"' in line:
                    count += 1
                    draining_count += draining
        return count, draining_count


def load_stubs():
    """The enrich.v1 stubs the Python client package commits (its tests keep
    them equal to a fresh generation from proto/)."""
    import importlib

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "clients" / "python" / "src"))
    return importlib.import_module("enrich.v1.enrich_pb2"), importlib.import_module("enrich.v1.enrich_pb2_grpc")


def health_stubs():
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    return health_pb2, health_pb2_grpc


def run(
    binary: str,
    seconds: float,
    clients: int,
    drain_delay: float,
    health_check: bool = True,
    retry_unavailable: bool = False,
    kill: bool = False,
) -> dict:
    pb, rpc = load_stubs()
    health_pb, health_rpc = health_stubs()
    port = free_port()
    log_dir = Path(tempfile.mkdtemp(prefix="enrich-fleet-"))
    replicas = [Replica(binary, host, port, log_dir, drain_delay) for host in HOSTS]
    for replica in replicas:
        replica.start()
    for replica in replicas:
        replica.wait_serving(health_pb, health_rpc)

    target = "ipv4:" + ",".join(f"{h}:{port}" for h in HOSTS)
    config = json.loads(SERVICE_CONFIG)
    if not health_check:
        del config["healthCheckConfig"]
    if retry_unavailable:
        config["methodConfig"] = [
            {
                "name": [{"service": "enrich.v1.EnrichService"}],
                "retryPolicy": {
                    "maxAttempts": 3,
                    "initialBackoff": "0.05s",
                    "maxBackoff": "0.5s",
                    "backoffMultiplier": 2,
                    "retryableStatusCodes": ["UNAVAILABLE"],
                },
            }
        ]
    options = [
        ("grpc.service_config", json.dumps(config)),
        # The address list is no host name: say which service this is, as
        # the Kubernetes Service name would.
        ("grpc.default_authority", "enrich"),
        # A restarted replica is picked up within a fraction of a second.
        ("grpc.initial_reconnect_backoff_ms", 100),
        ("grpc.min_reconnect_backoff_ms", 100),
        ("grpc.max_reconnect_backoff_ms", 500),
    ]
    channel = grpc.insecure_channel(target, options=options)
    grpc.channel_ready_future(channel).result(timeout=30)
    stub = rpc.EnrichServiceStub(channel)

    stop = threading.Event()
    lock = threading.Lock()
    sent: list[str] = []
    answered: list[str] = []
    failures: list[str] = []

    def client(worker: int) -> None:
        n = 0
        while not stop.is_set():
            doc_id = f"w{worker}-{n}"
            n += 1
            with lock:
                sent.append(doc_id)
            try:
                reply = stub.Enrich(
                    pb.EnrichRequest(document=pb.Document(id=doc_id, text="Seoul extended the pact with Tokyo on Friday.")),
                    timeout=10,
                )
                with lock:
                    answered.append(reply.id)
            except grpc.RpcError as e:
                with lock:
                    failures.append(f"{doc_id}: {e.code().name} {e.details()}")

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    # Steady load first, then roll each replica in turn, then steady load.
    phase = seconds / (len(replicas) + 2)
    time.sleep(phase)
    drains = []
    for replica in replicas:
        drains.append(replica.stop(kill=kill))
        replica.start()
        replica.wait_serving(health_pb, health_rpc)
        time.sleep(phase)
    time.sleep(phase)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    channel.close()
    counts = [r.served() for r in replicas]
    served = [c[0] for c in counts]
    for replica in replicas:
        replica.stop()
    mean = sum(served) / len(served)
    return {
        "sent": len(sent),
        "answered": len(answered),
        "failures": failures[:10],
        "failure_count": len(failures),
        "answered_once": sorted(answered) == sorted(sent),
        "served_per_replica": served,
        "served_while_draining": [c[1] for c in counts],
        "max_deviation_from_mean": max(abs(s - mean) / mean for s in served) if mean else 1.0,
        "drain_seconds": [round(d, 2) for d in drains],
        "logs": str(log_dir),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.environ.get("ENRICH_BIN", "target/release/enrich"))
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--drain-delay", type=float, default=1.0)
    parser.add_argument("--retry-unavailable", action="store_true", help="a client retry policy for UNAVAILABLE only")
    parser.add_argument(
        "--kill",
        action="store_true",
        help="roll with SIGKILL (no drain, no GOAWAY): the run should then fail",
    )
    parser.add_argument(
        "--no-health-check",
        action="store_true",
        help="leave client-side health checking off, to see what a client without it does",
    )
    args = parser.parse_args()
    result = run(
        args.binary,
        args.seconds,
        args.clients,
        args.drain_delay,
        health_check=not args.no_health_check,
        retry_unavailable=args.retry_unavailable,
        kill=args.kill,
    )
    print(json.dumps(result, indent=2))
    ok = result["failure_count"] == 0 and result["answered_once"] and result["max_deviation_from_mean"] <= 0.2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
