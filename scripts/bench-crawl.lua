-- wrk script for scripts/bench-crawl.sh: each thread walks its own share of
-- a list of URL paths (entries k, k+T, k+2T, ...), round and round.
-- Arguments (after --): LIST_FILE THREADS
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
  step = tonumber(args[2])
  next_index = id + 1
end

function request()
  local path = paths[next_index]
  next_index = next_index + step
  if next_index > #paths then next_index = id + 1 end
  return wrk.format("GET", path)
end
