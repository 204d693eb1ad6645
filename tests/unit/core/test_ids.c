/* Unit tests of tokens (UUIDv7), keys and merchant codes. */
#include <criterion/criterion.h>
#include <regex.h>
#include <sodium.h>
#include <string.h>

#include "core/ids.h"

static int matches(const char *re, const char *s)
{
	regex_t r;
	cr_assert_eq(regcomp(&r, re, REG_EXTENDED | REG_NOSUB), 0);
	int ok = regexec(&r, s, 0, NULL, 0) == 0;
	regfree(&r);
	return ok;
}

Test(ids, uuid_v7_layout)
{
	/* RFC 9562 appendix A.6 example: 2022-02-22 19:22:22 UTC */
	const unsigned char rnd[10] = { 0x0c, 0xc3, 0x18, 0xc4, 0xdc, 0x0c, 0x0c, 0x07, 0x39, 0x8f };
	char out[KS_UUID_LEN + 1];
	ks_uuid_v7_format(INT64_C(0x017F22E279B0), rnd, out);
	cr_expect_str_eq(out, "017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
}

Test(ids, uuid_v7_new_is_ordered_and_random)
{
	cr_assert(sodium_init() >= 0);
	char a[KS_UUID_LEN + 1], b[KS_UUID_LEN + 1];
	ks_uuid_v7_new(1700000000000, a);
	ks_uuid_v7_new(1700000000001, b);
	const char *re = "^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";
	cr_expect(matches(re, a), "%s", a);
	cr_expect(matches(re, b), "%s", b);
	cr_expect(strcmp(a, b) < 0, "later token sorts after: %s %s", a, b);
	ks_uuid_v7_new(1700000000000, b);
	cr_expect(strcmp(a + 14, b + 14) != 0, "same ms, different random bits");
}

Test(ids, key_generate_shape)
{
	cr_assert(sodium_init() >= 0);
	char k[64];
	ks_key_generate(k, sizeof(k), "SB-VT-server-", 24);
	cr_expect(matches("^SB-VT-server-[0-9A-Za-z]{24}$", k), "%s", k);
	ks_key_generate(k, 12, "VT-client-", 16); /* truncated to fit */
	cr_expect_eq(strlen(k), 11);
}

Test(ids, key_validity)
{
	cr_expect(ks_key_is_valid("VT-server-Cpo03kYD0c0cNUKgt6hnLkKg"));
	cr_expect(!ks_key_is_valid("short"));
	cr_expect(!ks_key_is_valid("has space inside"));
	cr_expect(!ks_key_is_valid("has:colon:inside"));
	cr_expect(!ks_key_is_valid("nonascii\xc3\xa9xxxx"));
}

Test(ids, merchant_code_shape)
{
	cr_assert(sodium_init() >= 0);
	char c[11];
	ks_merchant_code_generate(c);
	cr_expect(matches("^G[0-9]{9}$", c), "%s", c);
}
