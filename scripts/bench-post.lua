-- wrk script for scripts/bench-store.sh: POSTs a ~2 KB document, each
-- request made unique by a closing line (the same text twice is one
-- document, answered 200 instead of 201).
local template, token
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(os.getenv("TEMPLATE"), "r"))
  template = f:read("*a")
  f:close()
  token = os.getenv("TOKEN")
  thread_id = tid
end

function request()
  counter = counter + 1
  local body = template .. "Benchmark copy " .. thread_id .. "-" .. counter .. "-" .. os.time() .. ".\n"
  return wrk.format("POST", "/documents", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "text/plain",
  }, body)
end

function response(status, headers, body)
  if status ~= 201 and status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body:sub(1, 200) .. "\n")
  end
end
