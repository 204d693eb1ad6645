/* Files compiled into the binary by scripts/embed.sh (migrations, assets). */
#ifndef KS_UTIL_EMBED_H
#define KS_UTIL_EMBED_H

#include <stddef.h>

struct ks_embedded {
	const char *name; /* the file's base name */
	const char *data; /* NUL-terminated contents */
	size_t len;
};

#endif
