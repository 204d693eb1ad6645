/* Server-rendered HTML (the simulator pages): a growing buffer where every
 * value from a merchant, a customer or a request goes in through
 * ks_html_text (escaped), and only kasir's own markup through
 * ks_html_raw. Pure. */
#ifndef KS_CORE_HTML_H
#define KS_CORE_HTML_H

#include <jansson.h>
#include <stddef.h>

struct ks_html {
	char *buf; /* owned, NUL-terminated */
	size_t len;
	size_t cap;
};

#define KS_HTML_INIT { NULL, 0, 0 }

/* Appends markup as it is (kasir's own literals only). */
void ks_html_raw(struct ks_html *h, const char *s);
/* Appends s with & < > " ' escaped: safe in text and quoted attributes.
 * NULL appends nothing. */
void ks_html_text(struct ks_html *h, const char *s);
/* Appends v as JSON safe inside <script type="application/json">: '<',
 * '>' and '&' written as \u003c, \u003e, \u0026 so no "</script>" can
 * appear. */
void ks_html_json(struct ks_html *h, const json_t *v);
/* Hands the text over (the caller frees it); *len its length. h is left
 * empty. */
char *ks_html_take(struct ks_html *h, size_t *len);
/* Frees what h holds. */
void ks_html_release(struct ks_html *h);

#endif
