/* The secret key file: created on first start with mode 0600, read after. */
#ifndef KS_UTIL_KEYFILE_H
#define KS_UTIL_KEYFILE_H

#include <stddef.h>

/* ks_keyfile_load's answer for a file that is there but wrong (its size,
 * or group or others may read it): the operator's to fix, a configuration
 * error. */
#define KS_KEYFILE_BAD (-2)

/* Reads exactly len bytes from path, or creates the file with len fresh
 * random bytes (mode 0600, fsync'd) when it does not exist. Returns 0;
 * KS_KEYFILE_BAD with err set for a file of another size or one that
 * group or others can read (mode & 077: the message names the file, its
 * mode and `chmod 600 PATH`); -1 with err set when it cannot be read or
 * made. */
int ks_keyfile_load(const char *path, unsigned char *key, size_t len, char *err, size_t errsz);

/* Whether path (an existing file) sits inside a git work tree: walks up
 * from the directory of its real path looking for a `.git` entry (a
 * directory, or a file in a linked work tree). 1 with the work tree's
 * directory in top, else 0 (top ""). */
int ks_keyfile_in_git_tree(const char *path, char *top, size_t topsz);

#endif
