/* This file contains the text of email notifications. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "notify/mail.h"
#include "util/xalloc.h"

static const char *field(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "-";
}

/* A header value must not carry a line break (header injection). */
static void one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\r' || *s == '\n')
			*s = ' ';
}

char *ks_notify_mail_text(const char *from, const char *to, const char *json, int64_t now_ms,
			  size_t *len)
{
	json_t *o = json_loads(json, 0, NULL);
	char date[32], id[33];
	unsigned char rnd[16];
	ks_time_format_jakarta(now_ms, date, sizeof(date));
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(id, sizeof(id), rnd, sizeof(rnd));
	char *subject = ks_xasprintf("Payment %s: %s", field(o, "order_id"),
				     field(o, "transaction_status"));
	one_line(subject);
	char *msg = ks_xasprintf(
		"From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s@kasir>\r\n"
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
		"The status of a payment changed.\r\n\r\n"
		"Order ID:           %s\r\nTransaction ID:     %s\r\nAmount:             IDR %s\r\n"
		"Payment method:     %s\r\nTransaction status: %s\r\nFraud status:       %s\r\n"
		"Status code:        %s\r\nTransaction time:   %s (Asia/Jakarta)\r\n"
		"Sent at:            %s (Asia/Jakarta)\r\n",
		from, to, subject, id, field(o, "order_id"), field(o, "transaction_id"),
		field(o, "gross_amount"), field(o, "payment_type"), field(o, "transaction_status"),
		field(o, "fraud_status"), field(o, "status_code"), field(o, "transaction_time"), date);
	free(subject);
	json_decref(o);
	*len = strlen(msg);
	return msg;
}

struct curl_slist *ks_notify_mail_rcpts(const char *to)
{
	struct curl_slist *list = NULL;
	const char *p = to;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t n = strcspn(p, ",");
		size_t t = n;
		while (t && p[t - 1] == ' ')
			t--;
		if (t) {
			char *one = ks_xasprintf("<%.*s>", (int)t, p);
			list = curl_slist_append(list, one);
			free(one);
		}
		p += n;
	}
	return list;
}
