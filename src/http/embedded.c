/* This file contains the serving of the files compiled into the binary:
 * the smallest form the client takes, sent from the binary without a copy,
 * and revalidation by ETag. */
#include <stddef.h>

#include "http/encoding.h"
#include "http/http.h"
#include "util/embed.h"

void ks_http_serve_embedded(struct ks_http_req *req, const struct ks_embedded *f,
			    const char *content_type)
{
	if (f->etag) {
		ks_http_reply_header(req, "ETag", f->etag);
		if (ks_http_etag_match(ks_http_header(req, "If-None-Match"), f->etag)) {
			ks_http_reply_static(req, 304, NULL, NULL, 0);
			return;
		}
	}
	/* the answer differs by Accept-Encoding whenever a compressed form exists */
	if (f->gz || f->br)
		ks_http_reply_header(req, "Vary", "Accept-Encoding");
	unsigned take = ks_http_accept_encoding(ks_http_header(req, "Accept-Encoding"));
	if (f->br && (take & KS_ENC_BR)) {
		ks_http_reply_header(req, "Content-Encoding", "br");
		ks_http_reply_static(req, 200, content_type, f->br, f->br_len);
	} else if (f->gz && (take & KS_ENC_GZIP)) {
		ks_http_reply_header(req, "Content-Encoding", "gzip");
		ks_http_reply_static(req, 200, content_type, f->gz, f->gz_len);
	} else {
		ks_http_reply_static(req, 200, content_type, f->data, f->len);
	}
}
