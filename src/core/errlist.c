/* This file contains the growable list of validation messages of errlist.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/errlist.h"
#include "util/xalloc.h"

void ks_errlist_add(struct ks_errlist *errs, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0; /* an encoding error: keep an empty message rather than none */
	char *msg = ks_xmalloc((size_t)n + 1);
	msg[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);

	if (errs->n == errs->cap) {
		errs->cap = errs->cap ? errs->cap * 2 : 8;
		errs->msgs = ks_xrealloc(errs->msgs, errs->cap * sizeof(*errs->msgs));
	}
	errs->msgs[errs->n++] = msg;
}

void ks_errlist_release(struct ks_errlist *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		free(errs->msgs[i]);
	free(errs->msgs);
	errs->msgs = NULL;
	errs->n = 0;
	errs->cap = 0;
}
