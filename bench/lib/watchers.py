"""The task listing's latency while a node watches many jobs for clients: bench/watchers is the entry point.

Starts the service's jar on a fresh store, times GET /api/v1/tasks with nothing open, then opens the watchers and
times it again: job event streams ($stream) on long-running simulate_work jobs (a change a second each), some of
them from clients that never read (half of those on a job that waits to start with params of half a megabyte),
and Prefer: wait requests that are sent again as soon as they are answered, so that all of them stay open while
the listing is timed. Prints the figures; with --out, writes them into that page's watchers section.
"""

import argparse
import datetime
import http.client
import json
import os
import re
import resource
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import free_port, log, percentile  # noqa: E402

TASKS = "/api/v1/tasks"
LIVENESS = "/actuator/health/liveness"
LONG_JOB = {"seconds": 120, "steps": 120}
BIG_PARAMS_KB = 500
TARGET_P99_MS = 100
BEGIN, END = "<!-- bench:watchers -->", "<!-- /bench:watchers -->"


class Service:
    """The jar on 127.0.0.1, on a fresh store in its own temporary directory."""

    def __init__(self, java, jar, extra):
        self.work_dir = tempfile.mkdtemp(prefix="chapkit-watchers.")
        self.port = free_port()
        self.log_path = os.path.join(self.work_dir, "service.log")
        command = [java, "-jar", jar, f"--server.port={self.port}", "--server.address=127.0.0.1",
                   f"--chapkit.data-dir={os.path.join(self.work_dir, 'data')}", *extra]
        log("starting the service: " + " ".join(command))
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen(command, cwd=self.work_dir, stdout=self.log_file, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the service exited during start-up; see {self.log_path}")
            try:
                if call(self.port, "GET", LIVENESS)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("the service did not start within 120 s")

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()
        shutil.rmtree(self.work_dir, ignore_errors=True)


def call(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=None if body is None else json.dumps(body),
                     headers={**({"Content-Type": "application/json"} if body is not None else {}), **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def execute(port, task, params):
    status, body = call(port, "POST", f"/api/v1/tasks/{task}/$execute", {"params": params})
    if status != 202:
        raise RuntimeError(f"$execute {task}: {status} {body[:200]!r}")
    return json.loads(body)["job_id"]


def job_status(port, job_id):
    return json.loads(call(port, "GET", f"/api/v1/jobs/{job_id}")[1])["status"]


class Watchers(threading.Thread):
    """Every watcher's connection, served by one thread: streams read and counted, waits answered and sent again."""

    def __init__(self, port):
        super().__init__(name="watchers", daemon=True)
        self.port = port
        self.selector = selectors.DefaultSelector()
        self.deaf = []
        self.streams = []
        self.waits_open = 0
        self.wait_answers = {}
        self.stopping = False
        self.lock = threading.Lock()

    def connect(self, request, receive_buffer=None):
        sock = socket.socket()
        if receive_buffer:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        sock.connect(("127.0.0.1", self.port))
        sock.sendall(request)
        return sock

    def stream(self, job_id, read=True):
        request = (f"GET /api/v1/jobs/{job_id}/$stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   "Accept: text/event-stream\r\n\r\n").encode()
        if not read:
            self.deaf.append(self.connect(request, receive_buffer=4096))
            return
        sock = self.connect(request)
        sock.setblocking(False)
        state = {"kind": "stream", "head": b"", "status": None, "events": 0, "closed": False}
        self.streams.append(state)
        self.selector.register(sock, selectors.EVENT_READ, state)

    def wait(self, seconds):
        body = json.dumps({"params": LONG_JOB}).encode()
        request = (f"POST /api/v1/tasks/simulate_work/$execute HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                   f"Content-Type: application/json\r\nPrefer: wait={seconds}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
        sock = self.connect(request)
        sock.setblocking(False)
        self.selector.register(sock, selectors.EVENT_READ, {"kind": "wait", "seconds": seconds, "answer": b""})
        with self.lock:
            self.waits_open += 1

    def events(self):
        return sum(state["events"] for state in self.streams)

    def run(self):
        while not self.stopping:
            for key, _ in self.selector.select(0.5):
                state = key.data
                try:
                    data = key.fileobj.recv(65536)
                except OSError:
                    data = b""
                if state["kind"] == "stream":
                    self.on_stream(key.fileobj, state, data)
                else:
                    self.on_wait(key.fileobj, state, data)

    def on_stream(self, sock, state, data):
        if not data:
            state["closed"] = True
            self.selector.unregister(sock)
            sock.close()
            return
        if state["status"] is None:
            state["head"] += data
            if b"\r\n\r\n" not in state["head"]:
                return
            head, data = state["head"].split(b"\r\n\r\n", 1)
            state["status"] = int(head.split(b" ", 2)[1])
        state["events"] += data.count(b"\n\n")  # one blank line ends each event; JSON data holds no raw line break

    def on_wait(self, sock, state, data):
        if data:
            state["answer"] += data
            return
        self.selector.unregister(sock)
        sock.close()
        match = re.match(rb"HTTP/1\.1 (\d{3})", state["answer"])
        status = int(match.group(1)) if match else 0
        with self.lock:
            self.waits_open -= 1
            self.wait_answers[status] = self.wait_answers.get(status, 0) + 1
        if not self.stopping:
            self.wait(state["seconds"])

    def close(self):
        self.stopping = True
        self.join(5)
        for key in list(self.selector.get_map().values()):
            key.fileobj.close()
        for sock in self.deaf:
            sock.close()


def time_listing(port, requests, seconds=0):
    """Milliseconds of each of `requests` GET /api/v1/tasks on one keep-alive connection, spread evenly over
    `seconds` (one after the other, no sooner than its turn), or as fast as they go."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    timings = []
    begin = time.perf_counter()
    try:
        for i in range(requests):
            turn = begin + i * seconds / requests
            if time.perf_counter() < turn:
                time.sleep(turn - time.perf_counter())
            start = time.perf_counter()
            conn.request("GET", TASKS)
            response = conn.getresponse()
            response.read()
            timings.append((time.perf_counter() - start) * 1000)
            if response.status != 200:
                raise RuntimeError(f"GET {TASKS}: {response.status}")
    finally:
        conn.close()
    return timings


def summary(timings):
    return {"requests": len(timings), "p50_ms": round(percentile(timings, 50), 2),
            "p99_ms": round(percentile(timings, 99), 2), "max_ms": round(max(timings), 2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", required=True)
    parser.add_argument("--java", required=True)
    parser.add_argument("--jar", required=True)
    parser.add_argument("--jobs", type=int, default=50, help="simulate_work jobs the streams watch, all running")
    parser.add_argument("--streams", type=int, default=500, help="event streams in all, the deaf ones included")
    parser.add_argument("--deaf", type=int, default=50, help="streams whose client never reads")
    parser.add_argument("--waits", type=int, default=200, help="Prefer: wait requests kept open")
    parser.add_argument("--wait-seconds", type=int, default=30)
    parser.add_argument("--requests", type=int, default=3000, help="timed GET /api/v1/tasks, each time")
    parser.add_argument("--seconds", type=int, default=None,
                        help="what the timed requests are spread over (default: the wait and 10 s, so that every "
                             "wait is answered and sent again meanwhile)")
    parser.add_argument("--warm-up", type=int, default=1000, help="untimed GET /api/v1/tasks first")
    parser.add_argument("--app-args", default="", help="extra arguments for the service")
    parser.add_argument("--out", default=None, help="write the figures into this page's watchers section")
    parser.add_argument("--command-line", default="bench/watchers")
    args = parser.parse_args()
    args.seconds = args.seconds if args.seconds is not None else args.wait_seconds + 10
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    started = time.time()
    load_before = os.getloadavg()
    service = Service(args.java, args.jar, [f"--chapkit.jobs.max-concurrency={args.jobs}", *args.app_args.split()])
    watchers = Watchers(service.port)
    try:
        log(f"warm-up: {args.warm_up} GET {TASKS}, then {args.requests} timed over {args.seconds} s with nothing open")
        time_listing(service.port, args.warm_up)
        idle = summary(time_listing(service.port, args.requests, args.seconds))
        log("idle: " + json.dumps(idle))

        jobs = [execute(service.port, "simulate_work", LONG_JOB) for _ in range(args.jobs)]
        deadline = time.time() + 60
        while any(job_status(service.port, job) != "running" for job in jobs):
            if time.time() > deadline:
                raise RuntimeError("the simulate_work jobs did not all start within 60 s")
            time.sleep(0.2)
        # every engine worker is busy: this one waits to start, with its large params
        values = [round(i * 1.000001, 6) for i in range(BIG_PARAMS_KB * 1024 // 12)]
        big_job = execute(service.port, "process_data", {"values": values})
        big_params_kb = len(json.dumps(values)) // 1024

        log(f"opening {args.streams} streams ({args.deaf} never read) and {args.waits} waits")
        readers = args.streams - args.deaf
        for i in range(readers):
            watchers.stream(jobs[i % len(jobs)])
        for i in range(args.deaf):
            watchers.stream(big_job if i % 2 == 0 else jobs[i % len(jobs)], read=False)
        for _ in range(args.waits):
            watchers.wait(args.wait_seconds)
        watchers.start()
        deadline = time.time() + 30
        while sum(1 for s in watchers.streams if s["status"] == 200) < readers:
            if time.time() > deadline:
                raise RuntimeError("not every stream was opened within 30 s: "
                                   + json.dumps({str(s["status"]): 1 for s in watchers.streams}))
            time.sleep(0.2)
        time.sleep(2)  # the first events and the waits' jobs settle

        log(f"timing {args.requests} GET {TASKS} over {args.seconds} s with the watchers open")
        events_before, cpu_before, wall_before = watchers.events(), service.cpu_seconds(), time.time()
        answers_before = dict(watchers.wait_answers)
        loaded = summary(time_listing(service.port, args.requests, args.seconds))
        seconds = time.time() - wall_before
        loaded.update({
            "seconds": round(seconds, 1),
            "stream_events_per_s": round((watchers.events() - events_before) / seconds),
            "waits_open_at_end": watchers.waits_open,
            "wait_answers": {str(k): v - answers_before.get(k, 0) for k, v in watchers.wait_answers.items()},
            "streams_closed": sum(1 for s in watchers.streams if s["closed"]),
            "service_cpu_percent": round(100 * (service.cpu_seconds() - cpu_before) / seconds),
        })
        log("loaded: " + json.dumps(loaded))
    finally:
        watchers.close()
        service.stop()
    result = {"idle": idle, "loaded": loaded, "jobs": args.jobs, "streams": args.streams, "deaf": args.deaf,
              "waits": args.waits, "wait_seconds": args.wait_seconds, "big_params_kb": big_params_kb,
              "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in os.getloadavg()],
              "minutes": round((time.time() - started) / 60, 1)}
    section = report(args, result)
    print(section)
    if args.out:
        write(args.out, section)
        log(f"wrote the watchers section of {args.out}")


def report(args, r):
    commit = subprocess.run(["git", "-C", args.root, "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True).stdout.strip()
    java = subprocess.run([args.java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    idle, loaded = r["idle"], r["loaded"]
    met = "yes" if loaded["p99_ms"] < TARGET_P99_MS else "**no**"
    answers = ", ".join(f"{n} × {status}" for status, n in sorted(loaded["wait_answers"].items())) or "none"
    return "\n".join([
        BEGIN,
        "## Watchers",
        "",
        f"Measured {when} on commit `{commit or 'unknown'}` with `{args.command_line}` ({r['minutes']} min): the "
        f"embedded SQLite store, {os.cpu_count()} cores, {java}; load average (1, 5, 15 min) "
        f"{', '.join(map(str, r['load_before']))} before the run and {', '.join(map(str, r['load_after']))} after it.",
        "",
        "| figure | target | measured |",
        "| --- | --- | --- |",
        f"| `GET /api/v1/tasks` p50 / p99 / max, nothing open | (no target) | {idle['p50_ms']} / {idle['p99_ms']} / {idle['max_ms']} ms |",
        f"| `GET /api/v1/tasks` p50 / p99 / max, with {r['streams']} streams ({r['deaf']} never read) and "
        f"{r['waits']} `Prefer: wait={r['wait_seconds']}` open | p99 < {TARGET_P99_MS} ms | "
        f"{loaded['p50_ms']} / **{loaded['p99_ms']}** / {loaded['max_ms']} ms (met: {met}) |",
        f"| stream events received meanwhile, by the {r['streams'] - r['deaf']} streams that read | about one a second each, and a ping every 15 s "
        f"| {loaded['stream_events_per_s']}/s over {loaded['seconds']} s; streams closed by the node: {loaded['streams_closed']} |",
        f"| waits open at the end; answered meanwhile (each sent again at once) | {r['waits']} | {loaded['waits_open_at_end']}; {answers} |",
        f"| the service's CPU meanwhile (100% = one core) | (no target) | {loaded['service_cpu_percent']}% |",
        "",
        f"Method: the service's jar with `chapkit.jobs.max-concurrency={r['jobs']}`, otherwise its defaults "
        f"(`chapkit.web.max-streams` and `max-waits` 1000). {r['jobs']} `simulate_work` jobs of 120 s in 120 steps run; "
        f"each has {(r['streams'] - r['deaf']) // r['jobs']} or so streams that read. Of the {r['deaf']} clients that "
        f"never read (a 4 KiB receive buffer), half watch those jobs and half a `process_data` job that waits to start, "
        f"its params {r['big_params_kb']} KiB. The waits are `$execute` of `simulate_work` with "
        f"`Prefer: wait={r['wait_seconds']}`, each sent again as soon as it is answered. `GET /api/v1/tasks` is timed in "
        f"the client: {idle['requests']} requests one after the other on one connection, spread evenly over "
        f"{args.seconds} s (so that every wait is answered and sent again meanwhile), after {args.warm_up} untimed; first "
        f"with nothing open, then with the watchers open. Loads only 127.0.0.1.",
        "",
        "```",
        "./mvnw -q -DskipTests package && bench/watchers     # about 4 min",
        "```",
        END,
    ])


def write(path, section):
    """Replaces the page's watchers section, or adds it at the end."""
    page = open(path).read() if os.path.exists(path) else "# Performance\n"
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    page = pattern.sub(lambda _: section, page) if pattern.search(page) else page.rstrip("\n") + "\n\n" + section + "\n"
    with open(path, "w") as f:
        f.write(page)


if __name__ == "__main__":
    main()
