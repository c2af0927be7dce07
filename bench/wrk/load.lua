-- One wrk script for every HTTP load of the bench.
-- Arguments (after "--"): METHOD PATH [BODY] [QUOTA]
--   BODY  a JSON body for POST ("" for none); sent with Content-Type: application/json
--   QUOTA per wrk thread (0 = none): once a thread has sent QUOTA requests of METHOD PATH, its connections send
--         only GET /actuator/health/liveness, one a second each, so that exactly QUOTA x threads requests of
--         METHOD PATH are made; the caller stops wrk (SIGINT) when it has seen their effect. A 429 or 503
--         (queue full) does not count: that request is made again after 20 ms.
-- done() prints one line "BENCH {json}": the duration, the count per status of the main requests, latencies.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  local method, path, body = args[1] or "GET", args[2] or "/", args[3] or ""
  quota = tonumber(args[4] or "0")
  local headers = {}
  if body ~= "" then headers["Content-Type"] = "application/json" else body = nil end
  main = wrk.format(method, path, headers, body)
  filler = wrk.format("GET", "/actuator/health/liveness")
  -- wrk calls request() once more on its first thread, to check the script, and discards that request
  sent, answered = (id == 1) and -1 or 0, 0
  statuses = {}
end

function delay()
  if quota > 0 and sent >= quota then
    return 1000
  end
  if backoff then
    backoff = false
    return 20
  end
  return 0
end

function request()
  if quota > 0 and sent >= quota then
    return filler
  end
  sent = sent + 1
  return main
end

function response(status, headers, body)
  -- wrk does not say which request an answer is for: a filler's is liveness's 200 {"status":"UP"}, which no
  -- main request of a quota run (POST $execute) answers.
  local is_filler = quota > 0 and sent >= quota and status == 200 and body == '{"status":"UP"}'
  if not is_filler then
    local key = tostring(status)
    statuses[key] = (statuses[key] or 0) + 1
    if quota > 0 and (status == 429 or status == 503) then
      sent = sent - 1
      backoff = true
    else
      answered = answered + 1
    end
  end
end

function done(summary, latency, requests)
  local merged = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do merged[k] = (merged[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(merged) do table.insert(parts, string.format('"%s":%d', k, v)) end
  io.write(string.format('BENCH {"duration_us":%d,"requests":%d,"statuses":{%s},"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},'
    .. '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.duration, summary.requests, table.concat(parts, ","), summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean))
end
