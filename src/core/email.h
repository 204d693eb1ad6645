/* Email address checks (customer details, notification addresses). */
#ifndef KS_CORE_EMAIL_H
#define KS_CORE_EMAIL_H

#include <stdbool.h>

/* One '@', a non-empty local part, a domain of non-empty dot-separated
 * labels (at least two), no spaces or control characters, at most 255
 * bytes. */
bool ks_email_ok(const char *s);
/* A comma-separated list of such addresses (spaces around commas allowed),
 * at most 10 of them. */
bool ks_email_list_ok(const char *list);

#endif
