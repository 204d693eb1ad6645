-- wrk script: bank-transfer (BCA VA) charges through the page API, each
-- prepared token used once (bench/prepare-va.js wrote "token number" lines
-- to KASIR_BENCH_VA). Thread i of n takes every n-th line; a thread that
-- runs out repeats its last token, which answers 406 and is not counted.
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
         table.insert(tokens, (line:match("^(%S+) ")))
      end
      i = i + 1
   end
   next_ = 1
   bad = 0
end

function request()
   local t = tokens[next_] or tokens[#tokens]
   next_ = next_ + 1
   return wrk.format("POST", "/snap/v1/transactions/" .. t .. "/pay",
                     { ["Content-Type"] = "application/json" },
                     '{"payment_type":"bank_transfer","bank_transfer":{"bank":"bca"}}')
end

function response(status, headers, body)
   if status ~= 201 then bad = bad + 1 end
end

function done(summary, latency, requests)
   local n = 0
   for _, t in ipairs(threads) do n = n + t:get("bad") end
   io.write(string.format("non-201 answers: %d\n", n))
   io.write(string.format("ok/s: %.2f\n", (summary.requests - n) / (summary.duration / 1e6)))
end
