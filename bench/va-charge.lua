-- wrk script: bank-transfer (BCA VA) charges through the page API, each
-- prepared token used once (bench/prepare-va.js wrote "token number" lines
-- to KASIR_BENCH_VA; a used-up thread's repeated token answers 406).
dofile("bench/prepared.lua")

prepared{
   file = "KASIR_BENCH_VA",
   parse = function(line) return (line:match("^(%S+) ")) end,
   request = function(token)
      return wrk.format("POST", "/snap/v1/transactions/" .. token .. "/pay",
                        { ["Content-Type"] = "application/json" },
                        '{"payment_type":"bank_transfer","bank_transfer":{"bank":"bca"}}')
   end,
   ok = 201,
   rate = "ok/s",
}
