-- wrk script: JSON simulator payments (POST /sim/bca_va/pay) of the
-- numbers bench/va-charge.lua issued, each paid once (bench/prepare-va.js wrote
-- "token number" lines to KASIR_BENCH_VA). Thread i of n takes every n-th
-- line; one that runs out repeats its last number: 409, not counted.
local threads = {}
local count = 0

function setup(thread)
   count = count + 1
   thread:set("id", count)
   table.insert(threads, thread)
end

function init(args)
   local nthreads = tonumber(os.getenv("KASIR_BENCH_WRK_THREADS") or "2")
   tokens = {}
   local i = 0
   for line in io.lines(os.getenv("KASIR_BENCH_VA")) do
      if i % nthreads == id - 1 then
         table.insert(tokens, (line:match(" (%S+)$")))
      end
      i = i + 1
   end
   next_ = 1
   bad = 0
end

function request()
   local t = tokens[next_] or tokens[#tokens]
   next_ = next_ + 1
   return wrk.format("POST", "/sim/bca_va/pay",
                     { ["Content-Type"] = "application/json" },
                     '{"number":"' .. t .. '"}')
end

function response(status, headers, body)
   if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
   local n = 0
   for _, t in ipairs(threads) do n = n + t:get("bad") end
   io.write(string.format("non-200 answers: %d\n", n))
   io.write(string.format("ok/s: %.2f\n", (summary.requests - n) / (summary.duration / 1e6)))
end
