"""Store pauses as a client meets them: bench/run's order of phases on one service (warm-up, JIT rounds, the accept
runs, the end-to-end runs), then the idle-latency and cancel runs with every request of theirs timed in the client;
the store's size on disk and the service's CPU seconds at the end. bench/pauses is the entry point."""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", required=True)
    parser.add_argument("--jar", required=True)
    parser.add_argument("--java", required=True)
    parser.add_argument("--rounds", type=int, default=1, help="rounds of accept, end-to-end, idle and cancel runs")
    parser.add_argument("--jvm-args", default="")
    parser.add_argument("--app-args", default="")
    own = parser.parse_args()
    # bench/run's settings for every figure's run, so the phases are the ones its table comes from
    _, args = bench.parse_args(["--root", own.root, "--jar", own.jar, "--java", own.java, "--out", os.devnull,
                                f"--jvm-args={own.jvm_args}", f"--app-args={own.app_args}"])
    args.rounds = own.rounds

    timed = []
    untimed_call = bench.Client.call

    def timed_call(self, method, path, body=None):
        start = time.perf_counter()
        answer = untimed_call(self, method, path, body)
        timed.append((time.perf_counter() - start) * 1000)
        return answer

    work_dir = tempfile.mkdtemp(prefix="chapkit-pauses.")
    service = bench.Service(args, work_dir, bench.free_port(),
                            [f"--chapkit.jobs.max-concurrency={args.max_concurrency}", *args.app_args.split()])
    result = {"rounds": []}
    try:
        client, wrk = bench.Client(service.port), bench.Wrk(args, service.port)
        bench.warm_up(args, wrk, client)
        bench.settle_jit(args, wrk, client, service)
        for _ in range(args.rounds):
            accept = bench.accept_rate(args, wrk, client, service)
            e2e = bench.end_to_end(args, wrk, client)
            timed.clear()
            bench.Client.call = timed_call
            try:
                idle = bench.idle_latency(args, client)
                cancel = bench.cancel_latency(args, client)
            finally:
                bench.Client.call = untimed_call
            ms = sorted(timed)
            result["rounds"].append({
                "accept_rps": [round(x["accept_rps"]) for x in accept], "accept_p99_ms": [x["accept_p99_ms"] for x in accept],
                "e2e_jobs_per_s": [round(x["jobs_per_s"]) for x in e2e],
                "idle_p99_ms": [x["p99_ms"] for x in idle], "idle_max_ms": [x["max_ms"] for x in idle],
                "cancel_median_max_ms": [(round(x["median_ms"], 1), round(x["max_ms"], 1)) for x in cancel],
                "requests": len(ms), "request_p99_ms": round(bench.percentile(ms, 99), 1),
                "request_p999_ms": round(bench.percentile(ms, 99.9), 1), "request_max_ms": round(ms[-1], 1),
                "requests_over_50_ms": sum(1 for x in ms if x > 50), "requests_over_100_ms": sum(1 for x in ms if x > 100)})
            bench.log("round: " + json.dumps(result["rounds"][-1]))
        result["file_mib"] = service.file_mib()
        result["cpu_s"] = service.cpu_seconds(f"/proc/{service.pid}/stat")
    finally:
        service.stop()
        shutil.rmtree(work_dir, ignore_errors=True)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
