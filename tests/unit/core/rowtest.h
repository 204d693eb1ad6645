/* Table-driven Criterion tests: BoxFort runs each test in a fresh process of
 * the (position-independent) test binary, so parameters must not point into
 * it. Tests take a row index instead and read their own static table. */
#ifndef KS_TEST_ROWTEST_H
#define KS_TEST_ROWTEST_H

#include <criterion/parameterized.h>
#include <stddef.h>

/* 0, 1, ..., n - 1 in memory Criterion shares with the test processes. */
size_t *rowtest_indexes(size_t n);
void rowtest_free(struct criterion_test_params *params);

/* The parameter list for a static table of rows. */
#define ROWTEST_PARAMS(rows) \
	cr_make_param_array(size_t, rowtest_indexes(sizeof(rows) / sizeof((rows)[0])), \
			    sizeof(rows) / sizeof((rows)[0]), rowtest_free)

#endif
