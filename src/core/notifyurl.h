/* URL rules of the Snap API: callback URLs and the X-Override-Notification /
 * X-Append-Notification headers (SPEC §2.2). */
#ifndef KS_CORE_NOTIFYURL_H
#define KS_CORE_NOTIFYURL_H

#include <stdbool.h>
#include <stddef.h>

#define KS_NOTIFY_URLS_MAX 3
#define KS_URL_MAX 255

/* True when s starts with http:// or https:// (any case), has a non-empty
 * host, is at most KS_URL_MAX bytes and holds no space or control byte. */
bool ks_url_is_http(const char *s);

/* Checks a notification header: 1 to 3 comma-separated http(s) URLs
 * (spaces around commas allowed). Returns 0, or -1 when it breaks a rule. */
int ks_notify_urls_check(const char *header);

#endif
