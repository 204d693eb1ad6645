/* This file contains the corpus replay driver: linked with one fuzz target
 * instead of libFuzzer, it runs LLVMFuzzerTestOneInput once over every file
 * of the folders (or files) named on the command line, so that `make test`
 * replays each checked-in corpus with gcc under the sanitizer build. A crash
 * or a broken invariant aborts the process; the exit status is then
 * non-zero. Usage: replay [-v] DIR|FILE...  (-v names each input on stderr
 * before running it, so a crash log shows which one it was). */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Inputs larger than this are not fuzz inputs (libFuzzer's -max_len are
 * all far below it): refuse them rather than run them. */
#define REPLAY_MAX_INPUT (1024 * 1024)

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads a whole file into an allocation of exactly its size, so the
 * sanitizers see any read past the end. Returns 0, or -1 after a message. */
static int read_input(const char *path, uint8_t **out, size_t *len)
{
	int rc = -1;
	uint8_t *buf = NULL;
	size_t n = 0;
	FILE *f = fopen(path, "rb");
	*out = NULL;
	*len = 0;
	if (!f) {
		fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
		goto out;
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || st.st_size > REPLAY_MAX_INPUT) {
		fprintf(stderr, "replay: %s is not a fuzz input (over %d bytes)\n", path,
			REPLAY_MAX_INPUT);
		goto out;
	}
	n = (size_t)st.st_size;
	buf = ks_xmalloc(n ? n : 1);
	if (n && fread(buf, 1, n, f) != n) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		goto out;
	}
	*out = buf;
	*len = n;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	if (f)
		fclose(f);
	return rc;
}

/* Runs one input; returns false when it could not be read. */
static bool run_file(const char *path, bool verbose)
{
	uint8_t *data;
	size_t len;
	if (read_input(path, &data, &len) != 0)
		return false;
	if (verbose)
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	/* libFuzzer hands over a buffer of exactly len bytes: so do we
	 * (malloc(0) may return NULL, hence the copy for an empty file) */
	uint8_t *exact = ks_xmalloc(len ? len : 1);
	memcpy(exact, data, len);
	LLVMFuzzerTestOneInput(len ? exact : (const uint8_t *)"", len);
	free(exact);
	free(data);
	return true;
}

/* Runs every regular file in dir, in name order (hidden files skipped).
 * Adds to *passed and *failed. */
static void run_dir(const char *dir, bool verbose, int *passed, int *failed)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	if (!d) {
		fprintf(stderr, "replay: cannot open %s: %s\n", dir, strerror(errno));
		(*failed)++;
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = ks_xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = ks_xasprintf("%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(names[i], verbose))
				(*passed)++;
			else
				(*failed)++;
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	bool verbose = false;
	int passed = 0, failed = 0, first = 1;
	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = true;
		first = 2;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: %s [-v] DIR|FILE...\n", name);
		return 2;
	}
	/* libFuzzer always tries the empty input first: so do we */
	LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
	for (int i = first; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			run_dir(argv[i], verbose, &passed, &failed);
		else if (run_file(argv[i], verbose))
			passed++;
		else
			failed++;
	}
	/* a corpus that ran nothing proves nothing */
	if (passed == 0 && failed == 0) {
		fprintf(stderr, "%s: no input found\n", name);
		failed = 1;
	}
	printf("%s: %d passed, %d failed\n", name, passed, failed);
	return failed ? 1 : 0;
}
