/* Helpers shared by the Snap request tests: bodies written with ' for " and
 * <N*S> for S repeated N times, so long fields stay readable in tables. */
#ifndef KS_TEST_SNAPTEST_H
#define KS_TEST_SNAPTEST_H

#include <jansson.h>
#include <stdbool.h>

#include "core/snap.h"

/* Expands <N*S> in a template, and ' into " when json is set; the caller
 * frees the result. */
char *snaptest_expand(const char *tmpl, bool json);
/* Parses a template (NUL escapes allowed); aborts the test on a JSON syntax
 * error. The caller json_decref()s the result. */
json_t *snaptest_parse(const char *tmpl);
/* Validates a template body into *req, messages into errs. */
int snaptest_validate(const char *tmpl, struct ks_snap_req *req, struct ks_errlist *errs);
/* Every message joined with " | ", for assertion output; the caller frees it. */
char *snaptest_join(const struct ks_errlist *errs);

#endif
