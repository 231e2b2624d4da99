-- wrk script for scripts/bench-tiles.sh: replays a list of z/x/y tiles.
-- Arguments (after --): LIST_FILE THREADS PREFIX SUFFIX
-- Thread k requests entries k, k+T, k+2T, ... of the list, in list order,
-- and stops after its share: one run requests every tile exactly once
-- (unless wrk's -d time bound ends it first). Bodies of 200 answers are
-- counted for the mean tile size (gzip, as Accept-Encoding asks).
--
-- wrk's own duration is always the -d it was given (its main thread sleeps
-- that long even when every thread stopped early), so each thread notes the
-- wall clock of its first request and last response, and done() reports
-- requests / (last response - first request).
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function now()
  local p = io.popen("date +%s.%N")
  local t = tonumber(p:read("*l"))
  p:close()
  return t
end

function init(args)
  wrk.headers["Accept-Encoding"] = "gzip"
  local nthreads, prefix, suffix = tonumber(args[2]), args[3], args[4] or ""
  -- This thread's share of the list, formatted once (formatting costs wrk
  -- CPU, which it takes from the server's cores).
  mine = {}
  local i = 0
  for line in io.lines(args[1]) do
    if #line > 0 then
      if i % nthreads == id then mine[#mine + 1] = wrk.format("GET", prefix .. line .. suffix) end
      i = i + 1
    end
  end
  share = #mine
  sent, received = 0, 0
  tile_bytes, tiles_200 = 0, 0
  t_first, t_last = nil, nil
end

function request()
  if t_first == nil then t_first = now() end
  sent = sent + 1
  return mine[(sent - 1) % share + 1]
end

function response(status, headers, body)
  received = received + 1
  if status == 200 then
    tile_bytes = tile_bytes + #body
    tiles_200 = tiles_200 + 1
  end
  if received >= share then
    t_last = now()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local first, last = nil, nil
  local bytes, n200 = 0, 0
  for _, t in ipairs(threads) do
    bytes = bytes + (t:get("tile_bytes") or 0)
    n200 = n200 + (t:get("tiles_200") or 0)
    local a, b = t:get("t_first"), t:get("t_last")
    if a and (first == nil or a < first) then first = a end
    if b == nil then last = nil; break end
    if last == nil or b > last then last = b end
  end
  -- A thread that did not finish its share ran until wrk's time bound.
  local secs = (first and last) and (last - first) or (summary.duration / 1e6)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  local mean = n200 > 0 and bytes / n200 or 0
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d bytes=%d mean_tile_bytes=%.0f tiles_200=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, bad, summary.bytes, mean, n200))
end
