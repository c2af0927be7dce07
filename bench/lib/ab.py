"""Two builds (or two settings) of the service side by side, for a change's before and after, started by bench/ab.

On this shared 2-core machine the same build's CPU per job moves by +-20% from one minute to the next (the host's
other tenants), so two builds measured one after the other cannot show a change of a few percent. Here both
services run at once on fresh databases; after the same warm-up, their runs alternate (A B, B A, ...),
and each pair gives a ratio B/A measured within seconds. Between runs the idle service costs almost nothing.

Per run: jobs/s (first submit to last end, from the jobs' own times; with --phase accept, 202s per second of
wrk's `$execute` load, the accept figure), the service's CPU per job (/proc), and the bytes it wrote per job
(/proc/<pid>/io write_bytes: the store's writes, its write-ahead log and checkpoints), which the host's speed does
not move. CPU and bytes are counted from a quiet service until it is quiet again, so work the store does after the
burst is in them.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
from bench import Client, Service, Wrk, log  # noqa: E402


def start(args, name, jar, jvm_args, app_args):
    options = argparse.Namespace(**vars(args))
    options.jar, options.jvm_args = jar, jvm_args
    work_dir = tempfile.mkdtemp(prefix=f"chapkit-ab-{name}.")
    port = bench.free_port()
    service = Service(options, work_dir, port, [f"--chapkit.jobs.max-concurrency={args.max_concurrency}", *app_args.split()])
    return {"name": name, "service": service, "client": Client(port), "wrk": Wrk(options, port), "dir": work_dir}


def run(args, side):
    """One run on a quiet service: args.jobs greet_user jobs end to end, or (--phase accept) args.seconds of
    `$execute` under wrk, the accepted jobs running meanwhile. CPU and bytes written are counted until the service
    is quiet again, so work the store does after the burst is in them."""
    service, client = side["service"], side["client"]
    client.drain()
    service.settle(limit=20)
    cpu, written = service.cpu_by_thread(), service.written_bytes()
    if args.phase == "accept":
        result = side["wrk"].run("POST", bench.EXECUTE, bench.GREET_BODY, duration=args.seconds)
        count = result["statuses"].get(202, 0)
        seconds = result["seconds"]
        client.drain()
    else:
        side["wrk"].submit(client, args.jobs)
        count = args.jobs
        client.drain()
        seconds = bench.busy_seconds(client.newest_jobs(count))
    rate = count / seconds
    service.settle(limit=60)
    cpu_after, written_after = service.cpu_by_thread(), service.written_bytes()
    return {"jobs_per_s": rate,
            "cpu_ms_per_job": (sum(cpu_after.values()) - sum(cpu.values())) / count * 1000,
            "compiler_s": cpu_after["compiler"] - cpu["compiler"],
            "written_kib_per_job": (written_after - written) / count / 1024}


def describe(result):
    return "%5.0f jobs/s  %.3f ms CPU/job  %.1f KiB/job written  (C2 %.1f s)" % (
        result["jobs_per_s"], result["cpu_ms_per_job"], result["written_kib_per_job"], result["compiler_s"])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a", required=True, help="build A's jar")
    parser.add_argument("--b", required=True, help="build B's jar (may be A's, with other arguments)")
    parser.add_argument("--a-jvm-args", default="")
    parser.add_argument("--b-jvm-args", default="")
    parser.add_argument("--a-app-args", default="")
    parser.add_argument("--b-app-args", default="")
    parser.add_argument("--java", default="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
    parser.add_argument("--root", required=True)
    parser.add_argument("--pairs", type=int, default=8)
    parser.add_argument("--warm-runs", type=int, default=4, help="runs each before the pairs (the JIT needs ~4)")
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--phase", choices=("e2e", "accept"), default="e2e",
                        help="e2e: --jobs jobs submitted at full speed and run; accept: --seconds of $execute")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--max-concurrency", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--wrk-connections", type=int, default=16)
    args = parser.parse_args()
    args.bench_dir = os.path.join(args.root, "bench")
    args.synthetic_jar = os.path.join(args.bench_dir, "synthetic-tasks", "target", "bench-synthetic-tasks.jar")
    args.jcmd = os.path.join(os.path.dirname(args.java), "jcmd")
    sides = []
    try:
        sides.append(start(args, "A", args.a, args.a_jvm_args, args.a_app_args))
        sides.append(start(args, "B", args.b, args.b_jvm_args, args.b_app_args))
        for round_ in range(1, args.warm_runs + 1):
            for side in sides:
                log(f"warm-up {round_} {side['name']}: {describe(run(args, side))}")
        ratios = {key: [] for key in ("jobs_per_s", "cpu_ms_per_job", "written_kib_per_job")}
        for pair in range(1, args.pairs + 1):
            order = sides if pair % 2 else sides[::-1]
            results = {side["name"]: run(args, side) for side in order}
            for key in ratios:
                # nothing written to the data directory on PostgreSQL: no ratio of bytes then
                ratios[key].append(results["B"][key] / results["A"][key] if results["A"][key] else float("nan"))
            print(f"pair {pair}: A {describe(results['A'])}\n        B {describe(results['B'])}", flush=True)
        print(f"\nB/A over {args.pairs} pairs (median [min-max]):")
        for key, values in ratios.items():
            print(f"  {key:20s} {statistics.median(values):.3f} [{min(values):.3f}-{max(values):.3f}]")
    finally:
        for side in sides:
            side["service"].stop()
            shutil.rmtree(side["dir"], ignore_errors=True)


if __name__ == "__main__":
    main()
