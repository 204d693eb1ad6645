/* This file contains the tests of signature_key (SPEC §6.2) against digests
 * computed independently with `printf '%s' ... | sha512sum`. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

#include "core/signature.h"
#include "rowtest.h"

struct sig_row {
	const char *order_id, *status_code, *gross_amount, *server_key;
	const char *want;
};

static const struct sig_row rows[] = {
	/* printf '%s' 'ORDER-10120010000.00VT-server-xxx' | sha512sum */
	{ "ORDER-101", "200", "10000.00", "VT-server-xxx",
	  "8ed834b225f89d73499f14ad2e8f39bc3c2806c562d896c7231d9a9f8398ab56"
	  "dcfadd70e2d2bce29d3abbb69ca1a312267a5789fdc331bc3121e3da6f0574b2" },
	/* an order id with spaces, as it is in the body (not percent-encoded) */
	{ "order 1 with spaces", "201", "10000.00", "SB-Mid-server-abc123",
	  "308d72f0041988ed9afb8e3bccf4cbc29918be2ac18e93c0cff05abca757f35f"
	  "83e60c59528ab9676a24b23c5b9332c676d563e2a0fac159cfcebfb876eb7377" },
	{ "ORDER-101", "407", "12345.67", "VT-server-xxx",
	  "3fff1475b8b23203c8f9030a69e50015b852c21d62ab841e4a3fcc6024220f4c"
	  "743a86c294d0230ec89f63757d9889122bb433686e81bc2ebfac0609ddb07e83" },
	/* one character of the key changed */
	{ "ORDER-101", "200", "10000.00", "VT-server-xxy",
	  "a4c1ca4ec9b5c53423b3bdfda9147e7061529baec964669022f4886a94b3c23b"
	  "7716086666ddf8cd9092fc5de362cf9caf93be5c7781aa47b9bbd91ea7758ef6" },
	/* gross_amount without its decimals is a different signature */
	{ "ORDER-101", "200", "1000000", "VT-server-xxx",
	  "3af0e78c7168b9fb9a1336d5cc1924ecd7b37ed0ef7bb432c77191573bcb4918"
	  "78cf9dd534b368b1fabb47f3852174c2d507c0fa51fd4268c9937a0317371552" },
	/* UTF-8 and punctuation in the order id */
	{ "Pesanan #7 \xe2\x80\x93 kopi", "201", "35000.00", "SB-Mid-server-TOKO",
	  "e17986ab984d7fd989b52a65745518fadfa9183891fc84cb52403611eab9aa2a"
	  "c2fd818dc9a6d5333cb891f70e42f33749dc1b123d824642ef6ab9b6cc750b7b" },
	/* everything empty: the SHA512 of "" */
	{ "", "", "", "",
	  "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
	  "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e" },
	/* NULL counts as "" */
	{ NULL, NULL, "0.00", NULL,
	  "4e40edbf0f523523a37594d8e94764db5605e04795217befc9511335178546a5"
	  "ab2aed76a8fa30b07b8cf353690d75a714b86f97569c91d0f86c31585732d663" },
};

static void init(void)
{
	cr_assert(sodium_init() >= 0);
}

ParameterizedTestParameters(signature, compute)
{
	return ROWTEST_PARAMS(rows);
}

ParameterizedTest(size_t *i, signature, compute, .init = init)
{
	const struct sig_row *r = &rows[*i];
	char sig[KS_SIGNATURE_SIZE];
	memset(sig, 'x', sizeof(sig));
	ks_signature_compute(r->order_id, r->status_code, r->gross_amount, r->server_key, sig);
	cr_expect_str_eq(sig, r->want, "row %zu", *i);
	cr_expect(ks_signature_verify(r->order_id, r->status_code, r->gross_amount, r->server_key, r->want),
		  "row %zu", *i);
}

ParameterizedTestParameters(signature, verify_upper_case)
{
	return ROWTEST_PARAMS(rows);
}

ParameterizedTest(size_t *i, signature, verify_upper_case, .init = init)
{
	const struct sig_row *r = &rows[*i];
	char upper[KS_SIGNATURE_SIZE];
	for (size_t k = 0; k < sizeof(upper); k++)
		upper[k] = r->want[k] >= 'a' && r->want[k] <= 'f' ? (char)(r->want[k] - 'a' + 'A') : r->want[k];
	cr_expect(ks_signature_verify(r->order_id, r->status_code, r->gross_amount, r->server_key, upper));
}

Test(signature, verify_refuses_other_values, .init = init)
{
	const struct sig_row *r = &rows[0];
	char sig[KS_SIGNATURE_SIZE];
	ks_signature_compute(r->order_id, r->status_code, r->gross_amount, r->server_key, sig);
	/* any one field changed */
	cr_expect_not(ks_signature_verify("ORDER-102", "200", "10000.00", "VT-server-xxx", sig));
	cr_expect_not(ks_signature_verify("ORDER-101", "201", "10000.00", "VT-server-xxx", sig));
	cr_expect_not(ks_signature_verify("ORDER-101", "200", "10000", "VT-server-xxx", sig));
	cr_expect_not(ks_signature_verify("ORDER-101", "200", "10000.00", "VT-server-xxy", sig));
	/* the fields are joined: moving characters between them is not noticed,
	 * as in Midtrans; the same joined string signs the same */
	cr_expect(ks_signature_verify("ORDER-10", "1200", "10000.00", "VT-server-xxx", sig));

	/* one digit changed, in each position */
	for (size_t k = 0; k < KS_SIGNATURE_SIZE - 1; k++) {
		char bad[KS_SIGNATURE_SIZE];
		memcpy(bad, sig, sizeof(bad));
		bad[k] = bad[k] == '0' ? '1' : '0';
		cr_expect_not(ks_signature_verify(r->order_id, r->status_code, r->gross_amount, r->server_key, bad),
			      "digit %zu", k);
	}
}

Test(signature, verify_refuses_malformed, .init = init)
{
	const struct sig_row *r = &rows[0];
	char buf[KS_SIGNATURE_SIZE + 2];
	cr_expect_not(ks_signature_verify(r->order_id, r->status_code, r->gross_amount, r->server_key, NULL));
	cr_expect_not(ks_signature_verify(r->order_id, r->status_code, r->gross_amount, r->server_key, ""));

	/* one digit short */
	memcpy(buf, r->want, KS_SIGNATURE_SIZE - 2);
	buf[KS_SIGNATURE_SIZE - 2] = '\0';
	cr_expect_not(ks_signature_verify(r->order_id, r->status_code, r->gross_amount, r->server_key, buf));
	/* one digit or one space too many */
	memcpy(buf, r->want, KS_SIGNATURE_SIZE - 1);
	buf[KS_SIGNATURE_SIZE - 1] = '0';
	buf[KS_SIGNATURE_SIZE] = '\0';
	cr_expect_not(ks_signature_verify(r->order_id, r->status_code, r->gross_amount, r->server_key, buf));
	buf[KS_SIGNATURE_SIZE - 1] = ' ';
	cr_expect_not(ks_signature_verify(r->order_id, r->status_code, r->gross_amount, r->server_key, buf));
	/* not hex */
	memcpy(buf, r->want, KS_SIGNATURE_SIZE);
	buf[10] = 'g';
	cr_expect_not(ks_signature_verify(r->order_id, r->status_code, r->gross_amount, r->server_key, buf));
}
