/*
 * printer: diagnostics to stdout and stderr (see printer.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/rules.h"
#include "cli/printer.h"

int
printer_color(void)
{
	const char *no_color = getenv("NO_COLOR");

	return isatty(STDERR_FILENO) && (no_color == NULL || *no_color == '\0');
}

int
printer_init(struct printer *pr, enum diag_format format,
             enum diag_severity show)
{
	pr->format = format;
	pr->failed = 0;
	pr->show = show;
	pr->all = diag_list_new();
	return pr->all != NULL ? 0 : -1;
}

void
printer_release(struct printer *pr)
{
	diag_list_free(pr->all);
	pr->all = NULL;
}

void
printer_add(struct printer *pr, struct diag_list *diags)
{
	diag_sort(diags);
	if (pr->format == DIAG_FORMAT_TEXT || pr->format == DIAG_FORMAT_GITHUB)
		diag_list_keep(diags, pr->show);
	switch (pr->format) {
	case DIAG_FORMAT_TEXT:
		diag_print_text(stderr, diags, printer_color());
		fflush(stderr);
		break;
	case DIAG_FORMAT_GITHUB:
		if (diag_print_github(stdout, diags) != 0)
			pr->failed = 1;
		break;
	default:
		if (diag_list_move(pr->all, diags) != 0)
			pr->failed = 1;
		break;
	}
	diag_list_clear(diags);
}

/*
 * The SARIF driver's rules: the semantic rules of rules_list(). NULL when
 * out of memory; *n_out gets the count.
 */
static struct diag_rule_desc *
sarif_rules(size_t *n_out)
{
	const struct rules_info *info = rules_list(n_out);
	struct diag_rule_desc *rules;
	size_t i;

	rules = calloc(*n_out + 1, sizeof(*rules));
	if (rules == NULL)
		return NULL;
	for (i = 0; i < *n_out; i++) {
		rules[i].id = info[i].id;
		rules[i].severity = info[i].severity;
		rules[i].description = info[i].description;
	}
	return rules;
}

int
printer_finish(struct printer *pr)
{
	struct diag_sarif_opts opts = {.tool_name = PACKAGE_NAME,
	                               .tool_version = PACKAGE_VERSION};
	struct diag_rule_desc *rules = NULL;
	char *cwd = NULL;
	int rc = -1;

	if (pr->format == DIAG_FORMAT_JSON) {
		rc = diag_print_json(stdout, pr->all);
	} else if (pr->format == DIAG_FORMAT_SARIF) {
		rules = sarif_rules(&opts.n_rules);
		if (rules == NULL)
			goto out;
		opts.rules = rules;
		if (PACKAGE_URL[0] != '\0')
			opts.info_uri = PACKAGE_URL;
		/* Without a current directory, paths stay as they are. */
		cwd = getcwd(NULL, 0);
		opts.base_dir = cwd;
		rc = diag_print_sarif(stdout, pr->all, &opts);
	} else {
		rc = fflush(stdout) != 0 ? -1 : 0;
	}
out:
	free(rules);
	free(cwd);
	if (rc != 0 || pr->failed) {
		fprintf(stderr, "asyncdoc: cannot write the diagnostics: %s\n",
		        ferror(stdout) ? strerror(errno) : "out of memory");
		return -1;
	}
	return 0;
}

void
printer_counts(char *buf, size_t size, const struct diag_list *diags)
{
	static const char *const name[3] = {"error", "warning", "info"};
	size_t n[3], i, len = 0;

	n[0] = diag_count_at_least(diags, DIAG_ERROR);
	n[1] = diag_count_at_least(diags, DIAG_WARNING) - n[0];
	n[2] = diag_count(diags) - n[0] - n[1];
	buf[0] = '\0';
	for (i = 0; i < 3; i++) {
		if (n[i] == 0 || len >= size)
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%zu %s%s",
		                        len > 0 ? ", " : "", n[i], name[i],
		                        n[i] == 1 ? "" : "s");
	}
}
