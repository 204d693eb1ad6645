/* Leveled logging: one line per event, level checked before formatting.
 * Never pass a server key, a password, a card number or a CVV. */
#ifndef KS_UTIL_LOG_H
#define KS_UTIL_LOG_H

enum ks_log_level { KS_LOG_DEBUG, KS_LOG_INFO, KS_LOG_WARN, KS_LOG_ERROR };

extern int ks_log_threshold;
/* 1: one JSON object per line ({"time","level","request_id","msg"}). */
extern int ks_log_json;

/* Parses "debug", "info", "warn" or "error"; returns -1 on anything else. */
int ks_log_level_parse(const char *s);

void ks_log_write(enum ks_log_level level, const char *reqid, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* reqid may be NULL for events outside a request. */
#define ks_log(level, reqid, ...)                                  \
	do {                                                       \
		if ((int)(level) >= ks_log_threshold)              \
			ks_log_write((level), (reqid), __VA_ARGS__); \
	} while (0)

#endif
