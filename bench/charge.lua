-- wrk script: POST /snap/v1/transactions/{token}/pay with a card token,
-- each prepared pair used once (bench/prepare-charges.js wrote them to
-- KASIR_BENCH_CHARGES, one "snap_token card_token" per line). Thread i of n
-- takes every n-th line; when a thread runs out it repeats its last pair,
-- which answers 406 and is counted as not 200 (and not as a charge).

local threads = {}
local count = 0

function setup(thread)
   count = count + 1
   thread:set("id", count)
   table.insert(threads, thread)
end

function init(args)
   local nthreads = tonumber(os.getenv("KASIR_BENCH_WRK_THREADS") or "2")
   pairs_ = {}
   local i = 0
   for line in io.lines(os.getenv("KASIR_BENCH_CHARGES")) do
      if i % nthreads == id - 1 then
         local snap, card = line:match("^(%S+) (%S+)$")
         table.insert(pairs_, { snap, card })
      end
      i = i + 1
   end
   next_ = 1
   non200 = 0
end

function request()
   local p = pairs_[next_] or pairs_[#pairs_]
   next_ = next_ + 1
   local body = '{"payment_type":"credit_card","credit_card":{"token_id":"' .. p[2] .. '"}}'
   return wrk.format("POST", "/snap/v1/transactions/" .. p[1] .. "/pay",
                     { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
   if status ~= 200 then non200 = non200 + 1 end
end

function done(summary, latency, requests)
   local n = 0
   for _, t in ipairs(threads) do n = n + t:get("non200") end
   io.write(string.format("non-200 answers: %d\n", n))
   -- only charges that went through count: a run that used up its
   -- prepared pairs reports less than the server could do, never more
   io.write(string.format("charges/s: %.2f\n", (summary.requests - n) / (summary.duration / 1e6)))
end
