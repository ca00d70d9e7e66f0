/*
 * tmpl.cc: the extern "C" shim over Google ctemplate (see tmpl.h).
 *
 * Every exported function is a function-try block ending in catch (...):
 * ctemplate and the standard library may throw (std::bad_alloc at least),
 * and an exception unwinding through C frames is undefined behaviour.
 */
#include "tmpl.h"

#include <cstdlib>
#include <cstring>
#include <deque>
#include <iostream>
#include <mutex>
#include <new>
#include <streambuf>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>
#include <ctemplate/template_dictionary.h>

struct tmpl_cache {
	ctemplate::TemplateCache cache;
	size_t n_dirs = 0;
};

struct tmpl_tree;

struct tmpl_dict {
	ctemplate::TemplateDictionary *d;
	tmpl_tree *tree;
};

/*
 * A root dictionary and the wrappers of its children. A deque never moves
 * its elements when growing at the end, so the tmpl_dict pointers handed
 * out stay valid; the ctemplate children are owned by their parents.
 */
struct tmpl_tree {
	ctemplate::TemplateDictionary top;
	std::deque<tmpl_dict> nodes;
	bool failed = false;

	explicit tmpl_tree(const char *name) : top(name)
	{
	}
};

namespace
{

thread_local std::string last_error;
thread_local std::string captured;

/*
 * ctemplate logs with std::cerr (and has no hook for it). This buffer
 * takes its place and keeps the text per thread, for the error message.
 */
class capture_buf : public std::streambuf
{
      protected:
	int_type overflow(int_type ch) override
	{
		if (!traits_type::eq_int_type(ch, traits_type::eof()))
			captured.push_back(traits_type::to_char_type(ch));
		return traits_type::not_eof(ch);
	}
	std::streamsize xsputn(const char *s, std::streamsize n) override
	{
		captured.append(s, static_cast<size_t>(n));
		return n;
	}
};

std::once_flag capture_once;

/*
 * Installs the capture once and clears this thread's text. The buffer is
 * never freed: std::cerr is flushed during exit, after static destructors.
 */
void capture_begin()
{
	std::call_once(capture_once, [] { std::cerr.rdbuf(new capture_buf); });
	if (!std::cerr.good())
		std::cerr.clear();
	captured.clear();
}

/* The captured log as one line: "WARNING: x; ERROR: y". */
std::string capture_text()
{
	std::string out;
	size_t i = 0;
	while (i < captured.size()) {
		size_t nl = captured.find('\n', i);
		if (nl == std::string::npos)
			nl = captured.size();
		if (nl > i) {
			if (!out.empty())
				out += "; ";
			out.append(captured, i, nl - i);
		}
		i = nl + 1;
	}
	return out;
}

void set_error(const std::string &what)
{
	try {
		std::string log = capture_text();
		last_error = log.empty() ? what : what + ": " + log;
	} catch (...) {
		last_error.clear();
	}
}

ctemplate::Strip to_strip(enum tmpl_strip s)
{
	switch (s) {
	case TMPL_STRIP_BLANK:
		return ctemplate::STRIP_BLANK_LINES;
	case TMPL_STRIP_SPACE:
		return ctemplate::STRIP_WHITESPACE;
	case TMPL_KEEP:
		break;
	}
	return ctemplate::DO_NOT_STRIP;
}

/* Wraps child (owned by parent's ctemplate dictionary) for C. */
tmpl_dict *adopt(tmpl_dict *parent, ctemplate::TemplateDictionary *child)
{
	parent->tree->nodes.push_back(tmpl_dict{child, parent->tree});
	return &parent->tree->nodes.back();
}

} // namespace

extern "C" {

struct tmpl_cache *tmpl_cache_new(void)
try {
	capture_begin();
	return new tmpl_cache;
} catch (...) {
	set_error("out of memory");
	return nullptr;
}

void tmpl_cache_free(struct tmpl_cache *cache)
try {
	capture_begin();
	delete cache;
} catch (...) {
}

int tmpl_cache_add_dir(struct tmpl_cache *cache, const char *dir)
try {
	struct stat st;
	bool ok;

	capture_begin();
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    access(dir, R_OK | X_OK) != 0) {
		set_error(std::string("not a readable directory: ") + dir);
		return -1;
	}
	if (cache->n_dirs == 0)
		ok = cache->cache.SetTemplateRootDirectory(dir);
	else
		ok = cache->cache.AddAlternateTemplateRootDirectory(dir);
	if (!ok) {
		set_error(std::string("cannot add template directory ") + dir);
		return -1;
	}
	cache->n_dirs++;
	return 0;
} catch (...) {
	set_error("out of memory");
	return -1;
}

int tmpl_cache_add_string(struct tmpl_cache *cache, const char *key,
                          const char *text, size_t len)
try {
	capture_begin();
	if (!cache->cache.StringToTemplateCache(
	            key, ctemplate::TemplateString(text, len),
	            ctemplate::DO_NOT_STRIP)) {
		set_error(std::string("template '") + key +
		          "' is invalid or already defined");
		return -1;
	}
	return 0;
} catch (...) {
	set_error("out of memory");
	return -1;
}

int tmpl_cache_find(char **out, const struct tmpl_cache *cache,
                    const char *name)
try {
	*out = nullptr;
	capture_begin();
	std::string path = cache->cache.FindTemplateFilename(name);
	if (path.empty()) {
		set_error(std::string("template '") + name + "' not found");
		return -1;
	}
	*out = strdup(path.c_str());
	if (*out == nullptr) {
		set_error("out of memory");
		return -1;
	}
	return 0;
} catch (...) {
	set_error("out of memory");
	return -1;
}

void tmpl_cache_reload(struct tmpl_cache *cache)
try {
	capture_begin();
	cache->cache.ReloadAllIfChanged(ctemplate::TemplateCache::LAZY_RELOAD);
} catch (...) {
}

int tmpl_cache_load(struct tmpl_cache *cache, const char *name,
                    enum tmpl_strip strip)
try {
	capture_begin();
	if (!cache->cache.LoadTemplate(name, to_strip(strip))) {
		set_error(std::string("cannot load template '") + name + "'");
		return -1;
	}
	return 0;
} catch (...) {
	set_error("out of memory");
	return -1;
}

struct tmpl_dict *tmpl_dict_new(const char *name)
try {
	capture_begin();
	tmpl_tree *tree = new tmpl_tree(name);
	try {
		tree->nodes.push_back(tmpl_dict{&tree->top, tree});
	} catch (...) {
		delete tree;
		throw;
	}
	return &tree->nodes.front();
} catch (...) {
	set_error("out of memory");
	return nullptr;
}

void tmpl_dict_free(struct tmpl_dict *dict)
try {
	/* Children belong to the root: freeing one would be a bug. */
	if (dict != nullptr && dict == &dict->tree->nodes.front())
		delete dict->tree;
} catch (...) {
}

void tmpl_setn(struct tmpl_dict *dict, const char *var, const char *val,
               size_t len)
try {
	if (dict == nullptr || val == nullptr)
		return;
	dict->d->SetValue(var, ctemplate::TemplateString(val, len));
} catch (...) {
	dict->tree->failed = true;
}

void tmpl_set(struct tmpl_dict *dict, const char *var, const char *val)
{
	if (val != nullptr)
		tmpl_setn(dict, var, val, strlen(val));
}

void tmpl_set_int(struct tmpl_dict *dict, const char *var, long val)
try {
	if (dict != nullptr)
		dict->d->SetIntValue(var, val);
} catch (...) {
	dict->tree->failed = true;
}

void tmpl_set_global(struct tmpl_dict *dict, const char *var, const char *val)
try {
	if (dict != nullptr && val != nullptr)
		dict->d->SetTemplateGlobalValue(var, val);
} catch (...) {
	dict->tree->failed = true;
}

void tmpl_show(struct tmpl_dict *dict, const char *section)
try {
	if (dict != nullptr)
		dict->d->ShowSection(section);
} catch (...) {
	dict->tree->failed = true;
}

struct tmpl_dict *tmpl_section_add(struct tmpl_dict *dict, const char *section)
try {
	if (dict == nullptr)
		return nullptr;
	return adopt(dict, dict->d->AddSectionDictionary(section));
} catch (...) {
	dict->tree->failed = true;
	return nullptr;
}

struct tmpl_dict *tmpl_include_add(struct tmpl_dict *dict, const char *marker,
                                   const char *file)
try {
	if (dict == nullptr)
		return nullptr;
	ctemplate::TemplateDictionary *child =
	        dict->d->AddIncludeDictionary(marker);
	child->SetFilename(file);
	return adopt(dict, child);
} catch (...) {
	dict->tree->failed = true;
	return nullptr;
}

int tmpl_expand(char **out, size_t *len, struct tmpl_cache *cache,
                const char *name, enum tmpl_strip strip,
                const struct tmpl_dict *dict)
try {
	*out = nullptr;
	if (len != nullptr)
		*len = 0;
	capture_begin();
	if (dict == nullptr || dict->tree->failed) {
		set_error("out of memory while filling the template values");
		return -1;
	}
	std::string text;
	if (!cache->cache.ExpandWithData(name, to_strip(strip), dict->d,
	                                 nullptr, &text)) {
		set_error(std::string("cannot expand template '") + name + "'");
		return -1;
	}
	char *buf = static_cast<char *>(malloc(text.size() + 1));
	if (buf == nullptr) {
		set_error("out of memory");
		return -1;
	}
	memcpy(buf, text.data(), text.size());
	buf[text.size()] = '\0';
	*out = buf;
	if (len != nullptr)
		*len = text.size();
	return 0;
} catch (...) {
	set_error("out of memory");
	return -1;
}

const char *tmpl_error(void)
{
	return last_error.c_str();
}

} /* extern "C" */
