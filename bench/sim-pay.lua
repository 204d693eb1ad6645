-- wrk script: JSON simulator payments (POST /sim/bca_va/pay) of the
-- numbers bench/va-charge.lua issued, each paid once (bench/prepare-va.js
-- wrote "token number" lines to KASIR_BENCH_VA; a used-up thread's
-- repeated number answers 409).
dofile("bench/prepared.lua")

prepared{
   file = "KASIR_BENCH_VA",
   parse = function(line) return (line:match(" (%S+)$")) end,
   request = function(number)
      return wrk.format("POST", "/sim/bca_va/pay",
                        { ["Content-Type"] = "application/json" },
                        '{"number":"' .. number .. '"}')
   end,
   ok = 200,
   rate = "ok/s",
}
