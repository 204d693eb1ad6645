/* Files compiled into the binary by scripts/embed.sh (migrations, assets). */
#ifndef KS_UTIL_EMBED_H
#define KS_UTIL_EMBED_H

#include <stddef.h>

struct ks_embedded {
	const char *name; /* the file's base name */
	const char *data; /* NUL-terminated contents */
	size_t len;
	/* web assets only (embed.sh -z), else NULL: the gzip and brotli
	 * forms when smaller than data, and the quoted strong ETag */
	const char *gz;
	size_t gz_len;
	const char *br;
	size_t br_len;
	const char *etag;
};

#endif
