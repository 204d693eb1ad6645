/* The notifications a status change sends (SPEC §6.2): built when the
 * change is made and written with it to the outbox, in one transaction. */
#ifndef KS_TXN_NOTICE_H
#define KS_TXN_NOTICE_H

#include "store/store.h"

#define KS_NOTICE_MAX 8

struct ks_notices {
	struct ks_outbox_new rows[KS_NOTICE_MAX];
	size_t n;
	char *body;                    /* owned: the signed JSON body */
	char *targets[KS_NOTICE_MAX];  /* owned */
};

/* Fills n with one HTTP row per notification URL of payment p of order o:
 * the transaction's X-Override-Notification URLs, or else the merchant's
 * Payment Notification URL followed by its X-Append-Notification ones. No
 * URL, no row. Release with ks_notices_release. */
void ks_notices_build(struct ks_notices *n, const struct ks_order *o, const struct ks_payment *p);
/* With email on (kasir serve --smtp-url), ks_notices_build also adds one
 * email row for the merchant's notification addresses, if it has any. Set
 * once at start, before any request. */
void ks_notices_enable_email(int on);
void ks_notices_release(struct ks_notices *n);

#endif
