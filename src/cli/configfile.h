/*
 * configfile: asyncdoc.yaml, what a repository would otherwise repeat in
 * every command (specs, output, theme and parameters, site URL, formats,
 * fail-on, outside refs). The command line wins over it.
 *
 * The file is read by the spec loader (YAML or JSON, with positions and
 * limits) and checked like a spec: an unknown key is an error with a "did
 * you mean" hint, a value of the wrong type an error at its file:line:col.
 * Relative paths in it are relative to the file's folder.
 *
 * Ownership: a struct config owns its strings; a struct cli it was
 * applied to borrows them, so free the config after the command ran.
 * Threads: the main thread.
 */
#ifndef ASYNCDOC_CONFIGFILE_H
#define ASYNCDOC_CONFIGFILE_H

#include <stddef.h>

#include "cli/options.h"
#include "util/diag.h"

/* Read from the current folder when no --config is given. */
#define CONFIG_FILE "asyncdoc.yaml"

struct config;

/*
 * Loads and checks path. Returns 0 with *out, or -1 with *out NULL and
 * the reasons in diags: the loader's, config-unknown-key, config-type,
 * config-value, out-of-memory.
 */
int config_load(struct config **out, const char *path,
                struct diag_list *diags);
void config_free(struct config *cfg);

/* The specs it lists (files or folders), *n of them; borrowed. */
char *const *config_specs(const struct config *cfg, size_t *n);

/*
 * The config of a command: cli->config when --config was given (it must
 * exist), else ./asyncdoc.yaml when it exists. Its settings go into cli
 * where the command's arguments (argv, argc) left them unset. Prints the
 * diagnostics. Returns -1 to go on (*out NULL when there is no config),
 * else the exit code (EXIT_USAGE: an invalid or unreadable config).
 */
int config_use(struct config **out, struct cli *cli, int argc, char **argv);

#endif
