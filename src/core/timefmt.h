/* Time formats of the Snap API: the expiry timestamp "yyyy-MM-dd HH:mm:ss Z"
 * and transaction_time in Asia/Jakarta. Pure arithmetic, no time zone files. */
#ifndef KS_CORE_TIMEFMT_H
#define KS_CORE_TIMEFMT_H

#include <stdint.h>

/* Days since 1970-01-01 for a proleptic Gregorian date (no range check). */
int64_t ks_days_from_civil(int64_t y, unsigned m, unsigned d);

/* Parses "yyyy-MM-dd HH:mm:ss +hhmm" (the offset may also be written
 * +hh:mm, or Z for UTC) into ms since the epoch, UTC. Rejects out-of-range
 * fields (month 13, 31 April, hour 24, offset over 14 h) and trailing text.
 * Returns 0, or -1 with *out_ms left 0. */
int ks_time_parse_expiry(const char *s, int64_t *out_ms);

/* Formats ms since the epoch as "yyyy-MM-dd HH:mm:ss" in Asia/Jakarta
 * (UTC+7, no daylight saving) into buf of at least 20 bytes; returns buf. */
char *ks_time_format_jakarta(int64_t ms, char *buf, unsigned long size);

#endif
