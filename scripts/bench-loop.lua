-- wrk script for the warm pass of scripts/bench-tiles.sh: replays a list of
-- z/x/y tiles in a loop until wrk's -d time bound.
-- Arguments (after --): LIST_FILE THREADS PREFIX SUFFIX
-- Thread k requests entries k, k+T, k+2T, ... of the list, in list order,
-- and starts over at its end.
--
-- Unlike bench-replay.lua (the cold pass, which must ask each tile exactly
-- once and stop) it defines no response() callback and formats each
-- request once, at start. Both cost wrk CPU on every request, and wrk shares
-- the machine's cores with the server: a load tool that spends less per
-- request leaves more of them to the server, whichever it is.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  wrk.headers["Accept-Encoding"] = "gzip"
  local nthreads, prefix, suffix = tonumber(args[2]), args[3], args[4] or ""
  requests, next_one = {}, 0
  local i = 0
  for line in io.lines(args[1]) do
    if #line > 0 then
      if i % nthreads == id then
        requests[#requests + 1] = wrk.format("GET", prefix .. line .. suffix)
      end
      i = i + 1
    end
  end
end

function request()
  next_one = next_one % #requests + 1
  return requests[next_one]
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  -- Tile bytes are the cold pass's (the same tiles): 0 here.
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d bytes=%d mean_tile_bytes=0 tiles_200=0\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, bad, summary.bytes))
end
