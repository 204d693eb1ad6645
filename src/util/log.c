/* This file contains the logger: timestamped lines on stderr. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/log.h"

int ks_log_threshold = KS_LOG_INFO;
int ks_log_json;

static const char *const level_names[] = { "debug", "info", "warn", "error" };

int ks_log_level_parse(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, level_names[i]) == 0)
			return i;
	return -1;
}

/* Writes s as a JSON string body (no quotes) into out of size bytes. */
static void json_escape(const char *s, char *out, size_t size)
{
	size_t o = 0;
	for (; *s && o + 7 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < 0x20) {
			o += (size_t)snprintf(out + o, size - o, "\\u%04x", c);
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

void ks_log_write(enum ks_log_level level, const char *reqid, const char *fmt, ...)
{
	char line[1024];
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	int n = snprintf(line, sizeof(line), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s %s ",
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			 tm.tm_sec, ts.tv_nsec / 1000000, level_names[level], reqid ? reqid : "-");
	va_list ap;
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof(line))
		vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	if (ks_log_json && n > 0 && (size_t)n < sizeof(line)) {
		char msg[2048];
		json_escape(line + n, msg, sizeof(msg));
		line[n - 1] = '\0'; /* the text prefix ends "time level id " */
		fprintf(stderr,
			"{\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ\",\"level\":\"%s\","
			"\"request_id\":\"%s\",\"msg\":\"%s\"}\n",
			tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			ts.tv_nsec / 1000000, level_names[level], reqid ? reqid : "", msg);
		return;
	}
	/* one fprintf per line keeps lines from different threads whole */
	fprintf(stderr, "%s\n", line);
}
