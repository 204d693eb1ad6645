/* This file contains the sandbox test-card table of the original document
 * (general cards without and with 3-D Secure, and the bank-specific cards)
 * and the BIN prefixes of the issuing banks derived from it. */
#include <string.h>

#include "core/testcards.h"

#define V KS_CARD_BRAND_VISA
#define M KS_CARD_BRAND_MASTERCARD
#define U KS_CARD_BRAND_UNKNOWN
#define NO KS_TESTCARD_3DS_NONE
#define FULL KS_TESTCARD_3DS_FULL
#define ATT KS_TESTCARD_3DS_ATTEMPTED
#define OK KS_TESTCARD_ACCEPT
#define CHAL KS_TESTCARD_CHALLENGE
#define FDS KS_TESTCARD_DENY_FDS
#define BANK KS_TESTCARD_DENY_BANK

/* In the order of the original. Where it lists a number both as success
 * and as failure (Maybank 4055 7796 2846 0474 and 5520 0883 1465 3770, BRI
 * 5520 0219 0920 3008) only the success row is kept (SPEC §7.1). The
 * original does not say who denies the bank-specific failures ("Transaksi
 * Gagal"): they are denied by the issuing bank. */
static const struct ks_testcard cards[] = {
	/* Kartu Umum, Transaksi Normal (merchant turns 3DS off) */
	{ "4011111111111112", V, NULL, false, NO, OK, "VISA accept" },
	{ "4111111111111111", V, NULL, false, NO, CHAL, "VISA challenge" },
	{ "4211111111111110", V, NULL, false, NO, FDS, "VISA deny by FDS" },
	{ "4311111111111119", V, NULL, false, NO, BANK, "VISA deny by bank" },
	{ "5481161111111081", M, NULL, false, NO, OK, "MASTERCARD accept" },
	{ "5110111111111119", M, NULL, false, NO, CHAL, "MASTERCARD challenge" },
	{ "5210111111111118", M, NULL, false, NO, FDS, "MASTERCARD deny by FDS" },
	{ "5310111111111117", M, NULL, false, NO, BANK, "MASTERCARD deny by bank" },
	/* Kartu Umum, Transaksi 3D Secure */
	{ "4811111111111114", V, NULL, false, FULL, OK, "VISA 3DS full accept" },
	{ "4911111111111113", V, NULL, false, FULL, BANK, "VISA 3DS full deny by bank" },
	{ "4411111111111118", V, NULL, false, ATT, OK, "VISA 3DS attempted accept" },
	{ "4511111111111117", V, NULL, false, ATT, CHAL, "VISA 3DS attempted challenge" },
	{ "4611111111111116", V, NULL, false, ATT, FDS, "VISA 3DS attempted deny by FDS" },
	{ "4711111111111115", V, NULL, false, ATT, BANK, "VISA 3DS attempted deny by bank" },
	{ "5211111111111117", M, NULL, false, FULL, OK, "MASTERCARD 3DS full accept" },
	{ "5111111111111118", M, NULL, false, FULL, BANK, "MASTERCARD 3DS full deny by bank" },
	{ "5410111111111116", M, NULL, false, ATT, OK, "MASTERCARD 3DS attempted accept" },
	{ "5510111111111115", M, NULL, false, ATT, CHAL, "MASTERCARD 3DS attempted challenge" },
	{ "5411111111111115", M, NULL, false, ATT, FDS, "MASTERCARD 3DS attempted deny by FDS" },
	{ "5511111111111114", M, NULL, false, ATT, BANK, "MASTERCARD 3DS attempted deny by bank" },
	/* Kartu Spesifik per Bank, Transaksi Berhasil */
	{ "4617003081778145", V, "mandiri", false, NO, OK, "Mandiri success" },
	{ "5573389913843648", M, "mandiri", false, NO, OK, "Mandiri success" },
	{ "4097665829708136", V, "mandiri", true, NO, OK, "Mandiri Debit success" },
	{ "4599204355169092", V, "cimb", false, NO, OK, "CIMB success" },
	{ "5481162038307406", M, "cimb", false, NO, OK, "CIMB success" },
	{ "4105056864750672", V, "bni", false, NO, OK, "BNI success" },
	{ "5264228239192765", M, "bni", false, NO, OK, "BNI success" },
	{ "1946415981487684", U, "bni", false, NO, OK, "BNI Private Label success" },
	{ "4773778102906680", V, "bca", false, NO, OK, "BCA success" },
	{ "5229902820764661", M, "bca", false, NO, OK, "BCA success" },
	{ "4365029993620368", V, "bri", false, NO, OK, "BRI success" },
	{ "5520021909203008", M, "bri", false, NO, OK, "BRI success" },
	{ "4055779628460474", V, "maybank", false, NO, OK, "Maybank success" },
	{ "5520088314653770", M, "maybank", false, NO, OK, "Maybank success" },
	/* Kartu Spesifik per Bank, Transaksi Berhasil dengan 3D Secure */
	{ "4617006959746656", V, "mandiri", false, FULL, OK, "Mandiri 3DS full success" },
	{ "5573381072196900", M, "mandiri", false, FULL, OK, "Mandiri 3DS full success" },
	{ "4617001741942101", V, "mandiri", false, ATT, OK, "Mandiri 3DS attempted success" },
	{ "5573381999825417", M, "mandiri", false, ATT, OK, "Mandiri 3DS attempted success" },
	{ "4599207887122414", V, "cimb", false, FULL, OK, "CIMB 3DS full success" },
	{ "5481169818832479", M, "cimb", false, FULL, OK, "CIMB 3DS full success" },
	{ "4599203997052898", V, "cimb", false, ATT, OK, "CIMB 3DS attempted success" },
	{ "5481167121032563", M, "cimb", false, ATT, OK, "CIMB 3DS attempted success" },
	{ "4105058689481467", V, "bni", false, FULL, OK, "BNI 3DS full success" },
	{ "5264221038874659", M, "bni", false, FULL, OK, "BNI 3DS full success" },
	{ "4105052541512148", V, "bni", false, ATT, OK, "BNI 3DS attempted success" },
	{ "5264224971761016", M, "bni", false, ATT, OK, "BNI 3DS attempted success" },
	{ "4773776057051650", V, "bca", false, FULL, OK, "BCA 3DS full success" },
	{ "5229903136853172", M, "bca", false, FULL, OK, "BCA 3DS full success" },
	{ "4773773810981190", V, "bca", false, ATT, OK, "BCA 3DS attempted success" },
	{ "5229907364303610", M, "bca", false, ATT, OK, "BCA 3DS attempted success" },
	{ "4365026335737199", V, "bri", false, FULL, OK, "BRI 3DS full success" },
	{ "5520029870899100", M, "bri", false, FULL, OK, "BRI 3DS full success" },
	{ "4365027867232690", V, "bri", false, ATT, OK, "BRI 3DS attempted success" },
	{ "5520025486468439", M, "bri", false, ATT, OK, "BRI 3DS attempted success" },
	{ "4055772026036004", V, "maybank", false, FULL, OK, "Maybank 3DS full success" },
	{ "5520086752102334", M, "maybank", false, FULL, OK, "Maybank 3DS full success" },
	{ "4055771335144012", V, "maybank", false, ATT, OK, "Maybank 3DS attempted success" },
	{ "5520086774908452", M, "maybank", false, ATT, OK, "Maybank 3DS attempted success" },
	/* Kartu Spesifik per Bank, Transaksi Gagal */
	{ "4617008560831760", V, "mandiri", false, NO, BANK, "Mandiri failure" },
	{ "5573384043224447", M, "mandiri", false, NO, BANK, "Mandiri failure" },
	{ "4097667672178631", V, "mandiri", true, NO, BANK, "Mandiri Debit failure" },
	{ "4599206009733090", V, "cimb", false, NO, BANK, "CIMB failure" },
	{ "5481169191782739", M, "cimb", false, NO, BANK, "CIMB failure" },
	{ "4105054148541363", V, "bni", false, NO, BANK, "BNI failure" },
	{ "5264223530131711", M, "bni", false, NO, BANK, "BNI failure" },
	{ "1946410271931269", U, "bni", false, NO, BANK, "BNI Private Label failure" },
	{ "4773775202011809", V, "bca", false, NO, BANK, "BCA failure" },
	{ "5229903405423830", M, "bca", false, NO, BANK, "BCA failure" },
	{ "4365028662512583", V, "bri", false, NO, BANK, "BRI failure" },
};

/* BIN prefixes of the issuing banks (see ks_testcard_issuer). */
static const struct {
	const char *prefix;
	const char *bank;
} bins[] = {
	{ "461700", "mandiri" },   { "557338", "mandiri" },   { "409766", "mandiri" }, /* debit */
	{ "459920", "cimb" },      { "54811620", "cimb" },    { "54811698", "cimb" },
	{ "54811671", "cimb" },    { "54811691", "cimb" },    { "410505", "bni" },
	{ "526422", "bni" },       { "194641", "bni" }, /* BNI Private Label */
	{ "477377", "bca" },       { "522990", "bca" },       { "436502", "bri" },
	{ "552002", "bri" },       { "405577", "maybank" },   { "552008", "maybank" },
};

static const char *const bank_names[] = { "bni", "bca", "mandiri", "cimb", "bri", "maybank" };

const struct ks_testcard *ks_testcard_lookup(const char *digits)
{
	if (!digits)
		return NULL;
	for (size_t i = 0; i < sizeof(cards) / sizeof(cards[0]); i++)
		if (strcmp(cards[i].number, digits) == 0)
			return &cards[i];
	return NULL;
}

size_t ks_testcard_count(void)
{
	return sizeof(cards) / sizeof(cards[0]);
}

const struct ks_testcard *ks_testcard_at(size_t i)
{
	return i < ks_testcard_count() ? &cards[i] : NULL;
}

const char *ks_testcard_issuer(const char *digits)
{
	if (!digits)
		return NULL;
	for (size_t i = 0; i < sizeof(bins) / sizeof(bins[0]); i++)
		if (strncmp(digits, bins[i].prefix, strlen(bins[i].prefix)) == 0)
			return bins[i].bank;
	return NULL;
}

bool ks_testcard_name_eq(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	for (; *a && *b; a++, b++) {
		char ca = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		char cb = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
		if (ca != cb)
			return false;
	}
	return *a == *b;
}

bool ks_testcard_is_bank_name(const char *name)
{
	for (size_t i = 0; i < sizeof(bank_names) / sizeof(bank_names[0]); i++)
		if (ks_testcard_name_eq(name, bank_names[i]))
			return true;
	return false;
}
