/* This file contains the route table: every URL kasir serves. */
#include <stddef.h>

#include "api/app.h"
#include "api/handlers.h"

const struct ks_route ks_api_routes[] = {
	{ "GET", "/healthz", ks_api_healthz },
	{ "POST", "/snap/v1/transactions", ks_api_snap_create },
	{ NULL, NULL, NULL },
};
