/* A list of validation messages: validation collects every failed rule so the
 * merchant can fix the request in one go. */
#ifndef KS_CORE_ERRLIST_H
#define KS_CORE_ERRLIST_H

#include <stddef.h>

struct ks_errlist {
	char **msgs; /* owned, each owned */
	size_t n;
	size_t cap;
};

#define KS_ERRLIST_INIT { NULL, 0, 0 }

/* Appends one printf-formatted message. */
void ks_errlist_add(struct ks_errlist *errs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Frees every message and resets the list to empty. */
void ks_errlist_release(struct ks_errlist *errs);

#endif
