/* The secret key file: created on first start with mode 0600, read after. */
#ifndef KS_UTIL_KEYFILE_H
#define KS_UTIL_KEYFILE_H

#include <stddef.h>

/* Reads exactly len bytes from path, or creates the file with len fresh
 * random bytes (mode 0600, fsync'd) when it does not exist. Refuses a file
 * of another size or readable by others. Returns 0, or -1 with err set. */
int ks_keyfile_load(const char *path, unsigned char *key, size_t len, char *err, size_t errsz);

#endif
