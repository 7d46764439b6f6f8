"""A short run of scripts/fleet.py: three replicas on 127.0.0.1-3 behind a
grpcio round-robin client, rolled one by one under load."""

import importlib.util
import os

from conftest import ROOT


def fleet():
    spec = importlib.util.spec_from_file_location("fleet", ROOT / "scripts" / "fleet.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def binary() -> str:
    return os.environ.get("ENRICH_BIN", str(ROOT / "target" / "debug" / "enrich"))


def test_a_rolling_update_loses_no_call_and_spreads_the_load_evenly():
    result = fleet().run(binary(), seconds=8, clients=4, drain_delay=0.5)
    assert result["failure_count"] == 0, result["failures"]
    assert result["answered_once"], result
    assert result["max_deviation_from_mean"] <= 0.2, result["served_per_replica"]
    # Client-side health checking moves the client off a draining replica
    # at once: a call or two may still land there, not a drain delay's worth.
    assert all(n <= 5 for n in result["served_while_draining"]), result["served_while_draining"]


def test_without_client_health_checks_the_drain_still_fails_no_call():
    # The replica keeps serving through its drain delay, then its listener
    # closes with GOAWAY, which moves the client on: no early GOAWAY needed.
    result = fleet().run(binary(), seconds=8, clients=4, drain_delay=0.5, health_check=False)
    assert result["failure_count"] == 0, result["failures"]
    assert result["answered_once"], result
    assert sum(result["served_while_draining"]) > 0, "the client kept calling the draining replicas"


def test_the_fleet_check_catches_replicas_that_die_without_draining():
    # SIGKILL: no NOT_SERVING, no drain, no GOAWAY. Calls in flight on the
    # killed replica fail, and the check must see it.
    result = fleet().run(binary(), seconds=6, clients=4, drain_delay=0.5, kill=True)
    assert result["failure_count"] > 0, result
    assert not result["answered_once"]
