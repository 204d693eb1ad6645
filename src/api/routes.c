/* This file contains the route table: every URL kasir serves. */
#include <stddef.h>

#include "api/app.h"
#include "api/handlers.h"

const struct ks_route ks_api_routes[] = {
	{ "GET", "/healthz", ks_api_healthz },
	{ "GET", "/metrics", ks_api_metrics },
	{ "POST", "/snap/v1/transactions", ks_api_snap_create },
	{ "GET", "/v2/{}/status", ks_api_status },
	{ "GET", "/v2/{}/status/b2b", ks_api_status },
	{ "POST", "/v2/capture", ks_api_capture },
	{ "POST", "/v2/{}/approve", ks_api_action },
	{ "POST", "/v2/{}/deny", ks_api_action },
	{ "POST", "/v2/{}/cancel", ks_api_action },
	{ "POST", "/v2/{}/expire", ks_api_action },
	{ "POST", "/v2/{}/refund", ks_api_refund },
	{ "POST", "/v2/{}/refund/online/direct", ks_api_refund },
	{ "GET", "/snap/v1/transactions/{}", ks_api_pay_info },
	{ "POST", "/snap/v1/transactions/{}/pay", ks_api_pay_charge },
	{ "GET", "/snap/v1/transactions/{}/status", ks_api_pay_status },
	{ "GET", "/v2/token", ks_api_card_token },
	{ "GET", "/snap/v1/3ds/{}", ks_api_3ds_page },
	{ "GET", "/snap/v1/3ds/{}/info", ks_api_3ds_info },
	{ "POST", "/snap/v1/3ds/{}", ks_api_3ds_submit },
	{ "GET", "/snap/snap.js", ks_api_snap_js },
	{ "GET", "/snap/v4/popup", ks_api_pay_page },
	{ "GET", "/snap/v2/vtweb/{}", ks_api_pay_page },
	{ "GET", "/snap/assets/{}", ks_api_asset },
	{ "GET", "/demo", ks_api_demo_page },
	{ "POST", "/demo/checkout", ks_api_demo_checkout },
	{ "POST", "/sandbox/v1/clock", ks_api_sandbox_clock },
	{ "GET", "/sandbox/v1/faults", ks_api_sandbox_faults },
	{ "POST", "/sandbox/v1/faults", ks_api_sandbox_faults },
	{ "GET", "/sim", ks_api_sim_index },
	{ "GET", "/sim/", ks_api_sim_index },
	{ "GET", "/sim/{}", ks_api_sim_form },
	{ "POST", "/sim/{}/inquiry", ks_api_sim_inquiry },
	{ "POST", "/sim/{}/pay", ks_api_sim_pay },
	{ "GET", "/sim/{}/{}", ks_api_sim_bank_page },
	{ "POST", "/sim/{}/{}", ks_api_sim_bank_submit },
	{ NULL, NULL, NULL },
};
