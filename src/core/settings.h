/* The rules of the portal's fields (SPEC §9): each check returns NULL when
 * the value is fine, else the message shown next to the field (static
 * storage). Pure; unit-tested in tests/unit/core/settings.c. */
#ifndef KS_CORE_SETTINGS_H
#define KS_CORE_SETTINGS_H

#include <stdbool.h>

#define KS_PASSWORD_MIN 12
#define KS_PASSWORD_MAX 1024

/* Merchant name: 1 to 100 characters of letters, digits, spaces and
 * . , - ' (no other symbols). */
const char *ks_check_merchant_name(const char *v);
/* Merchant URL or a redirect URL: an http:// or https:// URL; "" allowed
 * when optional. */
const char *ks_check_site_url(const char *v, bool optional);
/* Payment Notification URL ("" = none). In production it must be https
 * and must not name a local or private address. */
const char *ks_check_notification_url(const char *v, bool production);
/* Email Notification: comma-separated addresses, each valid ("" = none). */
const char *ks_check_email_list(const char *v);
/* A log-in email. */
const char *ks_check_login_email(const char *v);
/* A password: KS_PASSWORD_MIN to KS_PASSWORD_MAX bytes. */
const char *ks_check_password(const char *v);
/* Default language of the payment page: "id" or "en". */
const char *ks_check_language(const char *v);

/* True when host (a name or an IP literal, IPv6 with or without brackets)
 * is local or private: localhost and *.localhost, names without a dot,
 * *.local, *.internal, and addresses in 0/8, 10/8, 100.64/10, 127/8,
 * 169.254/16, 172.16/12, 192.168/16, ::, ::1, fc00::/7, fe80::/10 and
 * IPv4-mapped forms of those. */
bool ks_host_is_private(const char *host);

#endif
