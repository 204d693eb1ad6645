-- wrk script: POST /snap/v1/transactions/{token}/pay with a card token,
-- each prepared pair used once (bench/prepare-charges.js wrote them to
-- KASIR_BENCH_CHARGES, one "snap_token card_token" per line; a used-up
-- thread's repeated pair answers 406 and is not counted as a charge).
dofile("bench/prepared.lua")

prepared{
   file = "KASIR_BENCH_CHARGES",
   parse = function(line)
      local snap, card = line:match("^(%S+) (%S+)$")
      return { snap, card }
   end,
   request = function(p)
      return wrk.format("POST", "/snap/v1/transactions/" .. p[1] .. "/pay",
                        { ["Content-Type"] = "application/json" },
                        '{"payment_type":"credit_card","credit_card":{"token_id":"' .. p[2] .. '"}}')
   end,
   ok = 200,
   rate = "charges/s",
}
