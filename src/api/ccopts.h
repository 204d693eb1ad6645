/* The credit_card options of an order, read back from its stored request
 * (validated when the token was created) into the acquirer's input form. */
#ifndef KS_API_CCOPTS_H
#define KS_API_CCOPTS_H

#include <jansson.h>

#include "core/acquirer.h"
#include "store/store.h"

#define KS_CCOPTS_BINS_MAX 64
#define KS_CCOPTS_TERMS_MAX 8
#define KS_CCOPTS_MONTHS_MAX 36

struct ks_ccopts {
	json_t *root; /* owns the strings the options point to */
	const char *bins[KS_CCOPTS_BINS_MAX];
	struct ks_acquirer_terms terms[KS_CCOPTS_TERMS_MAX];
	int months[KS_CCOPTS_TERMS_MAX][KS_CCOPTS_MONTHS_MAX];
	struct ks_acquirer_options opt;
};

/* Fills c from o's request; release with ks_ccopts_release. */
void ks_ccopts_load(struct ks_ccopts *c, const struct ks_order *o);
void ks_ccopts_release(struct ks_ccopts *c);

#endif
