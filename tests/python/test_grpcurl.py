"""grpcurl 1.8.6 (the real binary) against the real server, with reflection only: no proto files."""

import json
import re
import subprocess
from pathlib import Path

from conftest import ROOT, grpcurl_path


def grpcurl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([grpcurl_path(), *args], capture_output=True, text=True, timeout=60)


def readme_command(marker: str) -> str:
    """The shell command printed in the README right after `<!-- marker -->`."""
    readme = (ROOT / "README.md").read_text()
    match = re.search(rf"<!-- {marker} -->\s*```(?:sh|bash|shell)?\n(.*?)```", readme, re.S)
    assert match, f"README.md has no command block marked {marker}"
    return match.group(1).strip()


def test_list_shows_the_service_health_and_reflection(server):
    out = grpcurl("-plaintext", server["address"], "list")
    assert out.returncode == 0, out.stderr
    services = out.stdout.split()
    assert "enrich.v1.EnrichService" in services
    assert "grpc.health.v1.Health" in services
    assert "grpc.reflection.v1alpha.ServerReflection" in services


def test_describe_shows_the_rpcs_with_their_comments(server):
    out = grpcurl("-plaintext", server["address"], "describe", "enrich.v1.EnrichService")
    assert out.returncode == 0, out.stderr
    for rpc in ["rpc Enrich (", "rpc EnrichBatch (", "rpc EnrichStream (", "rpc GetInfo ("]:
        assert rpc in out.stdout
    assert "Enriches one document" in out.stdout
    msg = grpcurl("-plaintext", server["address"], "describe", "enrich.v1.Span")
    assert "half-open range" in msg.stdout


def readme_json(marker: str):
    """The JSON block printed in the README right after `<!-- marker -->`."""
    readme = (ROOT / "README.md").read_text()
    match = re.search(rf"<!-- {marker} -->\s*```json\n(.*?)```", readme, re.S)
    assert match, f"README.md has no JSON block marked {marker}"
    return json.loads(match.group(1))


def test_the_readme_enrich_call_answers_exactly_the_response_the_readme_prints(server):
    command = readme_command("grpcurl-enrich").replace("localhost:50051", server["address"])
    command = command.replace("grpcurl ", f"{grpcurl_path()} ", 1)
    out = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    response = json.loads(out.stdout)
    assert response["id"] == "readme-1"
    assert response == readme_json("grpcurl-enrich-response"), (
        "the README's sample response has drifted from what the server answers; paste this in:\n" + out.stdout
    )


def test_health_check_is_serving(server):
    out = grpcurl(
        "-plaintext", "-d", '{"service": "enrich.v1.EnrichService"}', server["address"], "grpc.health.v1.Health/Check"
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["status"] == "SERVING"


def test_a_bad_request_prints_the_code_and_the_field(server):
    out = grpcurl("-plaintext", "-d", '{"document": {"text": ""}}', server["address"], "enrich.v1.EnrichService/Enrich")
    assert out.returncode != 0
    assert "InvalidArgument" in out.stderr
    assert "document.text" in out.stderr
