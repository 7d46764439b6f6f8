"""The Node.js example in clients/node, run as a Node service would run it."""

import json
import shutil
import subprocess

import pytest

from conftest import ROOT

EXAMPLE = ROOT / "clients" / "node" / "enrich-example.js"


def run_node(*args: str) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None or not (ROOT / "clients" / "node" / "node_modules" / "@grpc" / "grpc-js").exists():
        pytest.fail("node and clients/node/node_modules are needed: scripts/test.sh installs them")
    return subprocess.run([node, str(EXAMPLE), *args], capture_output=True, text=True, timeout=60)


def test_the_node_example_prints_the_entities_it_got_back(server):
    done = run_node(server["address"], "Angela Merkel met Emmanuel Macron in Paris on Monday, the ministry said.")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert ["Angela Merkel", "ENTITY_TYPE_PERSON"] in answer["entities"]
    assert ["Paris", "ENTITY_TYPE_LOCATION"] in answer["entities"]


def test_the_node_example_reports_the_status_name_and_message_on_bad_input(server):
    done = run_node(server["address"], "   ")
    assert done.returncode == 1
    assert done.stderr.startswith("INVALID_ARGUMENT: ") and "white space" in done.stderr
