"""Starts the real `enrich serve` binary for the client package's tests.

Run with the package's source on the path and nothing else generated:
``PYTHONPATH=clients/python/src pytest clients/python/tests``
(``scripts/test.sh`` does). A clean interpreter matters: the repository's
other Python tests generate their own copy of the same stubs.
"""

import os
import socket
import subprocess
import time
from pathlib import Path

import grpc
import pytest

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(*extra_args: str):
    """Runs `enrich serve` with `extra_args` until the generator is closed."""
    binary = os.environ.get("ENRICH_BIN", str(ROOT / "target" / "debug" / "enrich"))
    address = f"127.0.0.1:{free_port()}"
    proc = subprocess.Popen(
        [binary, "serve", "--listen", address, "--metrics-listen", "off", "--log-format", "json", *extra_args],
        stderr=subprocess.DEVNULL,
    )
    try:
        with grpc.insecure_channel(address) as channel:
            grpc.channel_ready_future(channel).result(timeout=60)
        yield address
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def address():
    yield from serve()


@pytest.fixture(scope="session")
def one_call_address():
    """A server that admits one call at a time and sheds the rest."""
    yield from serve("--max-in-flight", "1")
