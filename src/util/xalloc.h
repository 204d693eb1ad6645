/* Allocation helpers that abort on out-of-memory (git's xmalloc): small
 * internal allocations are not an error path worth handling. */
#ifndef KS_UTIL_XALLOC_H
#define KS_UTIL_XALLOC_H

#include <stddef.h>

/* Each returns memory the caller owns and frees with free(). */
void *ks_xmalloc(size_t size);
void *ks_xcalloc(size_t n, size_t size);
void *ks_xrealloc(void *ptr, size_t size);
char *ks_xstrdup(const char *s);
char *ks_xstrndup(const char *s, size_t n);
/* printf into a new string; the caller frees it. */
char *ks_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
