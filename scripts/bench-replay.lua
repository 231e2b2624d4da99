-- wrk script for scripts/bench-tiles.sh: replays a list of z/x/y tiles.
-- Arguments (after --): LIST_FILE THREADS PREFIX SUFFIX
-- Thread k requests entries k, k+T, k+2T, ... of the list, in list order,
-- and stops after its share: one run requests every tile exactly once
-- (unless wrk's -d time bound ends it first).
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  nthreads = tonumber(args[2])
  prefix = args[3]
  suffix = args[4] or ""
  share = math.floor((#paths - id - 1) / nthreads) + 1
  sent, received = 0, 0
  wrk.headers["Accept-Encoding"] = "gzip"
end

function request()
  local idx = (id + sent * nthreads) % #paths
  sent = sent + 1
  return wrk.format("GET", prefix .. paths[idx + 1] .. suffix)
end

function response(status, headers, body)
  received = received + 1
  if received >= share then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d bytes=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, bad, summary.bytes))
end
