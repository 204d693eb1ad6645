-- wrk script: POST /snap/v1/transactions with the full request of the
-- original document (bench/full-request.json, about 1.5 KB once its
-- indentation is removed), a unique order_id per request (run, thread,
-- per-thread counter), and a count of every answer that is not 201.
--
-- Environment: KASIR_BENCH_AUTH = base64(server_key + ":") (required),
-- KASIR_BENCH_BODY = path of the JSON request (default bench/full-request.json),
-- KASIR_BENCH_RUN = a tag that keeps order_ids unique across runs on one db.

local threads = {}
local next_id = 1

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

-- Top-level code runs in every Lua state of wrk (the main one and one per
-- thread), so the template is there for done() as well.
local path = os.getenv("KASIR_BENCH_BODY") or "bench/full-request.json"
local f = assert(io.open(path, "r"))
local text = f:read("*a")
f:close()
text = (text:gsub("\n%s*", ""))
prefix, suffix = text:match('^(.-"order_id": ")ORDER%-101(".*)$')
assert(prefix, "no \"order_id\": \"ORDER-101\" in " .. path)
run = os.getenv("KASIR_BENCH_RUN") or tostring(os.time())

function init(args)
   local auth = os.getenv("KASIR_BENCH_AUTH")
   assert(auth and auth ~= "", "KASIR_BENCH_AUTH is not set")
   tag = run .. "-" .. id .. "-"
   headers = {
      ["Accept"] = "application/json",
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Basic " .. auth,
   }
   seq = 0
   non201 = 0
   first_bad = ""
end

function request()
   seq = seq + 1
   return wrk.format("POST", "/snap/v1/transactions", headers, prefix .. tag .. seq .. suffix)
end

function response(status, hdrs, body)
   if status ~= 201 then
      non201 = non201 + 1
      if first_bad == "" then
         first_bad = status .. " " .. (body or "")
      end
   end
end

function done(summary, latency, requests)
   local total, first = 0, ""
   for _, t in ipairs(threads) do
      total = total + (t:get("non201") or 0)
      local b = t:get("first_bad") or ""
      if first == "" then first = b end
   end
   io.write(string.format("request body: about %d bytes\n", #prefix + #suffix + #run + 10))
   io.write(string.format("non-201 answers: %d\n", total))
   if first ~= "" then
      io.write("first non-201 answer: " .. first:sub(1, 300) .. "\n")
   end
end
