/* This file contains the tests of ks_json_amount: the amount of a refund
 * or capture body, as the client libraries send it. */
#include <criterion/criterion.h>

#include "core/amount.h"
#include "rowtest.h"

struct amount_row {
	const char *json; /* one JSON value */
	int64_t want;
};

static const struct amount_row amount_rows[] = {
	{ "10000", 10000 },
	{ "10000.0", 10000 },
	{ "\"10000\"", 10000 },
	{ "\"10000.00\"", 10000 },
	{ "1", 1 },
	{ "999999999999999", 999999999999999 },
	{ "1000000000000000.0", -1 }, /* 10^15: too large */
	{ "\"1000000000000000\"", -1 },
	{ "0", -1 },
	{ "-5", -1 },
	{ "\"-5\"", -1 },
	{ "10000.5", -1 },
	{ "\"10000.5\"", -1 },
	{ "\"\"", -1 },
	{ "\"12abc\"", -1 },
	{ "\"nan\"", -1 },
	{ "\"inf\"", -1 },
	{ "true", -1 },
	{ "null", -1 },
	{ "[10000]", -1 },
	{ "{\"amount\":10000}", -1 },
};

ParameterizedTestParameters(amount, json_amount)
{
	return ROWTEST_PARAMS(amount_rows);
}

ParameterizedTest(size_t *i, amount, json_amount)
{
	const struct amount_row *r = &amount_rows[*i];
	json_t *v = json_loads(r->json, JSON_DECODE_ANY, NULL);
	cr_assert(v, "%s parses", r->json);
	cr_expect_eq(ks_json_amount(v), r->want, "%s", r->json);
	json_decref(v);
}

Test(amount, no_value_is_no_amount)
{
	cr_expect_eq(ks_json_amount(NULL), -1);
}
