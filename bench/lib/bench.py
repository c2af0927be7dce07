"""The bench's driver, started by bench/run once the jars are built and wrk is installed.

Starts db-scheduler alone (bench/engine-baseline) and then the service on a fresh store (the embedded SQLite file,
or with --pg a fresh PostgreSQL schema), drives the service over HTTP (wrk for load, a keep-alive client here for
one-at-a-time probes), measures each figure several times, and writes the table to stdout and the store's section
of the markdown file given. Only 127.0.0.1 is loaded.
"""

import argparse
import collections
import datetime
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

EXECUTE = "/api/v1/tasks/greet_user/$execute"
GREET_BODY = '{"params":{"name":"Ada"}}'
LIVENESS = "/actuator/health/liveness"
TASKS = "/api/v1/tasks"
TAGS = "/api/v1/tasks?tags=alpha,beta"
SYNTHETIC_TASKS = 10_000
JIT_SETTLED = 0.05  # the warm-up ends when the JIT compiler threads used at most this share of the CPU in a round
JIT_ROUNDS = 12
JIT_LIVENESS_SECONDS = 3  # each JIT round also warms the liveness path the accept figure divides by
STORE_FILES = ("chapkit.db", "chapkit.db-wal")  # the embedded store's file and its write-ahead log
RETENTION_WINDOWS = 8  # the retention figure's load lasts this many retention times
# G1 fills dead space in the heap with these arrays; GC.class_histogram counts them, though no object of the service's is in them
FILLER = "[Ljdk.internal.vm.FillerElement;"


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values):
    return statistics.median(values) if values else float("nan")


def percentile(values, p):
    """Nearest-rank percentile of a list of numbers."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def parse_time(text):
    # 2026-11-26T12:19:12.613417Z, with 0 to 9 fraction digits
    match = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z", text)
    base = datetime.datetime.strptime(match.group(1), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    fraction = (match.group(2) or "0")[:9].ljust(9, "0")
    return base.timestamp() + int(fraction) / 1e9


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """A keep-alive HTTP/1.1 client to the service, for probes and bookkeeping."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method, path, body=None):
        headers = {"Content-Type": "application/json"} if body is not None else {}
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, (json.loads(data) if data else None)
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise

    def total(self, status=None):
        query = f"?size=1&status={status}" if status else "?size=1"
        return self.call("GET", "/api/v1/jobs" + query)[1]["total"]

    def metric(self, name, statistic):
        """A statistic of one of the service's meters (`/actuator/metrics/{name}`), summed over its tags; 0 before
        the meter exists. Polled during the measured runs instead of `GET /api/v1/jobs`, whose `total` counts the
        jobs table: a count of a table under writes costs the store milliseconds, load that the bench, polling every
        0.1 s, would add to what it measures."""
        status, body = self.call("GET", "/actuator/metrics/" + name)
        if status == 404:
            return 0
        return next(m["value"] for m in body["measurements"] if m["statistic"] == statistic)

    def submitted(self):
        """Jobs accepted so far (`chapkit.jobs.submitted`, counted once a job is committed)."""
        return int(self.metric("chapkit.jobs.submitted", "COUNT"))

    def drain(self, timeout=900):
        """Waits until no job is pending or running (the service's gauges, read from its database at most every
        250 ms, with the jobs accepted since added to pending: 0 and 0 means every job accepted has ended)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.metric("chapkit.jobs.pending", "VALUE") == 0 and self.metric("chapkit.jobs.running", "VALUE") == 0:
                return
            time.sleep(0.2)
        raise RuntimeError("jobs still pending or running after %d s" % timeout)

    def newest_jobs(self, count):
        """The newest `count` jobs, newest first."""
        jobs, page = [], 1
        while len(jobs) < count:
            items = self.call("GET", f"/api/v1/jobs?size=1000&page={page}")[1]["items"]
            if not items:
                break
            jobs.extend(items)
            page += 1
        return jobs[:count]


class Service:
    def __init__(self, args, data_dir, port, extra):
        self.args = args
        self.port = port
        self.log_path = os.path.join(data_dir, "service.log")
        self.data_dir = os.path.join(data_dir, "data")
        # PropertiesLauncher runs the jar as java -jar would, with bench/synthetic-tasks' jar added to its class path
        command = [args.java, *args.jvm_args.split(), f"-Dloader.path={args.synthetic_jar}", "-cp", args.jar,
                   "org.springframework.boot.loader.launch.PropertiesLauncher", f"--server.port={port}",
                   "--server.address=127.0.0.1", f"--chapkit.data-dir={self.data_dir}",
                   f"--bench.synthetic-tasks={SYNTHETIC_TASKS}"] + extra
        self.command = command
        log("starting the service: " + " ".join(command))
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen(command, cwd=data_dir, stdout=self.log_file, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
        self.pid = self.process.pid
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the service exited during start-up; see {self.log_path}")
            try:
                status, body = Client(port).call("GET", LIVENESS)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("the service did not start within 120 s")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()

    def jcmd(self, *command):
        return subprocess.run([self.args.jcmd, str(self.pid), *command], capture_output=True, text=True, check=True).stdout

    @staticmethod
    def cpu_seconds(stat_path):
        """User + system CPU seconds from a /proc stat file (a process's or one of its threads')."""
        with open(stat_path) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def written_bytes(self):
        """Bytes the service has caused to be written to storage so far (/proc/<pid>/io write_bytes)."""
        with open(f"/proc/{self.pid}/io") as io:
            return int(next(line for line in io if line.startswith("write_bytes")).split()[1])

    def cpu_by_thread(self):
        """CPU seconds used so far by the JIT compiler threads and by all the others (from /proc/<pid>/task)."""
        used = {"compiler": 0.0, "other": 0.0}
        for task in os.listdir(f"/proc/{self.pid}/task"):
            try:
                with open(f"/proc/{self.pid}/task/{task}/comm") as f:
                    name = f.read()
                seconds = self.cpu_seconds(f"/proc/{self.pid}/task/{task}/stat")
            except OSError:
                continue  # the thread ended meanwhile
            used["compiler" if name.startswith(("C1 CompilerThre", "C2 CompilerThre")) else "other"] += seconds
        return used

    def settle(self, quiet=0.05, limit=60):
        """Waits (at most `limit` s) until the service uses under `quiet` of one core over a second."""
        deadline = time.time() + limit
        while time.time() < deadline:
            before = self.cpu_seconds(f"/proc/{self.pid}/stat")
            time.sleep(1)
            if self.cpu_seconds(f"/proc/{self.pid}/stat") - before < quiet:
                return
        log(f"the service was still busy after {limit} s")

    def memory(self):
        """RSS, the live heap (what a full GC keeps), and heap used a second after a full GC, in MiB.

        The live heap is the total of `jcmd GC.class_histogram`, which runs a full GC and counts what survives: the
        service's memory and nothing else; G1's filler arrays (dead space) are not counted. Heap used, read a second
        after `jcmd GC.run`, also holds what was allocated in that second. All three are read on a quiet service
        (settle), as the liveness ceiling is."""
        self.settle()
        self.jcmd("GC.run")
        time.sleep(1)
        heap = self.jcmd("GC.heap_info")
        used = re.search(r"used (\d+)K", heap)
        committed = re.search(r"(?:committed|total) (\d+)K", heap)
        with open(f"/proc/{self.pid}/status") as status:
            rss = int(re.search(r"VmRSS:\s+(\d+) kB", status.read()).group(1))
        histogram = self.jcmd("GC.class_histogram")
        total = int(re.search(r"^Total\s+\d+\s+(\d+)", histogram, re.M).group(1))
        fillers = sum(int(m.group(1)) for m in re.finditer(r"^\s*\d+:\s+\d+\s+(\d+)\s+(\S+)", histogram, re.M) if m.group(2) == FILLER)
        return {"rss_mib": rss / 1024, "live_heap_mib": (total - fillers) / 2**20, "filler_mib": fillers / 2**20,
                "heap_used_mib": int(used.group(1)) / 1024,
                "heap_committed_mib": int(committed.group(1)) / 1024 if committed else None, "file_mib": self.file_mib()}

    def file_mib(self):
        """The embedded store's size on disk: its file and its write-ahead log (None on PostgreSQL, which keeps
        none in the data directory)."""
        paths = [os.path.join(self.data_dir, name) for name in STORE_FILES]
        if getattr(self.args, "pg", False) or not os.path.exists(paths[0]):
            return None
        return sum(os.path.getsize(path) for path in paths if os.path.exists(path)) / 2**20


class Wrk:
    def __init__(self, args, port):
        self.args = args
        self.url = f"http://127.0.0.1:{port}"

    def run(self, method, path, body="", quota=0, duration=None, threads=None, connections=None, until=None):
        """A run of `duration` seconds or, with a quota per thread, until `until()` says its effect is seen."""
        threads = threads or self.args.wrk_threads
        connections = connections or self.args.wrk_connections
        seconds = duration if duration else 3600
        command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
                   "-s", os.path.join(self.args.bench_dir, "wrk", "load.lua"), self.url, "--", method, path, body, str(quota)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if quota:
            progress, last_change = None, time.time()
            while not until():
                if process.poll() is not None:
                    raise RuntimeError("wrk stopped before its quota was done: " + process.stdout.read())
                now = until.progress() if hasattr(until, "progress") else None
                if now != progress:
                    progress, last_change = now, time.time()
                elif time.time() - last_change > 120:
                    process.kill()
                    raise RuntimeError(f"no progress for 120 s towards the quota of {method} {path}")
                time.sleep(0.1)
            time.sleep(0.5)  # the last answers on their way to wrk
            process.send_signal(signal.SIGINT)
        out, err = process.communicate()
        if process.returncode not in (0, -signal.SIGINT):
            raise RuntimeError(f"wrk failed ({process.returncode}): {err}")
        line = next((l for l in out.splitlines() if l.startswith("BENCH ")), None)
        if line is None:
            raise RuntimeError("wrk printed no result:\n" + out)
        result = json.loads(line[6:])
        result["seconds"] = result["duration_us"] / 1e6
        result["statuses"] = {int(k): v for k, v in result["statuses"].items()}
        result["threads"], result["connections"] = threads, connections
        return result

    def submit(self, client, jobs):
        """Exactly `jobs` greet_user jobs (a multiple of the wrk threads), at full speed; returns wrk's result."""
        target = client.submitted() + jobs

        class Until:
            seen = 0

            def __call__(self):
                self.seen = client.submitted()
                return self.seen >= target

            def progress(self):
                return self.seen

        return self.run("POST", EXECUTE, GREET_BODY, quota=jobs // self.args.wrk_threads, until=Until())


class Profiler:
    """A JFR recording of one extra run of a phase, summed up as the frames the samples were in."""

    GROUPS = [("SQLite driver", "org.sqlite."), ("PostgreSQL driver", "org.postgresql."), ("db-scheduler", "com.github.kagkarlsson."),
              ("HikariCP", "com.zaxxer.hikari."), ("Jackson", ("tools.jackson.", "com.fasterxml.jackson.")),
              ("Tomcat", ("org.apache.tomcat.", "org.apache.coyote.", "org.apache.catalina.")),
              ("Spring", "org.springframework."), ("logging", ("ch.qos.logback.", "org.slf4j.")),
              ("chapkit", "org.chapkit."), ("ULID", "com.github.f4b6a3."), ("Bean Validation", ("org.hibernate.validator.", "jakarta.validation.")),
              ("JDK", ("java.", "jdk.", "sun."))]

    # What a sample was doing: the innermost frame (leaf first) that names a piece of a job's life; failing that,
    # the innermost framework frame. Inclusive shares of our own frames name wrappers
    # (GroupCommit), and the leader of a group commit runs other threads' statements.
    WORK = [("submit: idempotency key", "org.chapkit.tasks.job.IdempotencyRepository."),
            ("submit: the engine's execution (batch insert)", "org.chapkit.tasks.job.JobEngine$1.beforeCommit"),
            ("submit: the job's row", "org.chapkit.tasks.job.JobRepository.insert"),
            ("run: the job's read", "org.chapkit.tasks.job.JobRepository.find"),
            ("run: the running mark", "org.chapkit.tasks.job.JobRepository.start"),
            ("end: the job's row", "org.chapkit.tasks.job.JobRepository.finish"),
            ("run: the result artifact, before a first child", "org.chapkit.tasks.artifact.ArtifactStore.createResultIfAbsent"),
            ("end: its result artifact", ("org.chapkit.tasks.artifact.ArtifactStore.createResult",
                                          "org.chapkit.tasks.artifact.ArtifactStore.writeResult")),
            ("engine: pick", "com.github.kagkarlsson.scheduler.jdbc.JdbcTaskRepository.pick"),
            ("engine: removal", "com.github.kagkarlsson.scheduler.ExecutePicked.complete"),
            ("engine: due query", "com.github.kagkarlsson.scheduler.FetchCandidates.run"),
            ("commits", ("org.springframework.jdbc.datasource.DataSourceTransactionManager.doCommit",
                         "com.github.kagkarlsson.shaded.jdbc.JdbcRunner.commitIfNecessary")),
            ("engine: wake-ups (JobEngine.nudge)", "org.chapkit.tasks.job.JobEngine.nudge"),
            ("the queue limit's count", "org.chapkit.tasks.job.JobCounts."),
            ("run: the task", "org.chapkit.tasks.job.JobRunner.execute"),
            ("end: the rest of recording it", "org.chapkit.tasks.job.JobRecorder.record"),
            ("run: the rest", "org.chapkit.tasks.job.JobRunner."),
            ("engine: the rest of a run", "com.github.kagkarlsson.scheduler.ExecutePicked."),
            ("HTTP: binding and validating params", "org.chapkit.tasks.task.ParamBinder."),
            ("HTTP: the submit around its inserts (transaction, ids)", "org.chapkit.tasks.job.JobService.submit"),
            ("HTTP: the rest of the controller", "org.chapkit.tasks.task.TaskController.")]
    WORK_FALLBACK = [("HTTP: Tomcat, Spring MVC, JSON, filters", ("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.",
                                                                  "org.springframework.web.", "org.chapkit.tasks.web.")),
                     ("engine: the rest", "com.github.kagkarlsson.")]

    def __init__(self, args, service, work_dir):
        self.args = args
        self.service = service
        self.work_dir = work_dir
        self.results = {}

    def start(self, name):
        self.service.jcmd("JFR.start", f"name={name}", "settings=profile")

    def stop(self, name, label):
        path = os.path.join(self.work_dir, f"{name}.jfr")
        self.service.jcmd("JFR.stop", f"name={name}", f"filename={path}")
        if self.args.keep_jfr:
            os.makedirs(self.args.keep_jfr, exist_ok=True)
            shutil.copy(path, self.args.keep_jfr)
        self.results[name] = {"label": label, **self.summarize(path)}

    def events(self, path, event, depth):
        out = subprocess.run([self.args.jfr, "print", "--json", "--stack-depth", str(depth), "--events", event, path],
                             capture_output=True, text=True, check=True).stdout
        return json.loads(out)["recording"]["events"]

    @staticmethod
    def frame_name(frame):
        method = frame["method"]
        # jfr writes org/sqlite/Foo for most classes; lambdas' hidden classes end in $$Lambda/0x...
        type_name = re.sub(r"\$\$Lambda/0x[0-9a-f]+", "$$Lambda", method["type"]["name"]).replace("/", ".")
        return type_name + "." + method["name"]

    @classmethod
    def work(cls, names):
        """The piece of work a sample's frames (leaf first) say it was doing; see WORK."""
        for anchors in (cls.WORK, cls.WORK_FALLBACK):
            for name in names:
                for label, prefixes in anchors:
                    if name.startswith(prefixes):
                        return label
        return "other"

    def summarize(self, path):
        samples = self.events(path, "jdk.ExecutionSample", 64)
        leaf = collections.Counter()
        ours = collections.Counter()
        groups = collections.Counter()
        work = collections.Counter()
        for sample in samples:
            frames = (sample["values"].get("stackTrace") or {}).get("frames") or []
            if not frames:
                continue
            names = [self.frame_name(frame) for frame in frames]
            leaf[names[0]] += 1
            work[self.work(names)] += 1
            seen_groups, seen_ours = set(), set()
            for name in names:
                for group, prefixes in self.GROUPS:
                    if name.startswith(prefixes) and group not in seen_groups:
                        seen_groups.add(group)
                if name.startswith("org.chapkit.") and name not in seen_ours:
                    seen_ours.add(name)
            groups.update(seen_groups)
            ours.update(seen_ours)
        blocked = collections.Counter()
        blocked_ms = 0.0
        for event in ("jdk.JavaMonitorEnter", "jdk.ThreadPark"):
            for record in self.events(path, event, 12):
                frames = (record["values"].get("stackTrace") or {}).get("frames") or []
                duration = self.duration_ms(record["values"].get("duration"))
                blocked_ms += duration
                # the first frame outside the JDK names the waiter
                waiter = next((self.frame_name(f) for f in frames if not self.frame_name(f).startswith(("java.", "jdk.", "sun."))),
                              self.frame_name(frames[-1]) if frames else "?")
                blocked[f"{event.split('.')[-1]} in {waiter}"] += duration
        return {"samples": len(samples), "leaf": leaf.most_common(12), "groups": groups.most_common(), "work": work.most_common(),
                "ours": ours.most_common(12), "blocked": blocked.most_common(8), "blocked_ms": blocked_ms}

    @staticmethod
    def duration_ms(value):
        # jfr --json prints durations like "PT0.012345S"
        if isinstance(value, str) and value.startswith("PT"):
            total = 0.0
            for amount, unit in re.findall(r"([\d.]+)([HMS])", value):
                total += float(amount) * {"H": 3600, "M": 60, "S": 1}[unit]
            return total * 1000
        return 0.0


# ---------------------------------------------------------------------------------------------------------------
# the figures


def run_baseline(args, work_dir, pg_schema):
    """The end-to-end baseline: db-scheduler alone, same engine settings and kind of store, a fresh database: a SQLite
    file opened as the service opens its own (WAL, synchronous=NORMAL), or a fresh PostgreSQL schema."""
    if args.pg:
        url = f"jdbc:postgresql://127.0.0.1:5432/test?currentSchema={pg_schema}"
        db = ["--db", "postgresql", "--url", url, "--user", "postgres", "--password", "", "--schema", pg_schema]
    else:
        os.makedirs(os.path.join(work_dir, "baseline"), exist_ok=True)
        db = ["--db", "sqlite", "--url", f"jdbc:sqlite:{work_dir}/baseline/engine.db"]
    lib = os.path.join(args.bench_dir, "engine-baseline", "target")
    command = [args.java, "--enable-native-access=ALL-UNNAMED", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
               "-cp", f"{lib}/classes:{lib}/lib/*", "org.chapkit.bench.EngineBaseline", *db, "--jobs", str(args.e2e_jobs),
               "--runs", str(args.runs), "--warmup-seconds", str(args.warmup), "--submitters", str(args.wrk_connections),
               "--threads", str(args.max_concurrency)]
    log("db-scheduler alone: " + " ".join(command))
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    runs = [json.loads(l[7:]) for l in out.splitlines() if l.startswith("RESULT ")]
    log("db-scheduler alone: " + ", ".join("%.0f jobs/s" % r["jobs_per_s"] for r in runs))
    return runs


def warm_up(args, wrk, client):
    """At least args.warmup seconds of every path the figures use; leaves exactly args.warm_jobs finished jobs."""
    log(f"warm-up: >= {args.warmup} s of load")
    start = time.time()
    wrk.run("GET", LIVENESS, duration=max(3, args.warmup // 5))
    wrk.run("GET", TAGS, duration=max(2, args.warmup // 10), connections=4)
    wrk.run("GET", TASKS, duration=max(2, args.warmup // 10), connections=4)
    for _ in range(50):
        idle_probe(client)
    for _ in range(5):
        cancel_probe(client)
    remaining = args.warm_jobs - client.total()
    wrk.submit(client, remaining - remaining % args.wrk_threads)
    client.drain()
    while time.time() - start < args.warmup:
        wrk.run("GET", LIVENESS, duration=max(1, int(args.warmup - (time.time() - start)) + 1))
    top_up(args, wrk, client, args.warm_jobs)
    log(f"warm-up done after {time.time() - start:.0f} s, {client.total()} jobs")


def settle_jit(args, wrk, client, service):
    """More warm-up, after the first memory point: rounds of e2e_jobs jobs and a few seconds of liveness until, in
    one round, the JIT compiler threads used at most JIT_SETTLED of the service's CPU (at most JIT_ROUNDS rounds).

    On this 2-core machine C2 is still compiling the job path a minute after a 20 s warm-up (4-5 s of its CPU per
    10,000 jobs for the first rounds): figures measured then are of code still being compiled. The baseline's
    warm-up ends by the same rule (bench/engine-baseline)."""
    rounds = []
    for round_ in range(1, JIT_ROUNDS + 1):
        before = service.cpu_by_thread()
        wrk.submit(client, args.e2e_jobs)
        client.drain()
        wrk.run("GET", LIVENESS, duration=JIT_LIVENESS_SECONDS)
        after = service.cpu_by_thread()
        used = {kind: after.get(kind, 0) - before.get(kind, 0) for kind in after}
        share = used.get("compiler", 0) / max(sum(used.values()), 1e-9)
        rounds.append({"round": round_, "compiler_share": share, "cpu_s": sum(used.values())})
        log(f"JIT settling, round {round_}: the compiler threads used {share * 100:.1f}% of the service's CPU")
        if share <= JIT_SETTLED:
            break
    else:
        log(f"the JIT had not settled after {JIT_ROUNDS} rounds; measuring anyway")
    return rounds


def top_up(args, wrk, client, target):
    """Runs greet_user jobs until `target` jobs exist, and waits until they are finished."""
    while True:
        missing = target - client.total()
        if missing <= 0:
            break
        chunk = min(missing, 100_000)
        if chunk < args.wrk_threads * 10:
            for _ in range(chunk):
                client.call("POST", EXECUTE, GREET_BODY)
        else:
            wrk.submit(client, chunk - chunk % args.wrk_threads)
        client.drain()


def accept_rate(args, wrk, client, service=None):
    """Accept rate: execute answered 202 per second, and liveness per second, alternately; then durability."""
    runs = []
    for run in range(1, args.runs + 1):
        client.drain()
        if service:
            service.settle()  # the ceiling is measured on a quiet service, not while the store still works off a burst
        live = wrk.run("GET", LIVENESS, duration=args.duration)
        live_rate = live["statuses"].get(200, 0) / live["seconds"]
        before = client.total()
        execute = wrk.run("POST", EXECUTE, GREET_BODY, duration=args.duration)
        accepted = execute["statuses"].get(202, 0)
        client.drain()
        recorded = client.total() - before
        completed_ok = client.total("failed")
        runs.append({"run": run, "liveness_rps": live_rate, "accept_rps": accepted / execute["seconds"],
                     "ratio": accepted / execute["seconds"] / live_rate, "accepted_202": accepted,
                     "other_statuses": {k: v for k, v in execute["statuses"].items() if k != 202},
                     "socket_errors": execute["errors"], "recorded": recorded, "gap": recorded - accepted,
                     "failed_total": completed_ok, "accept_p99_ms": execute["latency_us"]["p99"] / 1000,
                     "liveness_p99_ms": live["latency_us"]["p99"] / 1000})
        log("accept run %d: %.0f 202/s, liveness %.0f/s, ratio %.3f, 202s %d, jobs recorded %d" %
            (run, runs[-1]["accept_rps"], live_rate, runs[-1]["ratio"], accepted, recorded))
    return runs


def end_to_end(args, wrk, client):
    """End to end (and submit-to-start under load): N jobs submitted at full speed; completed per second from the
    jobs' own times."""
    runs = []
    for run in range(1, args.runs + 1):
        client.drain()
        before = client.total()
        wall = time.time()
        result = wrk.submit(client, args.e2e_jobs)
        client.drain()
        wall = time.time() - wall
        count = client.total() - before
        jobs = client.newest_jobs(count)
        statuses = collections.Counter(j["status"] for j in jobs)
        seconds = busy_seconds(jobs)
        waits = [(parse_time(j["started_at"]) - parse_time(j["submitted_at"])) * 1000 for j in jobs if j["started_at"]]
        stored = results_stored(client, jobs)
        runs.append({"run": run, "jobs": count, "completed": statuses.get("completed", 0), "statuses": dict(statuses),
                     "seconds": seconds, "jobs_per_s": statuses.get("completed", 0) / seconds,
                     "wall_seconds": wall, "accept_rps": result["statuses"].get(202, 0) / result["seconds"],
                     "queue_full_429": result["statuses"].get(429, 0),
                     "results_checked": stored, "start_p50_ms": percentile(waits, 50), "start_p99_ms": percentile(waits, 99),
                     "start_max_ms": max(waits)})
        log("end-to-end run %d: %d jobs in %.2f s = %.0f jobs/s; submit-to-start p50 %.1f ms p99 %.1f ms" %
            (run, count, runs[-1]["seconds"], runs[-1]["jobs_per_s"], runs[-1]["start_p50_ms"], runs[-1]["start_p99_ms"]))
    return runs


def busy_seconds(jobs):
    """From the first job's submission to the last one's end, from the jobs' own times."""
    return (max(parse_time(j["finished_at"]) for j in jobs if j["finished_at"])
            - min(parse_time(j["submitted_at"]) for j in jobs))


def results_stored(client, jobs, sample=20):
    """Checks that a spread of the jobs' result artifacts hold the greeting; returns how many were checked."""
    step = max(1, len(jobs) // sample)
    checked = 0
    for job in jobs[::step][:sample]:
        status, artifact = client.call("GET", "/api/v1/artifacts/" + job["artifact_id"])
        if status != 200 or (artifact["data"] or {}).get("result") != {"message": "Hello, Ada!"}:
            raise RuntimeError(f"job {job['id']}: its result is not stored: {status} {artifact}")
        checked += 1
    return checked


def idle_probe(client):
    """One job, alone: submit, wait for its end; returns the job."""
    status, body = client.call("POST", EXECUTE, GREET_BODY)
    if status != 202:
        raise RuntimeError(f"execute answered {status}: {body}")
    path = "/api/v1/jobs/" + body["job_id"]
    while True:
        job = client.call("GET", path)[1]
        if job["status"] in ("completed", "failed", "canceled"):
            return job
        time.sleep(0.001)


def idle_latency(args, client):
    """Idle submit-to-start: one job at a time, submitted_at -> started_at."""
    runs = []
    for run in range(1, args.runs + 1):
        client.drain()
        waits = []
        for _ in range(args.latency_jobs):
            job = idle_probe(client)
            waits.append((parse_time(job["started_at"]) - parse_time(job["submitted_at"])) * 1000)
        runs.append({"run": run, "jobs": len(waits), "p50_ms": percentile(waits, 50), "p99_ms": percentile(waits, 99),
                     "mean_ms": statistics.fmean(waits), "max_ms": max(waits)})
        log("idle latency run %d: p50 %.2f ms, p99 %.2f ms" % (run, runs[-1]["p50_ms"], runs[-1]["p99_ms"]))
    return runs


def cancel_probe(client):
    """Starts simulate_work, waits until it runs, cancels it; returns ms from the request to a GET showing canceled."""
    status, body = client.call("POST", "/api/v1/tasks/simulate_work/$execute", '{"params":{"seconds":60,"steps":600}}')
    if status != 202:
        raise RuntimeError(f"execute answered {status}: {body}")
    path = "/api/v1/jobs/" + body["job_id"]
    deadline = time.time() + 30
    while client.call("GET", path)[1]["status"] != "running":
        if time.time() > deadline:
            raise RuntimeError("simulate_work did not start within 30 s")
        time.sleep(0.002)
    time.sleep(0.05)
    start = time.perf_counter()
    status, answer = client.call("POST", path + "/$cancel")
    if status != 202:
        raise RuntimeError(f"$cancel answered {status}: {answer}")
    state = answer["status"]
    while state != "canceled":
        if time.perf_counter() - start > 30:
            raise RuntimeError("the job was not canceled within 30 s")
        state = client.call("GET", path)[1]["status"]
    return (time.perf_counter() - start) * 1000


def cancel_latency(args, client):
    runs = []
    for run in range(1, args.runs + 1):
        samples = [cancel_probe(client) for _ in range(args.cancel_samples)]
        runs.append({"run": run, "samples": len(samples), "median_ms": median(samples), "max_ms": max(samples)})
        log("cancel run %d: median %.1f ms, max %.1f ms" % (run, runs[-1]["median_ms"], runs[-1]["max_ms"]))
    return runs


def task_listing(args, wrk):
    """Task listing: GET /api/v1/tasks and ?tags= with 10,000 synthetic tasks registered."""
    runs = []
    for run in range(1, args.runs + 1):
        row = {"run": run}
        for key, path in (("all", TASKS), ("tags", TAGS)):
            result = wrk.run("GET", path, duration=args.listing_duration, threads=1, connections=4)
            if set(result["statuses"]) != {200}:
                raise RuntimeError(f"GET {path}: {result['statuses']}")
            row[key + "_p99_ms"] = result["latency_us"]["p99"] / 1000
            row[key + "_p50_ms"] = result["latency_us"]["p50"] / 1000
            row[key + "_rps"] = result["requests"] / result["seconds"]
        runs.append(row)
        log("task listing run %d: all p99 %.1f ms, tags p99 %.1f ms" % (run, row["all_p99_ms"], row["tags_p99_ms"]))
    return runs


def retention_bound(args, work_dir):
    """The embedded store's size under a lasting load, on a service of its own that keeps finished jobs (and their
    artifacts) for args.retention_seconds: after a first retention time the purge deletes as many jobs as arrive, so
    the file should stop growing. Batches of args.e2e_jobs jobs at full speed for RETENTION_WINDOWS retention times
    (after two warm batches), the file's size read after each batch has run."""
    seconds = args.retention_seconds
    directory = os.path.join(work_dir, "retention")
    os.makedirs(directory)
    extra = [f"--chapkit.jobs.max-concurrency={args.max_concurrency}", f"--chapkit.jobs.retention={seconds}s",
             f"--chapkit.jobs.purge-interval={max(1, seconds // 10)}s", "--chapkit.jobs.purge-artifacts=true",
             *args.app_args.split()]
    service = Service(args, directory, free_port(), extra)
    try:
        client, wrk = Client(service.port), Wrk(args, service.port)
        for _ in range(2):
            wrk.submit(client, args.e2e_jobs)
            client.drain()
        samples, start = [], time.time()
        while time.time() - start < RETENTION_WINDOWS * seconds:
            wrk.submit(client, args.e2e_jobs)
            client.drain()
            samples.append({"seconds": time.time() - start, "submitted": client.submitted(), "kept": client.total(),
                            "file_mib": service.file_mib()})
            log("retention: %(submitted)d jobs run, %(kept)d kept, store %(file_mib)s MiB after %(seconds).0f s" % samples[-1])
    finally:
        service.stop()
    return samples


# ---------------------------------------------------------------------------------------------------------------
# the report


class CpuAccount:
    """How much of the machine's CPU went to processes other than the bench's own, over the run."""

    def __init__(self):
        self.start_busy, self.start_own, self.start_time = self.busy(), self.own(), time.time()
        self.load_start = os.getloadavg()

    @staticmethod
    def busy():
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        idle = fields[3] + fields[4]
        return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def own():
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def report(self):
        elapsed = time.time() - self.start_time
        capacity = elapsed * os.cpu_count()
        others = (self.busy() - self.start_busy) - (self.own() - self.start_own)
        return {"others_share": max(0.0, others / capacity), "load_start": self.load_start, "load_end": os.getloadavg()}


def machine_facts(args):
    def sh(command):
        return subprocess.run(command, shell=True, capture_output=True, text=True).stdout.rstrip()
    return {"nproc": sh("nproc"), "free": sh("free -h"), "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
            "jdk": sh(f"{args.java} -version 2>&1 | head -n 3"), "commit": sh(f"git -C {args.root} rev-parse HEAD"),
            "dirty": sh(f"git -C {args.root} status --porcelain --untracked-files=no -- . ':!docs'"), "wrk": "wrk " + (re.search(r"wrk (?:debian/)?(\S+)", sh("wrk -v 2>&1 | head -n 1")) or re.search("(.*)", "?")).group(1),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def fmt(value, digits=0):
    return f"{value:,.{digits}f}"


# The targets for this 2-core machine, per store; None: measured, no target.
TARGETS = {
    "sqlite": {"accept_ratio": 0.35, "e2e_rate": 4000, "e2e_ratio": 0.5, "idle_p50_ms": 2, "idle_p99_ms": 20,
               "memory_growth": 0.2, "retention_growth": 0.2},
    "pg": {"accept_ratio": 0.35, "e2e_rate": None, "e2e_ratio": 0.6, "idle_p50_ms": 3, "idle_p99_ms": 20,
           "memory_growth": 0.2, "retention_growth": None},
}
SECTIONS = {"sqlite": "Embedded SQLite", "pg": "PostgreSQL"}


def span(values, digits=0, unit=""):
    """min-max of the runs' values, or a dash for one value."""
    if len(values) < 2:
        return "—"
    return f"{fmt(min(values), digits)}–{fmt(max(values), digits)}{unit}"


def build_table(args, r):
    """The results table of one store: figure, target, median, range over the runs, met."""
    targets = TARGETS["pg" if args.pg else "sqlite"]
    rows = []

    def row(name, target, measured, spread, met):
        rows.append((name, target, measured, spread, met))

    acc = r["accept"]
    ratios = [x["ratio"] for x in acc]
    ratio = median(ratios)
    row("`$execute` 202/s ÷ `/actuator/health/liveness` req/s", f">= {targets['accept_ratio']}",
        f"**{ratio:.3f}** ({fmt(median([x['accept_rps'] for x in acc]))} / {fmt(median([x['liveness_rps'] for x in acc]))})",
        span(ratios, 3), ratio >= targets["accept_ratio"])
    gaps = [x["gap"] for x in acc]
    row("every 202 recorded: jobs counted − 202s wrk saw", f"0 .. {args.wrk_connections} (answers in flight at wrk's stop)",
        ", ".join(str(g) for g in gaps), "", all(0 <= g <= args.wrk_connections for g in gaps))

    e2e, base = r["e2e"], r["baseline"]
    rates, base_rates = [x["jobs_per_s"] for x in e2e], [x["jobs_per_s"] for x in base]
    rate, base_rate = median(rates), median(base_rates)
    goal = targets["e2e_rate"]
    row("end to end: no-op jobs completed/s, results stored", f">= {fmt(goal)}/s" if goal else "(no target)",
        f"**{fmt(rate)}**/s", span(rates), rate >= goal if goal else None)
    row("end to end ÷ db-scheduler alone on the same store", f">= {targets['e2e_ratio']}",
        f"**{rate / base_rate:.3f}** ({fmt(rate)} / {fmt(base_rate)})",
        f"db-scheduler {span(base_rates)}" if len(base_rates) > 1 else "",
        rate / base_rate >= targets["e2e_ratio"])

    idle = r["idle"]
    p50s, p99s = [x["p50_ms"] for x in idle], [x["p99_ms"] for x in idle]
    mean = median([x["mean_ms"] for x in idle])
    p50, p99 = median(p50s), median(p99s)
    row("submit-to-start, idle (one job at a time), p50 (mean)", f"<= {targets['idle_p50_ms']} ms",
        f"**{p50:.2f}** ms ({mean:.2f} ms)", span(p50s, 2, " ms"), p50 <= targets["idle_p50_ms"])
    row("submit-to-start, idle, p99", f"<= {targets['idle_p99_ms']} ms", f"**{p99:.2f}** ms", span(p99s, 2, " ms"),
        p99 <= targets["idle_p99_ms"])
    row("submit-to-start during the end-to-end runs, p50 / p99", "(no target)",
        f"{median([x['start_p50_ms'] for x in e2e]):,.1f} / {median([x['start_p99_ms'] for x in e2e]):,.1f} ms", "", None)

    can = r["cancel"]
    row("cancel a running `simulate_work`: request to `canceled`, median (max)", "(no target)",
        f"{median([x['median_ms'] for x in can]):.1f} ms (max {max(x['max_ms'] for x in can):.1f} ms)",
        span([x["median_ms"] for x in can], 1, " ms"), None)

    first, last = r["memory"][0], r["memory"][-1]
    growth = targets["memory_growth"]
    points = f"{fmt(last['jobs'])} vs {fmt(first['jobs'])} jobs" + ("" if args.full else " (1M with `--full`)")
    for key, label in (("rss_mib", "RSS"), ("live_heap_mib", "live heap (what a full GC keeps)")):
        change = last[key] / first[key] - 1
        row(f"memory: {label}, {points}", f"within {growth:.0%}",
            f"**{change * 100:+.1f}%** ({fmt(last[key], 1)} vs {fmt(first[key], 1)} MiB)", "", abs(change) <= growth)
    if last.get("file_mib") and first.get("file_mib"):
        row(f"store on disk, {points}, every job kept (retention 7 days)", "(no target)",
            f"{fmt(last['file_mib'])} vs {fmt(first['file_mib'])} MiB "
            f"({last['file_mib'] * 2**20 / last['jobs'] / 1024:,.1f} KiB per job)", "", None)
    samples = r.get("retention") or []
    if samples and all(s["file_mib"] for s in samples):
        window = args.retention_seconds
        early = max(s["file_mib"] for s in [s for s in samples if s["seconds"] <= 4 * window] or samples[:1])
        late = max(s["file_mib"] for s in [s for s in samples if s["seconds"] > (RETENTION_WINDOWS - 2) * window] or samples[-1:])
        change = late / early - 1
        row(f"store on disk bounded by retention ({window} s): largest in the last {2 * window} s vs up to {4 * window} s",
            f"within +{targets['retention_growth']:.0%}" if targets["retention_growth"] else "(no target)",
            f"**{change * 100:+.1f}%** ({fmt(late)} vs {fmt(early)} MiB; {fmt(samples[-1]['submitted'])} jobs run, "
            f"{fmt(samples[-1]['kept'])} kept)", f"{fmt(min(s['file_mib'] for s in samples))}–{fmt(max(s['file_mib'] for s in samples))} MiB",
            change <= targets["retention_growth"] if targets["retention_growth"] else None)

    lst = r["listing"]
    for key, path in (("all", "`GET /api/v1/tasks`"), ("tags", "`GET /api/v1/tasks?tags=alpha,beta` (800 of them)")):
        values = [x[f"{key}_p99_ms"] for x in lst]
        row(f"{path}, {fmt(SYNTHETIC_TASKS)} tasks, p99", "(no target)",
            f"{median(values):,.1f} ms ({fmt(median([x[f'{key}_rps'] for x in lst]))} req/s)", span(values, 1, " ms"), None)

    lines = [f"| figure | target | measured (median of {args.runs}) | range | met? |", "| --- | --- | --- | --- | --- |"]
    for name, target, measured, spread, met in rows:
        shown = "—" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {name} | {target} | {measured} | {spread or '—'} | {shown} |")
    return "\n".join(lines)


def runs_section(title, runs):
    if not runs:
        return ""
    keys = [k for k in runs[0] if not isinstance(runs[0][k], (dict, list))]
    lines = [f"**{title}**", "", "| " + " | ".join(keys) + " |", "|" + " --- |" * len(keys)]
    for run in runs:
        cells = []
        for k in keys:
            v = run[k]
            cells.append(f"{v:,.2f}" if isinstance(v, float) else str(v))
        lines.append("| " + " | ".join(cells) + " |")
    extra = [f"{k}: {run[k]}" for run in runs for k in run if isinstance(run[k], dict) and run[k]]
    if extra:
        lines += ["", "; ".join(sorted(set(extra)))]
    return "\n".join(lines) + "\n"


def profile_section(profiles):
    out = []
    for name, p in profiles.items():
        total = max(1, p["samples"])
        out.append(f"### Profile: {p['label']}\n")
        out.append(f"{p['samples']} execution samples (JFR `profile` settings). Share of samples with a frame of "
                   + ", ".join(f"{g} {c * 100 / total:.0f}%" for g, c in p["groups"]) + ".\n")
        out.append("By piece of work (each sample given to the innermost frame that names one, else to its framework; "
                   "`Profiler.WORK` in bench/lib/bench.py):\n")
        out.append("| piece of work | samples |")
        out.append("| --- | --- |")
        out.extend(f"| {label} | {count * 100 / total:.1f}% |" for label, count in p["work"])
        out.append("")
        out.append("| top frames (self) | samples | | our frames (inclusive) | samples |")
        out.append("| --- | --- | --- | --- | --- |")
        for i in range(max(len(p["leaf"]), len(p["ours"]))):
            leaf = p["leaf"][i] if i < len(p["leaf"]) else ("", 0)
            ours = p["ours"][i] if i < len(p["ours"]) else ("", 0)
            out.append(f"| `{leaf[0]}` | {leaf[1] * 100 / total:.1f}% | | `{ours[0]}` | {ours[1] * 100 / total:.1f}% |"
                       .replace("``", ""))
        if p["blocked"]:
            out.append(f"\nWaiting (monitor enter and parks over JFR's threshold), {p['blocked_ms'] / 1000:.1f} s in all, most in: "
                       + "; ".join(f"`{w}` {ms / 1000:.1f} s" for w, ms in p["blocked"]) + "\n")
        out.append("")
    return "\n".join(out)


def jit_summary(args, rounds):
    if not rounds:
        return "no JIT rounds recorded"
    last = rounds[-1]
    return (f"{len(rounds)} round(s) of {fmt(args.e2e_jobs)} jobs and {JIT_LIVENESS_SECONDS} s of liveness; in the last, the JIT compiler threads used "
            f"{last['compiler_share'] * 100:.1f}% of the service's CPU; the rule is at most {JIT_SETTLED * 100:.0f}%, "
            f"at most {JIT_ROUNDS} rounds")


def store_section(args, facts, table, elapsed):
    """One store's part of docs/performance.md: when, what and how it was measured, and its table."""
    jdk = facts["jdk"].splitlines()[0] if facts["jdk"] else "?"
    store = ("PostgreSQL (local, a fresh schema)" if args.pg
             else "the embedded SQLite file (WAL, `synchronous=NORMAL`) in a fresh data directory")
    return "\n".join([
        f"Measured {facts['date']} on commit `{facts['commit'][:12]}`" + (" (with uncommitted changes)" if facts["dirty"] else "")
        + f" with `{args.command_line}` ({elapsed / 60:.0f} min): {store}; {facts['nproc']} cores ({facts['cpu']}), "
        f"{jdk}, {facts['wrk']}; other processes used {facts['cpu_account']['others_share'] * 100:.0f}% of the CPU meanwhile"
        + (", PostgreSQL's own server processes included" if args.pg else "") + "; service JVM options: "
        f"`{args.jvm_args or 'none'}`, extra service arguments: `{args.app_args or 'none'}`; warm-up: {jit_summary(args, facts.get('jit'))}.",
        "", table])


def method(args):
    """How the figures are measured, from the settings the bench runs with."""
    return [
        f"Each store is measured on its own by one run of `bench/run`: db-scheduler alone first, then the service's jar on "
        f"JDK 25 (virtual threads on) with `chapkit.jobs.max-concurrency` {args.max_concurrency} and {fmt(SYNTHETIC_TASKS)} synthetic "
        "tasks registered (`bench/synthetic-tasks`, put on the jar's class path by Spring Boot's `PropertiesLauncher`), on a "
        f"fresh store. The load is `wrk` ({args.wrk_threads} threads, {args.wrk_connections} connections) on 127.0.0.1 only. "
        f"Every figure is measured {args.runs} times after a warm-up of at least {args.warmup} s and then of rounds of "
        f"{fmt(args.e2e_jobs)} jobs until the JIT compiler threads use at most {JIT_SETTLED:.0%} of the service's CPU in a round; "
        "the table quotes the median and the range, and every ratio is of two numbers of the same run.",
        "",
        f"**Accept rate.** {args.duration} s of `GET {LIVENESS}`, then {args.duration} s of `POST {EXECUTE}` with "
        f"`{GREET_BODY}`, alternately, each on a quiet service; a 202 counts. Once the jobs have run, the jobs the service "
        "counts are compared with the 202s wrk saw: answers still in flight at wrk's stop are committed but never seen, "
        "so the gap may be up to one per connection, never below 0.",
        "",
        f"**End to end.** {fmt(args.e2e_jobs)} `greet_user` jobs submitted by wrk at full speed, then waited for; the rate is "
        "completed jobs ÷ (last `finished_at` − first `submitted_at`), from the jobs themselves, and 20 results are read back "
        "from their artifacts. The baseline is `bench/engine-baseline`: db-scheduler 16.7.1 alone, with the service's "
        f"engine settings ({args.max_concurrency} workers, immediate execution, 2 s polling; on SQLite its default JDBC "
        "customization with `LIMIT` and fetch polling, on PostgreSQL lock-and-fetch), a Hikari pool of 16, "
        f"{args.wrk_connections} submitting threads and a no-op handler, on a fresh store of the same kind opened the "
        "same way (a SQLite file in WAL mode with `synchronous=NORMAL`, or a fresh schema), warmed up by the same rule "
        "in its own JVM before the service starts.",
        "",
        f"**Latency.** Idle: {fmt(args.latency_jobs)} jobs per run, one at a time (submit, poll until it ends, next); during "
        "load: every job of the end-to-end runs. Submit-to-start is `started_at` − `submitted_at`; the service writes "
        "them to the millisecond, so the mean is quoted beside the median. Cancel: `simulate_work` polled until "
        f"`running`, then `POST $cancel`, then `GET` until `canceled`, {args.cancel_samples} samples per run, timed in the client.",
        "",
        "**Memory and the store's size.** RSS from `/proc/<pid>/status` and the live heap (the total of "
        "`jcmd GC.class_histogram`, which runs a full GC, less G1's filler arrays), each on a quiet service, after the "
        f"warm-up's {fmt(args.warm_jobs)} jobs and again at 100,000 jobs (1,000,000 with `--full`); every job is kept. The "
        f"store's size on disk is `{STORE_FILES[0]}` plus `{STORE_FILES[1]}` in the data directory. For the bound by "
        f"retention a second service keeps jobs {args.retention_seconds} s (`chapkit.jobs.retention`, purged every "
        f"{max(1, args.retention_seconds // 10)} s with their artifacts) and runs batches of {fmt(args.e2e_jobs)} jobs at full "
        f"speed for {RETENTION_WINDOWS} retention times; the size is read after each batch has run, and the largest in "
        "the last two retention times is compared with the largest up to the fourth.",
        "",
        f"**Task listing.** `wrk --latency`, 1 thread, 4 connections, {args.listing_duration} s per path.",
    ]


def section_markers(key):
    return f"<!-- bench:{key} -->", f"<!-- /bench:{key} -->"


def unmeasured(key):
    """A store's section before its first run: the command, and the targets its table will be held to."""
    t = TARGETS[key]
    goals = [f"`$execute` 202/s >= {t['accept_ratio']} of liveness req/s",
             "end to end " + (f">= {fmt(t['e2e_rate'])} jobs/s and " if t["e2e_rate"] else "")
             + f">= {t['e2e_ratio']} of db-scheduler alone on the same store",
             f"submit-to-start idle p50 <= {t['idle_p50_ms']} ms, p99 <= {t['idle_p99_ms']} ms",
             f"RSS and live heap after 1,000,000 jobs within {t['memory_growth']:.0%} of 10,000"]
    if t["retention_growth"]:
        goals.append(f"the store on disk bounded by retention (within +{t['retention_growth']:.0%})")
    return f"Not measured yet: `bench/run{' --pg' if key == 'pg' else ''}`. Targets: " + "; ".join(goals) + "."


def write_report(args, section):
    """Writes docs/performance.md with this run's store's section (None: as it was), the other store's and
    bench/watchers' kept."""
    old = open(args.out).read() if os.path.exists(args.out) else ""
    sections = {}
    for name in SECTIONS:
        begin, end = section_markers(name)
        found = re.search(re.escape(begin) + r"\n(.*?)\n" + re.escape(end), old, re.S)
        sections[name] = found.group(1) if found else unmeasured(name)
    if section is not None:
        sections["pg" if args.pg else "sqlite"] = section
    lines = ["# Performance", "",
             "What the service does on a 2-core machine, against the targets set for that machine, on the embedded SQLite "
             "store and on PostgreSQL. Written by `bench/run` (the embedded store's section) and `bench/run --pg` "
             "(PostgreSQL's); each run replaces its own section and leaves the other as it was. The watchers section at the "
             "end is `bench/watchers`'.", "",
             "## Results", ""]
    for name, title in SECTIONS.items():
        begin, end = section_markers(name)
        lines += [f"### {title}", "", begin, sections[name], end, ""]
    lines += ["## Method", "", *method(args), "",
              "## Reproduce", "",
              "On a quiet machine with a JDK 25 (`BENCH_JAVA`, default `/usr/lib/jvm/temurin-25-jdk-amd64/bin/java`); "
              "`bench/run` builds the jars and installs `wrk` if it is missing:", "",
              "```",
              "bench/run --full        # the embedded SQLite store, memory at 1,000,000 jobs (about 45 min; without --full 100,000, about 15 to 20)",
              "bench/run --full --pg   # PostgreSQL on 127.0.0.1:5432, database test, user postgres",
              "```", ""]
    watchers = re.search(r"<!-- bench:watchers -->.*?<!-- /bench:watchers -->", old, re.S)  # bench/watchers' section
    if watchers:
        lines += [watchers.group(0), ""]
    with open(args.out, "w") as f:
        f.write("\n".join(lines))


def write_details(args, results):
    """Every run of every figure, and the profiles, for --details."""
    lines = [f"# Bench runs: `{args.command_line}`", ""]
    for key, title in (("accept", "accept rate"), ("e2e", "end to end (service)"), ("baseline", "db-scheduler alone"),
                       ("idle", "idle submit-to-start"), ("cancel", "cancel"), ("memory", "memory"),
                       ("retention", "store on disk, bounded by retention"), ("listing", "task listing"), ("jit", "JIT rounds")):
        lines.append(runs_section(title, results.get(key, [])))
    if results.get("profiles"):
        lines += ["## Profiles", "",
                  "One extra run of the phase, after the measured ones, under a JFR recording "
                  "(`jcmd <pid> JFR.start settings=profile`); frames are JFR's execution samples of Java threads.", "",
                  profile_section(results["profiles"])]
    with open(args.details, "w") as f:
        f.write("\n".join(lines))


# ---------------------------------------------------------------------------------------------------------------


def parse_args(argv=None):
    """bench/run's options (bench/pauses reads its own through them), with the JDK's tools and bench/ beside."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", required=True)
    parser.add_argument("--jar")
    parser.add_argument("--synthetic-jar", help="bench/synthetic-tasks' jar (default: its target/)")
    parser.add_argument("--java", default="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
    parser.add_argument("--out", required=True)
    parser.add_argument("--command-line", default="bench/run")
    parser.add_argument("--pg", action="store_true")
    parser.add_argument("--full", action="store_true", help="the memory figure's second point at 1M jobs instead of 100k")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--listing-duration", type=int, default=6)
    parser.add_argument("--e2e-jobs", type=int, default=10_000)
    parser.add_argument("--warm-jobs", type=int, default=10_000)
    parser.add_argument("--latency-jobs", type=int, default=1_000)
    parser.add_argument("--cancel-samples", type=int, default=20)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--wrk-connections", type=int, default=16)
    parser.add_argument("--max-concurrency", type=int, default=16)
    parser.add_argument("--memory-jobs", type=int, default=None)
    parser.add_argument("--retention-seconds", type=int, default=20, help="the retention figure's retention time")
    parser.add_argument("--profile", action="store_true", help="two extra JFR-recorded runs, summed up in --details")
    parser.add_argument("--keep-jfr", default=None, help="a directory to copy the JFR recordings to")
    parser.add_argument("--details", default=None, help="also write every run (and the profiles) to this markdown file")
    parser.add_argument("--jvm-args", default="", help="extra JVM options for the service")
    parser.add_argument("--app-args", default="", help="extra arguments for the service, e.g. a setting to compare")
    parser.add_argument("--json", default=None, help="also write every number to this JSON file")
    parser.add_argument("--from-json", default=None, help="measure nothing: write the report again from a --json file")
    args = parser.parse_args(argv)
    args.bench_dir = os.path.join(args.root, "bench")
    args.synthetic_jar = args.synthetic_jar or os.path.join(args.bench_dir, "synthetic-tasks", "target",
                                                            "bench-synthetic-tasks.jar")
    jdk_bin = os.path.dirname(args.java)
    args.jcmd, args.jfr = os.path.join(jdk_bin, "jcmd"), os.path.join(jdk_bin, "jfr")
    return parser, args


def main():
    parser, args = parse_args()
    memory_jobs = args.memory_jobs or (1_000_000 if args.full else 100_000)
    if not args.from_json and not args.jar:
        parser.error("--jar is required")
    if args.profile and not args.details:
        parser.error("--profile writes its summary to --details FILE")
    if args.from_json:
        with open(args.from_json) as f:
            saved = json.load(f)
        for key, value in saved["args"].items():
            if key not in ("root", "out", "bench_dir", "from_json", "json", "details", "jar", "synthetic_jar", "java", "jcmd", "jfr"):
                setattr(args, key, value)
        table = build_table(args, saved["results"])
        print(table)
        write_report(args, store_section(args, saved["facts"], table, saved["facts"]["elapsed"]))
        if args.details:
            write_details(args, saved["results"])
        return

    # a TERM (a timeout, a kill) still stops the service and drops the temporary schemas and files
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    started = time.time()
    facts = machine_facts(args)  # the commit measured is the one checked out now
    cpu = CpuAccount()
    work_dir = tempfile.mkdtemp(prefix="chapkit-bench.")
    stamp = time.strftime("%Y%m%d%H%M%S")
    schemas = [f"bench_{stamp}_service", f"bench_{stamp}_engine"] if args.pg else []
    results = {}
    service = None
    try:
        results["baseline"] = run_baseline(args, work_dir, schemas[1] if args.pg else None)
        extra = [f"--chapkit.jobs.max-concurrency={args.max_concurrency}", *args.app_args.split()]
        if args.pg:
            subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-c", f"create schema {schemas[0]}"],
                           check=True, capture_output=True, text=True)
            extra += [f"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema={schemas[0]}",
                      "--spring.datasource.username=postgres", "--spring.datasource.password="]
        port = free_port()
        service = Service(args, work_dir, port, extra)
        client, wrk = Client(port), Wrk(args, port)
        profiler = Profiler(args, service, work_dir)
        warm_up(args, wrk, client)
        first = {"jobs": client.total(), **service.memory()}
        log("memory after %d jobs: %s" % (first["jobs"], first))
        results["jit"] = settle_jit(args, wrk, client, service)
        results["accept"] = accept_rate(args, wrk, client, service)
        results["e2e"] = end_to_end(args, wrk, client)
        results["idle"] = idle_latency(args, client)
        results["cancel"] = cancel_latency(args, client)
        results["listing"] = task_listing(args, wrk)
        if args.profile:
            log("profiling one extra accept run and one extra end-to-end run")
            client.drain()
            profiler.start("accept")
            wrk.run("POST", EXECUTE, GREET_BODY, duration=args.duration)
            profiler.stop("accept", f"accept (`$execute` under wrk, {args.duration} s)")
            client.drain()
            profiler.start("e2e")
            wrk.submit(client, args.e2e_jobs)
            client.drain()
            profiler.stop("e2e", f"end to end ({fmt(args.e2e_jobs)} jobs submitted and run)")
            results["profiles"] = profiler.results
        results["memory"] = [first]
        # with --full, points on the way show whether growth levels off (those the runs above have not passed:
        # on a fast machine the accept runs alone leave more than 250,000 jobs)
        done = client.total()
        for point in sorted({p for p in (100_000, 250_000, 500_000) if done < p < memory_jobs} | {memory_jobs}):
            log(f"topping up to {point:,} jobs for the memory figure")
            top_up(args, wrk, client, point)
            results["memory"].append({"jobs": client.total(), **service.memory()})
            log("memory after %d jobs: %s" % (results["memory"][-1]["jobs"], results["memory"][-1]))
        service.stop()
        service = None
        if not args.pg:
            results["retention"] = retention_bound(args, work_dir)
    except BaseException:
        if service:
            log(f"failed; the service's log ends with:\n" + "".join(open(service.log_path).readlines()[-40:]))
        raise
    finally:
        if service:
            service.stop()
        if args.pg and shutil.which("psql"):
            for schema in schemas:
                subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-c",
                                f"drop schema if exists {schema} cascade"], capture_output=True)
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work_dir, ignore_errors=True)
    facts["free"] = machine_facts(args)["free"]
    facts["cpu_account"] = cpu.report()
    facts["jit"] = results.get("jit")
    facts["elapsed"] = time.time() - started
    table = build_table(args, results)
    print(table)
    print(f"\n(bench ran {facts['elapsed'] / 60:.1f} min; other processes used {facts['cpu_account']['others_share'] * 100:.0f}% "
          f"of the CPU meanwhile; written to {args.out})")
    write_report(args, store_section(args, facts, table, facts["elapsed"]))
    if args.details:
        write_details(args, results)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"facts": facts, "args": vars(args), "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
