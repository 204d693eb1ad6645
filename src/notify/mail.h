/* Email notifications (SPEC §6.2): the plain-text message of a status
 * change and its recipients. */
#ifndef KS_NOTIFY_MAIL_H
#define KS_NOTIFY_MAIL_H

#include <curl/curl.h>
#include <stddef.h>
#include <stdint.h>

/* The whole message (headers and text, CRLF line ends) announcing the
 * notification body json (the status API body) from from to the
 * comma-separated addresses to. The caller frees it; its length in *len. */
char *ks_notify_mail_text(const char *from, const char *to, const char *json, int64_t now_ms,
			  size_t *len);
/* The recipients of a comma-separated list; the caller frees the list
 * with curl_slist_free_all. */
struct curl_slist *ks_notify_mail_rcpts(const char *to);

#endif
