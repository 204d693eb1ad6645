/* This file contains the HTML output encoding of html.h. */
#include <stdlib.h>
#include <string.h>

#include "core/html.h"
#include "util/xalloc.h"

static void append(struct ks_html *h, const char *s, size_t n)
{
	if (h->len + n + 1 > h->cap) {
		size_t cap = h->cap ? h->cap : 1024;
		while (h->len + n + 1 > cap)
			cap *= 2;
		h->buf = ks_xrealloc(h->buf, cap);
		h->cap = cap;
	}
	memcpy(h->buf + h->len, s, n);
	h->len += n;
	h->buf[h->len] = '\0';
}

void ks_html_raw(struct ks_html *h, const char *s)
{
	append(h, s, strlen(s));
}

void ks_html_text(struct ks_html *h, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': append(h, "&amp;", 5); break;
		case '<': append(h, "&lt;", 4); break;
		case '>': append(h, "&gt;", 4); break;
		case '"': append(h, "&quot;", 6); break;
		case '\'': append(h, "&#39;", 5); break;
		default: append(h, s, 1); break;
		}
	}
}

void ks_html_json(struct ks_html *h, const json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	for (const char *s = text; s && *s; s++) {
		switch (*s) {
		case '<': append(h, "\\u003c", 6); break;
		case '>': append(h, "\\u003e", 6); break;
		case '&': append(h, "\\u0026", 6); break;
		default: append(h, s, 1); break;
		}
	}
	free(text);
}

char *ks_html_take(struct ks_html *h, size_t *len)
{
	if (!h->buf)
		append(h, "", 0);
	char *out = h->buf;
	*len = h->len;
	memset(h, 0, sizeof(*h));
	return out;
}

void ks_html_release(struct ks_html *h)
{
	free(h->buf);
	memset(h, 0, sizeof(*h));
}
