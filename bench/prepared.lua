-- Shared by the wrk scripts that replay prepared work, each item used once
-- (bench/charge.lua, va-charge.lua, sim-pay.lua). A script calls
--   prepared{ file = ENV, parse = f(line) -> item, request = f(item) -> wrk
--             request, ok = the status that counts, rate = its label }
-- Thread i of n (KASIR_BENCH_WRK_THREADS) takes every n-th line of the file
-- named by the environment variable ENV. A thread that runs out repeats its
-- last item, which is then refused and not counted: a run that used up its
-- prepared work reports less than the server could do, never more.
function prepared(o)
   local threads = {}

   function setup(thread)
      table.insert(threads, thread)
      thread:set("id", #threads)
   end

   function init(args)
      local nthreads = tonumber(os.getenv("KASIR_BENCH_WRK_THREADS") or "2")
      items = {}
      local i = 0
      for line in io.lines(os.getenv(o.file)) do
         if i % nthreads == id - 1 then
            table.insert(items, o.parse(line))
         end
         i = i + 1
      end
      next_ = 1
      bad = 0
   end

   function request()
      local item = items[next_] or items[#items]
      next_ = next_ + 1
      return o.request(item)
   end

   function response(status, headers, body)
      if status ~= o.ok then bad = bad + 1 end
   end

   function done(summary, latency, requests)
      local n = 0
      for _, t in ipairs(threads) do n = n + t:get("bad") end
      io.write(string.format("non-%d answers: %d\n", o.ok, n))
      io.write(string.format("%s: %.2f\n", o.rate, (summary.requests - n) / (summary.duration / 1e6)))
   end
end
