/* Unit tests of saved-card sealing. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

#include "core/seal.h"

Test(seal, round_trip_and_tamper)
{
	cr_assert(sodium_init() >= 0);
	unsigned char key[KS_SEAL_KEY_BYTES], other[KS_SEAL_KEY_BYTES];
	randombytes_buf(key, sizeof(key));
	randombytes_buf(other, sizeof(other));
	const char plain[] = "4811111111111114|12|2030";
	size_t n = sizeof(plain) - 1;
	unsigned char sealed[128], sealed2[128];
	char out[64] = { 0 };
	ks_seal(key, plain, n, sealed);
	ks_seal(key, plain, n, sealed2);
	cr_expect(memcmp(sealed, sealed2, n + KS_SEAL_OVERHEAD) != 0, "a fresh nonce each time");
	cr_expect(memmem(sealed, n + KS_SEAL_OVERHEAD, "4811", 4) == NULL, "no clear digits");
	cr_assert_eq(ks_unseal(key, sealed, n + KS_SEAL_OVERHEAD, out), 0);
	cr_expect_str_eq(out, plain);
	cr_expect_eq(ks_unseal(other, sealed, n + KS_SEAL_OVERHEAD, out), -1, "another key");
	sealed[30] ^= 1;
	cr_expect_eq(ks_unseal(key, sealed, n + KS_SEAL_OVERHEAD, out), -1, "altered");
	cr_expect_eq(ks_unseal(key, sealed, KS_SEAL_OVERHEAD - 1, out), -1, "too short");
}
