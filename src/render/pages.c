/*
 * pages: the site's file layout (see pages.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/pages.h"

static const char *const kind_names[PAGES_KIND_COUNT] = {
        "index", "server", "channel", "operation", "message", "schema"};

static const char *const kind_dirs[PAGES_KIND_COUNT] = {
        NULL, NULL, "channels", "operations", "messages", "schemas"};

const char *
pages_kind_name(enum pages_kind kind)
{
	return (unsigned)kind < PAGES_KIND_COUNT ? kind_names[kind] : "item";
}

const char *
pages_kind_dir(enum pages_kind kind)
{
	return (unsigned)kind < PAGES_KIND_COUNT ? kind_dirs[kind] : NULL;
}

/*
 * The parts one after the other into buf, as snprintf("%s%s...") would
 * put them (cut to size, NUL-terminated): every link of every page is made
 * here, and snprintf's format parsing was a twentieth of a build.
 */
static size_t
join_into(char *buf, size_t size, const char *const *parts, size_t n)
{
	size_t len = 0, k, i;

	for (i = 0; i < n; i++) {
		k = strlen(parts[i]);
		if (len < size) {
			size_t room = size - 1 - len;

			memcpy(buf + len, parts[i], k < room ? k : room);
		}
		len += k;
	}
	if (size > 0)
		buf[len < size ? len : size - 1] = '\0';
	return len;
}

size_t
pages_anchor(char *buf, size_t size, enum pages_kind kind, const char *id)
{
	const char *parts[] = {pages_kind_name(kind), "-",
	                       id != NULL ? id : ""};

	return join_into(buf, size, parts, 3);
}

/* "<a><b><c><d>" in a new buffer, or NULL. */
static char *
concat4(const char *a, const char *b, const char *c, const char *d)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c), ld = strlen(d);
	char *s = malloc(la + lb + lc + ld + 1);

	if (s == NULL)
		return NULL;
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc);
	memcpy(s + la + lb + lc, d, ld);
	s[la + lb + lc + ld] = '\0';
	return s;
}

static const char *
plan_ext(const struct pages_plan *plan)
{
	return plan != NULL && plan->ext != NULL ? plan->ext : ".html";
}

char *
pages_file(const struct pages_plan *plan, enum pages_kind kind, const char *id)
{
	const char *dir = pages_kind_dir(kind);

	if (dir == NULL || (plan != NULL && plan->single_page) || id == NULL)
		return concat4("index", plan_ext(plan), "", "");
	return concat4(dir, "/", id, plan_ext(plan));
}

char *
pages_url(const struct pages_plan *plan, enum pages_kind kind, const char *id)
{
	char anchor[512];
	char *file, *url;

	file = pages_file(plan, kind, id);
	if (file == NULL || kind == PAGES_INDEX ||
	    (pages_kind_dir(kind) != NULL &&
	     (plan == NULL || !plan->single_page)))
		return file;
	pages_anchor(anchor, sizeof(anchor), kind, id);
	url = concat4(file, "#", anchor, "");
	free(file);
	return url;
}

size_t
pages_url_into(char *buf, size_t size, const struct pages_plan *plan,
               const char *root, enum pages_kind kind, const char *id)
{
	const char *dir = pages_kind_dir(kind);

	if (root == NULL)
		root = "";
	if (id == NULL)
		id = "";
	if (kind == PAGES_INDEX) {
		const char *p[] = {root, "index", plan_ext(plan)};

		return join_into(buf, size, p, 3);
	}
	if (dir == NULL || (plan != NULL && plan->single_page)) {
		const char *p[] = {root, "index", plan_ext(plan), "#",
		                   pages_kind_name(kind), "-", id};

		return join_into(buf, size, p, 7);
	}
	const char *p[] = {root, dir, "/", id, plan_ext(plan)};

	return join_into(buf, size, p, 5);
}

const char *
pages_root(const char *file)
{
	static const char *const ups[] = {"",
	                                  "../",
	                                  "../../",
	                                  "../../../",
	                                  "../../../../",
	                                  "../../../../../",
	                                  "../../../../../../",
	                                  "../../../../../../../",
	                                  "../../../../../../../../"};
	size_t depth = 0;

	for (; file != NULL && *file != '\0'; file++)
		if (*file == '/')
			depth++;
	return depth < sizeof(ups) / sizeof(ups[0]) ? ups[depth] : "";
}
