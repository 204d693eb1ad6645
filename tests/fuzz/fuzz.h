/* Shared declarations of kasir's libFuzzer targets (tests/fuzz/fuzz_*.c) and
 * of replay.c, the driver that runs them over their corpora without
 * libFuzzer. Each target checks cheap invariants of its parser with
 * FUZZ_CHECK and releases everything it allocates. */
#ifndef KS_TESTS_FUZZ_H
#define KS_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* The libFuzzer entry point: one input, data[0..size) (not NUL-terminated). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant broke: say which, then abort, so that libFuzzer saves the
 * input and the replay fails. Outside input never reaches assert(). */
#define FUZZ_CHECK(cond)                                                                   \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                    \
			abort();                                                           \
		}                                                                          \
	} while (0)

/* The input as a C string, cut at its first NUL, as a header or a query
 * value reaches kasir. The caller frees it. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	const void *nul = memchr(data, '\0', size);
	return ks_xstrndup((const char *)data, nul ? (size_t)((const uint8_t *)nul - data) : size);
}

/* Splits a copy of the input at each byte of seps into at most max fields
 * (the last one keeps any further separators); fields[] point into *buf,
 * which the caller frees. Returns the number of fields (at least 1). */
static inline size_t fuzz_split(const uint8_t *data, size_t size, const char *seps, char **buf,
				char **fields, size_t max)
{
	char *b = ks_xmalloc(size + 1);
	size_t n = 1;
	memcpy(b, data, size);
	b[size] = '\0';
	fields[0] = b;
	for (size_t i = 0; i < size && n < max; i++) {
		if (b[i] && strchr(seps, b[i])) {
			b[i] = '\0';
			fields[n++] = b + i + 1;
		}
	}
	*buf = b;
	return n;
}

/* True when s[0..len) is valid UTF-8 (no overlongs, surrogates or code
 * points past U+10FFFF). */
static inline int fuzz_utf8_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned c = p[i], need, min, cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 1, min = 0x80, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2, min = 0x800, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3, min = 0x10000, cp = c & 0x07;
		else
			return 0;
		if (len - i <= need)
			return 0;
		for (unsigned k = 1; k <= need; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += need + 1;
	}
	return 1;
}

/* True when s holds a byte below 0x20 or 0x7f. */
static inline int fuzz_has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

#endif
