/* The request headers that choose how a file is sent: Accept-Encoding
 * (RFC 9110 §12.5.3) and If-None-Match (§13.1.2). Pure, unit-tested. */
#ifndef KS_HTTP_ENCODING_H
#define KS_HTTP_ENCODING_H

#define KS_ENC_GZIP 1u
#define KS_ENC_BR 2u

/* The codings of KS_ENC_* that an Accept-Encoding value takes (q above 0;
 * "*" stands for any not named). NULL or "" takes none. */
unsigned ks_http_accept_encoding(const char *header);
/* 1 when an If-None-Match value names etag (a quoted strong tag), weakly
 * compared as the RFC asks, or is "*"; else 0. */
int ks_http_etag_match(const char *if_none_match, const char *etag);

#endif
