/* This file contains the tests of custom VA number rules (SPEC §2.5). */
#include <criterion/criterion.h>
#include <string.h>

#include "core/va.h"
#include "rowtest.h"

struct va_row {
	const char *in;
	size_t width;
	const char *want;
};

static const struct va_row rows[] = {
	{ "1", KS_VA_BCA_DIGITS, "00000000001" },
	{ "12345", KS_VA_BCA_DIGITS, "00000012345" },
	{ "12345678901", KS_VA_BCA_DIGITS, "12345678901" },
	{ "123456789012", KS_VA_BCA_DIGITS, "12345678901" },
	{ "7", KS_VA_PERMATA_DIGITS, "0000000007" },
	{ "1234567890", KS_VA_PERMATA_DIGITS, "1234567890" },
	{ "12345678901", KS_VA_PERMATA_DIGITS, "1234567890" },
	{ "12", KS_VA_BNI_DIGITS, "00000012" },
	{ "12345678", KS_VA_BNI_DIGITS, "12345678" },
	{ "123456789", KS_VA_BNI_DIGITS, "12345678" },
	{ "0000", KS_VA_BNI_DIGITS, "00000000" },
};

ParameterizedTestParameters(va, normalise)
{
	return ROWTEST_PARAMS(rows);
}

ParameterizedTest(size_t *i, va, normalise)
{
	const struct va_row *r = &rows[*i];
	char out[16];
	memset(out, 'x', sizeof(out));
	ks_va_normalise(r->in, r->width, out);
	cr_expect_str_eq(out, r->want, "%s to %zu", r->in, r->width);
}

Test(va, is_digits)
{
	cr_expect(ks_va_is_digits("0"));
	cr_expect(ks_va_is_digits("0123456789"));
	cr_expect_not(ks_va_is_digits(""));
	cr_expect_not(ks_va_is_digits(NULL));
	cr_expect_not(ks_va_is_digits("12a"));
	cr_expect_not(ks_va_is_digits(" 12"));
	cr_expect_not(ks_va_is_digits("-12"));
	cr_expect_not(ks_va_is_digits("１２")); /* fullwidth digits are not ASCII */
}
