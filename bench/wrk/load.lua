-- wrk script for `make bench-http` (bench/http_load.py writes the environment it reads).
--
--   BENCH_METHOD, BENCH_BODY     request method and body (GET and none by default)
--   BENCH_HEADERS                "Name: value" lines sent with every request (a session
--                                cookie, a bearer token, If-None-Match, a content type)
--   BENCH_PATHS                  a file of paths, one a line, each used once ...
--   BENCH_AUTHS                  ... or also a file of header lines, one a line: request k
--                                of the run sends auths[k % #auths] and paths[k // #auths],
--                                so a queue of attendees scans every badge in turn
--   BENCH_OFFSET                 where this run starts in that sequence (runs do not repeat)
--   BENCH_THREADS                wrk's -t: thread i takes requests i, i + t, i + 2t, ...
--
-- done() prints one JSON line: requests, seconds, p99 (ms), and wrk's error counts.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function lines(name)
  local out = {}
  if name and name ~= "" then
    for line in io.lines(name) do
      if line ~= "" then table.insert(out, line) end
    end
  end
  return out
end

local function header_table(text, into)
  for line in string.gmatch(text or "", "[^\n]+") do
    local name, value = string.match(line, "^([^:]+):%s*(.*)$")
    if name then into[name] = value end
  end
  return into
end

function init(args)
  method = os.getenv("BENCH_METHOD") or "GET"
  body = os.getenv("BENCH_BODY")
  if body == "" then body = nil end
  fixed = header_table(os.getenv("BENCH_HEADERS"), {})
  paths = lines(os.getenv("BENCH_PATHS"))
  auths = lines(os.getenv("BENCH_AUTHS"))
  step = tonumber(os.getenv("BENCH_THREADS") or "1")
  k = tonumber(os.getenv("BENCH_OFFSET") or "0") + id
  if #paths == 0 then
    -- One request for the whole run: let wrk reuse it.
    for name, value in pairs(fixed) do wrk.headers[name] = value end
    wrk.method = method
    wrk.body = body
  end
end

function request()
  if #paths == 0 then
    return wrk.request()
  end
  local headers = {}
  for name, value in pairs(fixed) do headers[name] = value end
  local path
  if #auths > 0 then
    header_table(auths[(k % #auths) + 1], headers)
    path = paths[(math.floor(k / #auths) % #paths) + 1]
  else
    path = paths[(k % #paths) + 1]
  end
  k = k + step
  return wrk.format(method, path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.6f, "p99_ms": %.3f, "p50_ms": %.3f, '
      .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(99) / 1000,
    latency:percentile(50) / 1000, e.connect, e.read, e.write, e.status, e.timeout))
end
