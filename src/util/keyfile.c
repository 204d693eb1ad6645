/* This file contains the key file loader. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/keyfile.h"

/* Writes a new random key to path atomically: a complete temporary file is
 * linked into place, so of several processes creating it at once (nodes
 * starting together) one wins and the others read the winner's key.
 * Returns 0, 1 when path appeared meanwhile, or -1 with err set. */
static int create_key(const char *path, unsigned char *key, size_t len, char *err, size_t errsz)
{
	char tmp[4096];
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= sizeof(tmp)) {
		snprintf(err, errsz, "key file path is too long");
		return -1;
	}
	int fd = mkostemp(tmp, O_CLOEXEC); /* mode 0600 */
	if (fd < 0) {
		snprintf(err, errsz, "cannot create key file %s: %s", path, strerror(errno));
		return -1;
	}
	randombytes_buf(key, len);
	int ok = write(fd, key, len) == (ssize_t)len && fsync(fd) == 0;
	close(fd);
	int linked = ok ? link(tmp, path) : -1;
	int e = errno;
	unlink(tmp);
	if (linked == 0)
		return 0;
	sodium_memzero(key, len);
	if (ok && e == EEXIST)
		return 1;
	snprintf(err, errsz, "cannot write key file %s: %s", path, strerror(e));
	return -1;
}

int ks_keyfile_load(const char *path, unsigned char *key, size_t len, char *err, size_t errsz)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		int c = create_key(path, key, len, err, errsz);
		if (c <= 0)
			return c;
		fd = open(path, O_RDONLY | O_CLOEXEC); /* another process made it */
	}
	if (fd < 0) {
		snprintf(err, errsz, "cannot open key file %s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	int rc = -1;
	if (fstat(fd, &st) != 0 || (size_t)st.st_size != len)
		snprintf(err, errsz, "key file %s must hold exactly %zu bytes", path, len);
	else if (st.st_mode & 077)
		snprintf(err, errsz, "key file %s must not be readable by others (chmod 600)", path);
	else if (read(fd, key, len) != (ssize_t)len)
		snprintf(err, errsz, "cannot read key file %s", path);
	else
		rc = 0;
	close(fd);
	return rc;
}
