-- One wrk workload, configured by environment variables so that every operation (ours and the peers')
-- goes through the same few lines of Lua:
--   BENCH_METHOD   GET, PUT, POST ... (default GET)
--   BENCH_PATH     path template
--   BENCH_BODY     file whose bytes are the request body (optional)
--   BENCH_TYPE     Content-Type of the body (default application/json)
--   BENCH_HEADERS  extra headers, "Name: value" separated by "|" (optional)
--   BENCH_KEYS     size of the key space for {r} (default 10000)
--   BENCH_FIRST    first key of that space (default 0)
--   BENCH_TAG      run tag that makes {u} unique across runs
--   BENCH_WORDS    file of words, one a line, for {w} (optional)
-- Templates (path and body) may hold {r}, a random integer in [BENCH_FIRST, BENCH_FIRST + BENCH_KEYS),
-- {u}, a value unique to this request, and {w}, line {r} (counted from 0) of BENCH_WORDS. A template
-- without any is formatted once and reused by wrk's C code; only dynamic templates pay for a Lua call
-- per request.
-- At the end one JSON line reports throughput, latency percentiles (microseconds) and errors.

local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local keys = tonumber(os.getenv("BENCH_KEYS") or "10000")
local first = tonumber(os.getenv("BENCH_FIRST") or "0")
local tag = os.getenv("BENCH_TAG") or "t"
local headers = {}

local body = nil
local body_file = os.getenv("BENCH_BODY")
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  body = f:read("*a")
  f:close()
  headers["Content-Type"] = os.getenv("BENCH_TYPE") or "application/json"
end

local words = {}
local words_file = os.getenv("BENCH_WORDS")
if words_file and words_file ~= "" then
  for line in io.lines(words_file) do words[#words + 1] = line end
end

for header in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^|]+") do
  local name, value = string.match(header, "^%s*([^:]+):%s*(.-)%s*$")
  if name then headers[name] = value end
end

-- Bodies are only scanned for tokens when small: a 1 MB upload is always static.
local dynamic_path = string.find(path, "{[ruw]}") ~= nil
local dynamic_body = body ~= nil and #body < 65536 and string.find(body, "{[ruw]}") ~= nil

if dynamic_path or dynamic_body then
  local counter = 0
  local threads_made = 0

  -- setup runs in wrk's main Lua state; thread:set gives each thread's own state its number.
  function setup(thread)
    threads_made = threads_made + 1
    thread:set("thread_number", threads_made)
  end

  function init(args)
    math.randomseed(thread_number or 1)
  end

  local function fill(template, r, u)
    return (string.gsub(template, "{([ruw])}", function(token)
      if token == "r" then return r end
      if token == "w" then return words[tonumber(r) + 1] end
      return u
    end))
  end

  function request()
    counter = counter + 1
    local r = tostring(first + math.random(0, keys - 1))
    local u = tag .. "-" .. tostring(thread_number) .. "-" .. tostring(counter)
    local p = dynamic_path and fill(path, r, u) or path
    local b = dynamic_body and fill(body, r, u) or body
    return wrk.format(method, p, headers, b)
  end
else
  wrk.method = method
  wrk.path = path
  wrk.body = body
  wrk.headers = headers
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,'
      .. '"mean_us":%.1f,"status_errors":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
