/* This file contains the tests of the sandbox test-card table and the BIN
 * table of issuing banks, against the cards of the original document
 * (SPEC §7.1), copied here as printed, with their spaces. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/testcards.h"
#include "rowtest.h"

#define NONE KS_TESTCARD_3DS_NONE
#define FULL KS_TESTCARD_3DS_FULL
#define ATT KS_TESTCARD_3DS_ATTEMPTED
#define ACC KS_TESTCARD_ACCEPT
#define CHAL KS_TESTCARD_CHALLENGE
#define FDS KS_TESTCARD_DENY_FDS
#define BANK KS_TESTCARD_DENY_BANK

struct doc_row {
	const char *printed; /* as the original prints it */
	const char *bank;
	bool debit;
	enum ks_testcard_3ds secure;
	enum ks_testcard_outcome outcome;
};

static const struct doc_row doc_rows[] = {
	/* Kartu Umum: Transaksi Normal */
	{ "4011 1111 1111 1112", NULL, false, NONE, ACC },
	{ "4111 1111 1111 1111", NULL, false, NONE, CHAL },
	{ "4211 1111 1111 1110", NULL, false, NONE, FDS },
	{ "4311 1111 1111 1119", NULL, false, NONE, BANK },
	{ "5481 1611 1111 1081", NULL, false, NONE, ACC },
	{ "5110 1111 1111 1119", NULL, false, NONE, CHAL },
	{ "5210 1111 1111 1118", NULL, false, NONE, FDS },
	{ "5310 1111 1111 1117", NULL, false, NONE, BANK },
	/* Kartu Umum: Transaksi 3D Secure */
	{ "4811 1111 1111 1114", NULL, false, FULL, ACC },
	{ "4911 1111 1111 1113", NULL, false, FULL, BANK },
	{ "4411 1111 1111 1118", NULL, false, ATT, ACC },
	{ "4511 1111 1111 1117", NULL, false, ATT, CHAL },
	{ "4611 1111 1111 1116", NULL, false, ATT, FDS },
	{ "4711 1111 1111 1115", NULL, false, ATT, BANK },
	{ "5211 1111 1111 1117", NULL, false, FULL, ACC },
	{ "5111 1111 1111 1118", NULL, false, FULL, BANK },
	{ "5410 1111 1111 1116", NULL, false, ATT, ACC },
	{ "5510 1111 1111 1115", NULL, false, ATT, CHAL },
	{ "5411 1111 1111 1115", NULL, false, ATT, FDS },
	{ "5511 1111 1111 1114", NULL, false, ATT, BANK },
	/* Kartu Spesifik per Bank: Transaksi Berhasil */
	{ "4617 0030 8177 8145", "mandiri", false, NONE, ACC },
	{ "5573 3899 1384 3648", "mandiri", false, NONE, ACC },
	{ "4097 6658 2970 8136", "mandiri", true, NONE, ACC },
	{ "4599 2043 5516 9092", "cimb", false, NONE, ACC },
	{ "5481 1620 3830 7406", "cimb", false, NONE, ACC },
	{ "4105 0568 6475 0672", "bni", false, NONE, ACC },
	{ "5264 2282 3919 2765", "bni", false, NONE, ACC },
	{ "1946 4159 8148 7684", "bni", false, NONE, ACC },
	{ "4773 7781 0290 6680", "bca", false, NONE, ACC },
	{ "5229 9028 2076 4661", "bca", false, NONE, ACC },
	{ "4365 0299 9362 0368", "bri", false, NONE, ACC },
	{ "5520 0219 0920 3008", "bri", false, NONE, ACC },	/* also under failure */
	{ "4055 7796 2846 0474", "maybank", false, NONE, ACC }, /* also under failure */
	{ "5520 0883 1465 3770", "maybank", false, NONE, ACC }, /* also under failure */
	/* Kartu Spesifik per Bank: Transaksi Berhasil dengan 3D Secure */
	{ "4617 0069 5974 6656", "mandiri", false, FULL, ACC },
	{ "5573 3810 7219 6900", "mandiri", false, FULL, ACC },
	{ "4617 0017 4194 2101", "mandiri", false, ATT, ACC },
	{ "5573 3819 9982 5417", "mandiri", false, ATT, ACC },
	{ "4599 2078 8712 2414", "cimb", false, FULL, ACC },
	{ "5481 1698 1883 2479", "cimb", false, FULL, ACC },
	{ "4599 2039 9705 2898", "cimb", false, ATT, ACC },
	{ "5481 1671 2103 2563", "cimb", false, ATT, ACC },
	{ "4105 0586 8948 1467", "bni", false, FULL, ACC },
	{ "5264 2210 3887 4659", "bni", false, FULL, ACC },
	{ "4105 0525 4151 2148", "bni", false, ATT, ACC },
	{ "5264 2249 7176 1016", "bni", false, ATT, ACC },
	{ "4773 7760 5705 1650", "bca", false, FULL, ACC },
	{ "5229 9031 3685 3172", "bca", false, FULL, ACC },
	{ "4773 7738 1098 1190", "bca", false, ATT, ACC },
	{ "5229 9073 6430 3610", "bca", false, ATT, ACC },
	{ "4365 0263 3573 7199", "bri", false, FULL, ACC },
	{ "5520 0298 7089 9100", "bri", false, FULL, ACC },
	{ "4365 0278 6723 2690", "bri", false, ATT, ACC },
	{ "5520 0254 8646 8439", "bri", false, ATT, ACC },
	{ "4055 7720 2603 6004", "maybank", false, FULL, ACC },
	{ "5520 0867 5210 2334", "maybank", false, FULL, ACC },
	{ "4055 7713 3514 4012", "maybank", false, ATT, ACC },
	{ "5520 0867 7490 8452", "maybank", false, ATT, ACC },
	/* Kartu Spesifik per Bank: Transaksi Gagal (less the three above) */
	{ "4617 0085 6083 1760", "mandiri", false, NONE, BANK },
	{ "5573 3840 4322 4447", "mandiri", false, NONE, BANK },
	{ "4097 6676 7217 8631", "mandiri", true, NONE, BANK },
	{ "4599 2060 0973 3090", "cimb", false, NONE, BANK },
	{ "5481 1691 9178 2739", "cimb", false, NONE, BANK },
	{ "4105 0541 4854 1363", "bni", false, NONE, BANK },
	{ "5264 2235 3013 1711", "bni", false, NONE, BANK },
	{ "1946 4102 7193 1269", "bni", false, NONE, BANK },
	{ "4773 7752 0201 1809", "bca", false, NONE, BANK },
	{ "5229 9034 0542 3830", "bca", false, NONE, BANK },
	{ "4365 0286 6251 2583", "bri", false, NONE, BANK },
};

/* The printed number without its spaces, into out (32 bytes). */
static void strip(const char *printed, char out[32])
{
	size_t n = 0;
	for (; *printed && n < 31; printed++)
		if (*printed != ' ')
			out[n++] = *printed;
	out[n] = '\0';
}

static bool same_bank(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

ParameterizedTestParameters(testcards, document_row)
{
	return ROWTEST_PARAMS(doc_rows);
}

ParameterizedTest(size_t *i, testcards, document_row)
{
	const struct doc_row *r = &doc_rows[*i];
	char digits[32];
	strip(r->printed, digits);
	cr_expect(ks_card_luhn_ok(digits), "%s", r->printed);
	const struct ks_testcard *c = ks_testcard_lookup(digits);
	cr_assert_not_null(c, "%s is not in the table", r->printed);
	cr_expect_str_eq(c->number, digits);
	cr_expect(same_bank(c->bank, r->bank), "%s bank", r->printed);
	cr_expect_eq(c->debit, r->debit, "%s debit", r->printed);
	cr_expect_eq(c->secure, r->secure, "%s 3DS", r->printed);
	cr_expect_eq(c->outcome, r->outcome, "%s outcome", r->printed);
	cr_expect_eq(c->brand, ks_card_brand(digits), "%s brand", r->printed);
	cr_expect_not_null(c->row);
	/* the BIN table agrees with the card's own issuer */
	cr_expect(same_bank(ks_testcard_issuer(digits), r->bank), "%s issuer", r->printed);
}

Test(testcards, table_is_the_document)
{
	size_t n = ks_testcard_count();
	cr_expect_eq(n, sizeof(doc_rows) / sizeof(doc_rows[0]));
	for (size_t i = 0; i < n; i++) {
		const struct ks_testcard *c = ks_testcard_at(i);
		cr_assert_not_null(c);
		cr_expect(ks_card_number_wellformed(c->number), "%s", c->number);
		bool found = false;
		for (size_t j = 0; j < sizeof(doc_rows) / sizeof(doc_rows[0]); j++) {
			char digits[32];
			strip(doc_rows[j].printed, digits);
			found |= strcmp(digits, c->number) == 0;
		}
		cr_expect(found, "%s is not in the original", c->number);
		for (size_t j = i + 1; j < n; j++)
			cr_expect_str_neq(ks_testcard_at(j)->number, c->number, "%s twice", c->number);
	}
	cr_expect_null(ks_testcard_at(n));
}

Test(testcards, lookup_misses)
{
	cr_expect_null(ks_testcard_lookup(NULL));
	cr_expect_null(ks_testcard_lookup(""));
	cr_expect_null(ks_testcard_lookup("4811 1111 1111 1114"));
	cr_expect_null(ks_testcard_lookup("481111111111111"));
	cr_expect_null(ks_testcard_lookup("48111111111111140"));
	cr_expect_null(ks_testcard_lookup("4000000000000002"));
}

Test(testcards, general_cards_have_no_issuer)
{
	for (size_t i = 0; i < ks_testcard_count(); i++) {
		const struct ks_testcard *c = ks_testcard_at(i);
		if (!c->bank)
			cr_expect_null(ks_testcard_issuer(c->number), "%s", c->number);
	}
}

struct issuer_row {
	const char *digits;
	const char *bank;
};

static const struct issuer_row issuer_rows[] = {
	{ "4617000000000000", "mandiri" },
	{ "5573380000000000", "mandiri" },
	{ "4097660000000000", "mandiri" }, /* Mandiri Debit */
	{ "4599200000000000", "cimb" },
	{ "5481162000000000", "cimb" },
	{ "5481161100000000", NULL }, /* 548116 is shared with a general card */
	{ "5481160000000000", NULL },
	{ "4105050000000000", "bni" },
	{ "5264220000000000", "bni" },
	{ "1946410000000000", "bni" }, /* BNI Private Label */
	{ "4773770000000000", "bca" },
	{ "5229900000000000", "bca" },
	{ "4365020000000000", "bri" },
	{ "5520020000000000", "bri" },
	{ "4055770000000000", "maybank" },
	{ "5520080000000000", "maybank" },
	{ "5520010000000000", NULL },
	{ "4617010000000000", NULL },
	{ "461700", "mandiri" },
	{ "46170", NULL },
	{ "", NULL },
	{ NULL, NULL },
};

ParameterizedTestParameters(testcards, issuer)
{
	return ROWTEST_PARAMS(issuer_rows);
}

ParameterizedTest(size_t *i, testcards, issuer)
{
	const struct issuer_row *r = &issuer_rows[*i];
	cr_expect(same_bank(ks_testcard_issuer(r->digits), r->bank), "row %zu", *i);
}

struct name_row {
	const char *name;
	bool bank;
};

static const struct name_row name_rows[] = {
	{ "bni", true },      { "bca", true },	    { "mandiri", true }, { "cimb", true },
	{ "bri", true },      { "maybank", true },  { "BNI", true },	 { "Maybank", true },
	{ "danamon", false }, { "mega", false },    { "offline", false }, { "bn", false },
	{ "bnii", false },    { "", false },	    { NULL, false },
};

ParameterizedTestParameters(testcards, bank_name)
{
	return ROWTEST_PARAMS(name_rows);
}

ParameterizedTest(size_t *i, testcards, bank_name)
{
	const struct name_row *r = &name_rows[*i];
	cr_expect_eq(ks_testcard_is_bank_name(r->name), r->bank, "row %zu", *i);
}

Test(testcards, name_eq)
{
	cr_expect(ks_testcard_name_eq("offline", "OFFLINE"));
	cr_expect(ks_testcard_name_eq("", ""));
	cr_expect_not(ks_testcard_name_eq("bni", "bnii"));
	cr_expect_not(ks_testcard_name_eq("bnii", "bni"));
	cr_expect_not(ks_testcard_name_eq(NULL, "bni"));
	cr_expect_not(ks_testcard_name_eq("bni", NULL));
	cr_expect_not(ks_testcard_name_eq(NULL, NULL));
}
