/* The subcommands of the kasir binary, one file each. Each takes the
 * arguments after its name and returns the process exit code: 0 done, 1
 * failed, 2 bad flags or values. */
#ifndef KS_CLI_CLI_H
#define KS_CLI_CLI_H

#define KS_DEFAULT_DB "sqlite:kasir-data/kasir.db"

int ks_cli_serve(int argc, char **argv);
int ks_cli_merchant(int argc, char **argv);

#endif
