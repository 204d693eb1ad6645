/* The payment channels of SPEC §4.1, their names and aliases. */
#ifndef KS_CORE_PAYMETHOD_H
#define KS_CORE_PAYMETHOD_H

#include <stdint.h>

/* X(enum suffix, wire name), in the order of SPEC §4.1. */
#define KS_PAYMETHOD_MAP(X)                       \
	X(CREDIT_CARD, "credit_card")             \
	X(MANDIRI_CLICKPAY, "mandiri_clickpay")   \
	X(CIMB_CLICKS, "cimb_clicks")             \
	X(BCA_KLIKBCA, "bca_klikbca")             \
	X(BCA_KLIKPAY, "bca_klikpay")             \
	X(BRI_EPAY, "bri_epay")                   \
	X(TELKOMSEL_CASH, "telkomsel_cash")       \
	X(ECHANNEL, "echannel")                   \
	X(INDOSAT_DOMPETKU, "indosat_dompetku")   \
	X(MANDIRI_ECASH, "mandiri_ecash")         \
	X(PERMATA_VA, "permata_va")               \
	X(BCA_VA, "bca_va")                       \
	X(BNI_VA, "bni_va")                       \
	X(OTHER_VA, "other_va")                   \
	X(KIOSON, "kioson")                       \
	X(INDOMARET, "indomaret")                 \
	X(GCI, "gci")                             \
	X(DANAMON_ONLINE, "danamon_online")

enum ks_paymethod {
#define KS_PM_ENUM(id, name) KS_PM_##id,
	KS_PAYMETHOD_MAP(KS_PM_ENUM)
#undef KS_PM_ENUM
	KS_PM__COUNT
};

/* A set of methods as a bit mask: bit (1u << KS_PM_x). */
typedef uint32_t ks_paymethod_set;
#define KS_PM_BIT(m) ((ks_paymethod_set)1u << (m))
#define KS_PM_ALL (KS_PM_BIT(KS_PM__COUNT) - 1u)

/* Wire name of a method; NULL when out of range. */
const char *ks_paymethod_name(enum ks_paymethod m);
/* The set a name or alias stands for (bank_transfer, cstore); 0 if unknown. */
ks_paymethod_set ks_paymethod_lookup(const char *name);
/* Writes the comma-separated names of a set in §4.1 order into buf (at
 * least 256 bytes); returns buf. */
char *ks_paymethod_set_format(ks_paymethod_set set, char *buf, unsigned long size);
/* Parses what ks_paymethod_set_format wrote; unknown names are skipped. */
ks_paymethod_set ks_paymethod_set_parse(const char *list);

#endif
