"""The accept loop against a process out of file descriptors: it backs off instead of spinning, and the
server serves again as soon as descriptors are free."""

import os
import resource
import signal
import socket
import subprocess
import time

import grpc

from conftest import ROOT, free_port

FD_LIMIT = 64


def cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_running_out_of_file_descriptors_does_not_spin_the_accept_loop(stubs):
    pb, rpc = stubs
    binary = os.environ.get("ENRICH_BIN", str(ROOT / "target" / "debug" / "enrich"))
    address = f"127.0.0.1:{free_port()}"

    def low_fd_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (FD_LIMIT, FD_LIMIT))

    proc = subprocess.Popen(
        [binary, "serve", "--listen", address, "--metrics-listen", "off", "--log-format", "json"],
        stderr=subprocess.DEVNULL,
        preexec_fn=low_fd_limit,
    )
    sockets = []
    try:
        channel = grpc.insecure_channel(address)
        grpc.channel_ready_future(channel).result(timeout=30)
        host, port = address.split(":")
        # More connections than the server has descriptors for: the kernel
        # completes them, and the server's accepts fail with EMFILE.
        for _ in range(FD_LIMIT * 2):
            sockets.append(socket.create_connection((host, int(port)), timeout=5))
        time.sleep(0.5)
        before = cpu_seconds(proc.pid)
        time.sleep(2.0)
        used = cpu_seconds(proc.pid) - before
        # A spinning accept loop uses a whole core (2 s); the backoff sleeps.
        assert used < 0.5, f"the server used {used:.2f} s of CPU in 2 s with no descriptors left"
        for s in sockets:
            s.close()
        sockets.clear()
        deadline = time.monotonic() + 10
        while True:
            try:
                client = rpc.EnrichServiceStub(grpc.insecure_channel(address))
                client.Enrich(pb.EnrichRequest(document=pb.Document(id="after", text="Paris is in France.")), timeout=2)
                break
            except grpc.RpcError:
                assert time.monotonic() < deadline, "the server did not serve again after descriptors were freed"
                time.sleep(0.2)
    finally:
        for s in sockets:
            s.close()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
