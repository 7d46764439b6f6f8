"""The real binary with TLS and mutual TLS, called with grpcurl; certificates made here with the openssl CLI."""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT, free_port, grpcurl_path


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    if not shutil.which("openssl"):
        pytest.fail("the openssl CLI is needed to make test certificates (Debian: apt-get install openssl)")
    d = tmp_path_factory.mktemp("pki")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=enrich test CA", cwd=d)
    for name, san in [("server", "DNS:localhost,IP:127.0.0.1"), ("client", "DNS:enrich-client")]:
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={name}", cwd=d)
        (d / f"{name}.ext").write_text(f"subjectAltName={san}\n")
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext", cwd=d)
    return d


def serve(pki: Path, mutual: bool):
    binary = os.environ.get("ENRICH_BIN", str(ROOT / "target" / "debug" / "enrich"))
    port = free_port()
    args = [binary, "serve", "--listen", f"127.0.0.1:{port}", "--metrics-listen", "off", "--log-format", "json",
            "--tls-cert", str(pki / "server.pem"), "--tls-key", str(pki / "server.key")]
    if mutual:
        args += ["--tls-client-ca", str(pki / "ca.pem")]
    proc = subprocess.Popen(args, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    return proc, f"localhost:{port}"


def grpcurl(*args):
    return subprocess.run([grpcurl_path(), *args], capture_output=True, text=True, timeout=60)


def test_grpcurl_over_tls(pki):
    proc, address = serve(pki, mutual=False)
    try:
        ok = grpcurl("-cacert", str(pki / "ca.pem"), "-d", '{"service":"enrich.v1.EnrichService"}', address, "grpc.health.v1.Health/Check")
        assert ok.returncode == 0 and "SERVING" in ok.stdout, ok.stderr
        listed = grpcurl("-cacert", str(pki / "ca.pem"), address, "list")
        assert "enrich.v1.EnrichService" in listed.stdout, listed.stderr
        plain = grpcurl("-plaintext", address, "list")
        assert plain.returncode != 0, "plaintext is refused on a TLS port"
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0


def test_grpcurl_over_mutual_tls(pki):
    proc, address = serve(pki, mutual=True)
    try:
        without = grpcurl("-cacert", str(pki / "ca.pem"), address, "list")
        assert without.returncode != 0, "no client certificate, no service"
        enriched = grpcurl(
            "-cacert", str(pki / "ca.pem"), "-cert", str(pki / "client.pem"), "-key", str(pki / "client.key"),
            "-d", '{"document": {"id": "mtls", "text": "Seoul extended the pact on Friday."}}',
            address, "enrich.v1.EnrichService/Enrich",
        )
        assert enriched.returncode == 0, enriched.stderr
        assert '"id": "mtls"' in enriched.stdout
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
