/* This file contains the key file loader. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/keyfile.h"

static int create_key(const char *path, unsigned char *key, size_t len, char *err, size_t errsz)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errsz, "cannot create key file %s: %s", path, strerror(errno));
		return -1;
	}
	randombytes_buf(key, len);
	int ok = write(fd, key, len) == (ssize_t)len && fsync(fd) == 0;
	close(fd);
	if (!ok) {
		unlink(path);
		snprintf(err, errsz, "cannot write key file %s", path);
		return -1;
	}
	return 0;
}

int ks_keyfile_load(const char *path, unsigned char *key, size_t len, char *err, size_t errsz)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return create_key(path, key, len, err, errsz);
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
