/* This file contains the key file loader and the check that a key file
 * does not sit in a git work tree. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
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
	int rc = KS_KEYFILE_BAD;
	if (fstat(fd, &st) != 0) {
		snprintf(err, errsz, "cannot read key file %s: %s", path, strerror(errno));
		rc = -1;
	} else if ((size_t)st.st_size != len) {
		snprintf(err, errsz, "key file %s must hold exactly %zu bytes", path, len);
	} else if (st.st_mode & 077) {
		snprintf(err, errsz,
			 "key file %s has mode %04o: group or others can read it; "
			 "make it the owner's only: chmod 600 %s",
			 path, (unsigned)(st.st_mode & 07777), path);
	} else if (read(fd, key, len) != (ssize_t)len) {
		snprintf(err, errsz, "cannot read key file %s", path);
		rc = -1;
	} else {
		rc = 0;
	}
	if (rc)
		sodium_memzero(key, len);
	close(fd);
	return rc;
}

int ks_keyfile_in_git_tree(const char *path, char *top, size_t topsz)
{
	top[0] = '\0';
	char *real = realpath(path, NULL);
	if (!real)
		return 0;
	int found = 0;
	char probe[PATH_MAX + 8];
	char *slash = strrchr(real, '/');
	while (slash) {
		*slash = '\0'; /* real is now the directory above */
		struct stat st;
		snprintf(probe, sizeof(probe), "%s/.git", real);
		if (lstat(probe, &st) == 0) {
			snprintf(top, topsz, "%s", *real ? real : "/");
			found = 1;
			break;
		}
		slash = strrchr(real, '/');
	}
	free(real);
	return found;
}
