/* Matching a request against the route table. */
#ifndef KS_HTTP_ROUTE_H
#define KS_HTTP_ROUTE_H

#include "http/http.h"

/* Finds the route for method and path (path without the query). On a match
 * fills params[0..] with the percent-decoded "{}" captures (the caller frees
 * each) and returns the route. Returns NULL otherwise, setting
 * *method_mismatch when the path matched under another method. HEAD
 * matches GET routes. */
const struct ks_route *ks_route_match(const struct ks_route *routes, const char *method,
				      const char *path, char *params[KS_HTTP_MAX_PARAMS],
				      int *method_mismatch);

#endif
