/* kasir: a self-hosted payment gateway that speaks the Midtrans Snap API.
 * This file only picks the subcommand. */
#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "serve", ks_cli_serve, "run the gateway (HTTP API, payment page, workers)" },
	{ "merchant", ks_cli_merchant, "create merchants: kasir merchant create --name NAME" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: kasir COMMAND [flags]   (kasir COMMAND --help for its flags)\n\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "kasir: libsodium failed to initialise\n");
		return 1;
	}
	json_object_seed(0); /* before any thread uses jansson */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "kasir: libcurl failed to initialise\n");
		return 1;
	}
	int rc = 2;
	size_t i;
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			break;
	if (i < sizeof(commands) / sizeof(commands[0])) {
		rc = commands[i].run(argc - 2, argv + 2);
		curl_global_cleanup();
		return rc;
	}
	curl_global_cleanup();
	fprintf(stderr, "kasir: unknown command '%s' (see kasir --help)\n", argv[1]);
	return rc;
}
