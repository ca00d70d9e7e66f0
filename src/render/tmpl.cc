/*
 * tmpl.cc: the extern "C" shim over Google ctemplate (see tmpl.h).
 *
 * Every exported function is a function-try block ending in catch (...):
 * ctemplate and the standard library may throw (std::bad_alloc at least),
 * and an exception unwinding through C frames is undefined behaviour.
 *
 * The dictionaries are the shim's own implementation of ctemplate's
 * TemplateDictionaryInterface (the one its expansion reads), not
 * ctemplate::TemplateDictionary: that one keeps every value of a page in
 * an arena until it is freed, with a name string per sub-dictionary, and
 * took 55 MB for a 5000-channel page. Ours can make section repetitions
 * while the page is expanded (tmpl_section_lazy) and free them after.
 */
#include "render/tmpl.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <mutex>
#include <new>
#include <streambuf>
#include <string>
#include <utility>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>
#include <ctemplate/template_dictionary_interface.h>
#include <ctemplate/template_emitter.h>
#include <ctemplate/template_string.h>

struct tmpl_cache {
	ctemplate::TemplateCache cache;
	size_t n_dirs = 0;
};

namespace
{

/* What a lazy section makes its repetitions with (tmpl_section_lazy). */
struct lazy_run {
	size_t n;
	tmpl_fill_fn head, body;
	void *arg;
};

/* One entry of a section: a dictionary, or a run of lazy repetitions. */
struct section_entry {
	std::unique_ptr<tmpl_dict> dict; /* nullptr for a lazy run */
	lazy_run lazy;
};

/*
 * A section or an include marker and its dictionaries. Held through
 * unique_ptr so that an iterator's pointer survives the vector growing.
 */
struct sec_list {
	std::string name;
	std::vector<section_entry> entries;
};

struct inc_list {
	std::string name;
	std::vector<std::unique_ptr<tmpl_dict>> dicts;
};

/* std::string == TemplateString, without a copy. */
bool
same(const std::string &a, const ctemplate::TemplateString &b)
{
	return a.size() == b.size() &&
	       (a.empty() || memcmp(a.data(), b.data(), a.size()) == 0);
}

/* The element of list (sections or includes) named s, or nullptr. */
template <class T>
T *
find_named(const std::vector<std::unique_ptr<T>> &list,
           const ctemplate::TemplateString &s)
{
	for (const auto &x : list)
		if (same(x->name, s))
			return x.get();
	return nullptr;
}

} // namespace

/*
 * A dictionary. The lookups follow ctemplate's TemplateDictionary:
 * values, sections and includes are searched in the dictionary then its
 * parents (an include has none), values then in the root's globals and
 * ctemplate's two built-ins. The lists are short (a few names per
 * dictionary), so they are searched linearly.
 */
struct tmpl_dict final : public ctemplate::TemplateDictionaryInterface {
	using Iterator = ctemplate::TemplateDictionaryInterface::Iterator;

	tmpl_dict *const parent; /* nullptr for the root and includes */
	tmpl_dict *const root;   /* holds the globals and the failure flag */
	std::vector<std::pair<std::string, std::string>> values;
	std::vector<std::unique_ptr<sec_list>> sections;
	std::vector<std::unique_ptr<inc_list>> includes;
	std::string filename; /* of an include dictionary */

	/* A lazy repetition's body, until it has run. */
	mutable tmpl_fill_fn body = nullptr;
	mutable size_t body_i = 0;
	mutable void *body_arg = nullptr;

	/* Root only. */
	std::string name;
	std::vector<std::pair<std::string, std::string>> globals;
	bool failed = false;       /* building ran out of memory */
	mutable bool stop = false; /* the current expansion's writer failed */

	tmpl_dict(tmpl_dict *parent_, tmpl_dict *root_)
	    : parent(parent_), root(root_ != nullptr ? root_ : this)
	{
	}

	bool
	halted() const
	{
		return root->failed || root->stop;
	}

	/* Runs the pending body: the dictionary is then complete. */
	void
	complete() const
	{
		tmpl_fill_fn fn = body;

		if (fn == nullptr)
			return;
		body = nullptr;
		if (!halted())
			fn(const_cast<tmpl_dict *>(this), body_i, body_arg);
	}

	const std::string *
	own_value(const ctemplate::TemplateString &v) const
	{
		for (const auto &kv : values)
			if (same(kv.first, v))
				return &kv.second;
		return nullptr;
	}

	sec_list *
	own_section(const ctemplate::TemplateString &s) const
	{
		return find_named(sections, s);
	}

	inc_list *
	own_include(const ctemplate::TemplateString &s) const
	{
		return find_named(includes, s);
	}

	/*
	 * The first dictionary from this one up whose own(d, key) is not
	 * null, completing lazy ones that miss; its result in *found.
	 */
	template <typename T, typename F>
	const tmpl_dict *
	find_up(T **found, F own) const
	{
		for (const tmpl_dict *d = this; d != nullptr; d = d->parent) {
			*found = own(d);
			if (*found == nullptr && d->body != nullptr) {
				d->complete();
				*found = own(d);
			}
			if (*found != nullptr)
				return d;
		}
		return nullptr;
	}

	sec_list *
	find_section(const ctemplate::TemplateString &s,
	             const tmpl_dict **owner) const
	{
		sec_list *sec;

		*owner = find_up(&sec, [&](const tmpl_dict *d) {
			return d->own_section(s);
		});
		return sec;
	}

	inc_list *
	find_include(const ctemplate::TemplateString &s) const
	{
		inc_list *inc;

		find_up(&inc,
		        [&](const tmpl_dict *d) { return d->own_include(s); });
		return inc;
	}

	void
	set_value(const char *var, const char *val, size_t len)
	{
		ctemplate::TemplateString key(var);

		for (auto &kv : values) {
			if (same(kv.first, key)) {
				kv.second.assign(val, len);
				return;
			}
		}
		values.emplace_back(std::string(var), std::string(val, len));
	}

	sec_list *
	add_section(const char *name_)
	{
		sec_list *sec = own_section(ctemplate::TemplateString(name_));

		if (sec != nullptr)
			return sec;
		sections.push_back(std::unique_ptr<sec_list>(new sec_list));
		sections.back()->name = name_;
		return sections.back().get();
	}

      protected:
	ctemplate::TemplateString
	GetValue(const ctemplate::TemplateString &v) const override;
	bool IsHiddenSection(const ctemplate::TemplateString &s) const override;
	bool
	IsUnhiddenSection(const ctemplate::TemplateString &s) const override
	{
		return !IsHiddenSection(s);
	}
	bool
	IsHiddenTemplate(const ctemplate::TemplateString &s) const override;
	const char *GetIncludeTemplateName(const ctemplate::TemplateString &s,
	                                   int dictnum) const override;
	Iterator *CreateTemplateIterator(
	        const ctemplate::TemplateString &s) const override;
	Iterator *CreateSectionIterator(
	        const ctemplate::TemplateString &s) const override;
	void DumpToString(std::string *out, int level) const override;
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
	int_type
	overflow(int_type ch) override
	{
		if (!traits_type::eq_int_type(ch, traits_type::eof()))
			captured.push_back(traits_type::to_char_type(ch));
		return traits_type::not_eof(ch);
	}
	std::streamsize
	xsputn(const char *s, std::streamsize n) override
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
void
capture_begin()
{
	std::call_once(capture_once, [] { std::cerr.rdbuf(new capture_buf); });
	if (!std::cerr.good())
		std::cerr.clear();
	captured.clear();
}

/* The captured log as one line: "WARNING: x; ERROR: y". */
std::string
capture_text()
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

void
set_error(const std::string &what)
{
	try {
		std::string log = capture_text();
		last_error = log.empty() ? what : what + ": " + log;
	} catch (...) {
		last_error.clear();
	}
}

ctemplate::Strip
to_strip(enum tmpl_strip s)
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

} // namespace

/* The built-in values of ctemplate's global dictionary. */
static const struct {
	const char *name, *value;
} builtins[] = {{"BI_SPACE", " "}, {"BI_NEWLINE", "\n"}};

ctemplate::TemplateString
tmpl_dict::GetValue(const ctemplate::TemplateString &v) const
{
	const std::string *val;

	if (find_up(&val, [&](const tmpl_dict *d) { return d->own_value(v); }))
		return ctemplate::TemplateString(val->data(), val->size());
	for (const auto &kv : root->globals)
		if (same(kv.first, v))
			return ctemplate::TemplateString(kv.second.data(),
			                                 kv.second.size());
	for (const auto &b : builtins)
		if (v.size() == strlen(b.name) &&
		    memcmp(v.data(), b.name, v.size()) == 0)
			return ctemplate::TemplateString(b.value);
	return ctemplate::TemplateString("", 0);
}

bool
tmpl_dict::IsHiddenSection(const ctemplate::TemplateString &s) const
{
	const tmpl_dict *owner;

	return find_section(s, &owner) == nullptr;
}

bool
tmpl_dict::IsHiddenTemplate(const ctemplate::TemplateString &s) const
{
	return find_include(s) == nullptr;
}

const char *
tmpl_dict::GetIncludeTemplateName(const ctemplate::TemplateString &s,
                                  int dictnum) const
{
	const inc_list *inc = find_include(s);

	if (inc == nullptr || dictnum < 0 ||
	    static_cast<size_t>(dictnum) >= inc->dicts.size())
		return "";
	return inc->dicts[static_cast<size_t>(dictnum)]->filename.c_str();
}

namespace
{

/* Walks the dictionaries of an include marker. */
class include_iterator : public tmpl_dict::Iterator
{
	const inc_list *inc;
	size_t next = 0;

      public:
	explicit include_iterator(const inc_list *inc_) : inc(inc_)
	{
	}
	bool
	HasNext() const override
	{
		return inc != nullptr && next < inc->dicts.size();
	}
	const ctemplate::TemplateDictionaryInterface &
	Next() override
	{
		return *inc->dicts[next++];
	}
};

/*
 * Walks the repetitions of a section, making lazy ones as it reaches them
 * and freeing each when it moves on (ctemplate is done with a repetition
 * when it asks for the next one, or deletes the iterator). Positions are
 * indexes, so a section growing meanwhile does no harm. Stops early once
 * the expansion has failed.
 */
class section_iterator : public tmpl_dict::Iterator
{
	const tmpl_dict *owner;
	const sec_list *sec;
	size_t entry = 0, rep = 0; /* the next repetition */
	std::unique_ptr<tmpl_dict> made;

	/* Skips exhausted runs; false at the end. */
	bool
	settle(size_t *entry_out, size_t *rep_out) const
	{
		size_t e = entry, r = rep;

		if (sec == nullptr || owner->halted())
			return false;
		while (e < sec->entries.size()) {
			const section_entry &se = sec->entries[e];

			if (se.dict != nullptr ? r == 0 : r < se.lazy.n) {
				*entry_out = e;
				*rep_out = r;
				return true;
			}
			e++;
			r = 0;
		}
		return false;
	}

      public:
	section_iterator(const tmpl_dict *owner_, const sec_list *sec_)
	    : owner(owner_), sec(sec_)
	{
	}
	bool
	HasNext() const override
	{
		size_t e, r;

		return settle(&e, &r);
	}
	const ctemplate::TemplateDictionaryInterface &Next() override;
};

/* What Next() returns when it cannot make a repetition. */
const tmpl_dict &
empty_dict()
{
	static const tmpl_dict empty(nullptr, nullptr);

	return empty;
}

const ctemplate::TemplateDictionaryInterface &
section_iterator::Next()
{
	made.reset();
	if (!settle(&entry, &rep))
		return empty_dict();
	const section_entry &se = sec->entries[entry];
	if (se.dict != nullptr) {
		entry++;
		rep = 0;
		return *se.dict;
	}
	const lazy_run run = se.lazy;
	const size_t i = rep++;
	tmpl_dict *parent = const_cast<tmpl_dict *>(owner);
	try {
		made.reset(new tmpl_dict(parent, parent->root));
	} catch (...) {
		parent->root->failed = true;
		return empty_dict();
	}
	/* The callbacks are C: they cannot throw. */
	if (run.head != nullptr)
		run.head(made.get(), i, run.arg);
	made->body = run.body;
	made->body_i = i;
	made->body_arg = run.arg;
	return *made;
}

} // namespace

tmpl_dict::Iterator *
tmpl_dict::CreateTemplateIterator(const ctemplate::TemplateString &s) const
{
	return new include_iterator(find_include(s));
}

tmpl_dict::Iterator *
tmpl_dict::CreateSectionIterator(const ctemplate::TemplateString &s) const
{
	const tmpl_dict *owner;
	const sec_list *sec = find_section(s, &owner);

	return new section_iterator(owner, sec);
}

void
tmpl_dict::DumpToString(std::string *out, int level) const
{
	std::string pad(static_cast<size_t>(level) * 2, ' ');

	complete();
	for (const auto &kv : values)
		*out += pad + kv.first + ": >" + kv.second + "<\n";
	for (const auto &sec : sections) {
		for (const auto &se : sec->entries) {
			if (se.dict == nullptr) {
				*out += pad + "section " + sec->name + " (" +
				        std::to_string(se.lazy.n) + " lazy)\n";
				continue;
			}
			*out += pad + "section " + sec->name + " -->\n";
			se.dict->DumpToString(out, level + 1);
		}
	}
	for (const auto &inc : includes) {
		for (const auto &d : inc->dicts) {
			*out += pad + "include-template " + inc->name +
			        ", from " + d->filename + " -->\n";
			d->DumpToString(out, level + 1);
		}
	}
}

namespace
{

/*
 * Hands the text to a C writer in TMPL_CHUNK pieces. After the writer
 * fails it drops everything and raises the root's stop flag, which ends
 * the lazy sections (ctemplate itself cannot be interrupted).
 */
class chunk_emitter : public ctemplate::ExpandEmitter
{
	tmpl_write_fn write;
	void *arg;
	const tmpl_dict *root;
	std::unique_ptr<char[]> buf;
	size_t used = 0;

      public:
	bool failed = false;

	chunk_emitter(tmpl_write_fn write_, void *arg_, const tmpl_dict *root_)
	    : write(write_), arg(arg_), root(root_), buf(new char[TMPL_CHUNK])
	{
	}
	void
	flush()
	{
		if (!failed && used > 0 && write(arg, buf.get(), used) != 0) {
			failed = true;
			root->stop = true;
		}
		used = 0;
	}
	void
	Emit(const char *s, size_t len) override
	{
		while (len > 0 && !failed) {
			size_t n = TMPL_CHUNK - used;

			if (n > len)
				n = len;
			memcpy(buf.get() + used, s, n);
			used += n;
			s += n;
			len -= n;
			if (used == TMPL_CHUNK)
				flush();
		}
	}
	void
	Emit(char c) override
	{
		Emit(&c, 1);
	}
	void
	Emit(const std::string &s) override
	{
		Emit(s.data(), s.size());
	}
	void
	Emit(const char *s) override
	{
		Emit(s, strlen(s));
	}
};

/* A growing malloc'd buffer, for tmpl_expand(). */
struct membuf {
	char *data = nullptr;
	size_t len = 0, cap = 0;
};

int
membuf_write(void *arg, const char *data, size_t len)
{
	membuf *b = static_cast<membuf *>(arg);

	if (len + 1 > b->cap - b->len) {
		size_t cap = b->cap > 0 ? b->cap : TMPL_CHUNK;
		char *p;

		while (len + 1 > cap - b->len) {
			if (cap > SIZE_MAX / 2)
				return -1;
			cap *= 2;
		}
		p = static_cast<char *>(realloc(b->data, cap));
		if (p == nullptr)
			return -1;
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	return 0;
}

} // namespace

extern "C" {

struct tmpl_cache *
tmpl_cache_new(void)
try {
	capture_begin();
	return new tmpl_cache;
} catch (...) {
	set_error("out of memory");
	return nullptr;
}

void
tmpl_cache_free(struct tmpl_cache *cache)
try {
	capture_begin();
	delete cache;
} catch (...) {
}

int
tmpl_cache_add_dir(struct tmpl_cache *cache, const char *dir)
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

int
tmpl_cache_add_string(struct tmpl_cache *cache, const char *key,
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

int
tmpl_cache_find(char **out, const struct tmpl_cache *cache, const char *name)
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

void
tmpl_cache_reload(struct tmpl_cache *cache)
try {
	capture_begin();
	cache->cache.ReloadAllIfChanged(ctemplate::TemplateCache::LAZY_RELOAD);
} catch (...) {
}

int
tmpl_cache_load(struct tmpl_cache *cache, const char *name,
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

struct tmpl_dict *
tmpl_dict_new(const char *name)
try {
	capture_begin();
	tmpl_dict *d = new tmpl_dict(nullptr, nullptr);
	try {
		d->name = name != nullptr ? name : "";
	} catch (...) {
		delete d;
		throw;
	}
	return d;
} catch (...) {
	set_error("out of memory");
	return nullptr;
}

void
tmpl_dict_free(struct tmpl_dict *dict)
try {
	/* Children belong to their parent: freeing one would be a bug. */
	if (dict != nullptr && dict->root == dict)
		delete dict;
} catch (...) {
}

void
tmpl_setn(struct tmpl_dict *dict, const char *var, const char *val, size_t len)
try {
	if (dict == nullptr || val == nullptr)
		return;
	dict->set_value(var, val, len);
} catch (...) {
	dict->root->failed = true;
}

void
tmpl_set(struct tmpl_dict *dict, const char *var, const char *val)
{
	if (val != nullptr)
		tmpl_setn(dict, var, val, strlen(val));
}

void
tmpl_set_int(struct tmpl_dict *dict, const char *var, long val)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%ld", val);

	tmpl_setn(dict, var, buf, static_cast<size_t>(n));
}

void
tmpl_set_global(struct tmpl_dict *dict, const char *var, const char *val)
try {
	if (dict == nullptr || val == nullptr)
		return;
	ctemplate::TemplateString key(var);
	for (auto &kv : dict->root->globals) {
		if (same(kv.first, key)) {
			kv.second = val;
			return;
		}
	}
	dict->root->globals.emplace_back(std::string(var), std::string(val));
} catch (...) {
	dict->root->failed = true;
}

void
tmpl_show(struct tmpl_dict *dict, const char *section)
try {
	if (dict == nullptr)
		return;
	/* Like ShowSection: one empty repetition, unless it has some. */
	sec_list *sec = dict->add_section(section);
	if (sec->entries.empty()) {
		sec->entries.emplace_back();
		sec->entries.back().dict.reset(new tmpl_dict(dict, dict->root));
	}
} catch (...) {
	dict->root->failed = true;
}

struct tmpl_dict *
tmpl_section_add(struct tmpl_dict *dict, const char *section)
try {
	if (dict == nullptr)
		return nullptr;
	sec_list *sec = dict->add_section(section);
	std::unique_ptr<tmpl_dict> child(new tmpl_dict(dict, dict->root));
	sec->entries.emplace_back();
	sec->entries.back().dict = std::move(child);
	return sec->entries.back().dict.get();
} catch (...) {
	dict->root->failed = true;
	return nullptr;
}

void
tmpl_section_lazy(struct tmpl_dict *dict, const char *section, size_t n,
                  tmpl_fill_fn head, tmpl_fill_fn body, void *arg)
try {
	if (dict == nullptr || n == 0)
		return;
	sec_list *sec = dict->add_section(section);
	sec->entries.emplace_back();
	sec->entries.back().lazy = lazy_run{n, head, body, arg};
} catch (...) {
	dict->root->failed = true;
}

struct tmpl_dict *
tmpl_include_add(struct tmpl_dict *dict, const char *marker, const char *file)
try {
	if (dict == nullptr)
		return nullptr;
	inc_list *inc = dict->own_include(ctemplate::TemplateString(marker));
	if (inc == nullptr) {
		dict->includes.push_back(
		        std::unique_ptr<inc_list>(new inc_list));
		inc = dict->includes.back().get();
		inc->name = marker;
	}
	/* An include sees only its own values and the globals. */
	std::unique_ptr<tmpl_dict> child(new tmpl_dict(nullptr, dict->root));
	child->filename = file;
	inc->dicts.push_back(std::move(child));
	return inc->dicts.back().get();
} catch (...) {
	dict->root->failed = true;
	return nullptr;
}

int
tmpl_expand_to(tmpl_write_fn write, void *arg, struct tmpl_cache *cache,
               const char *name, enum tmpl_strip strip,
               const struct tmpl_dict *dict)
try {
	capture_begin();
	if (dict == nullptr || dict->root->failed) {
		set_error("out of memory while filling the template values");
		return -1;
	}
	chunk_emitter out(write, arg, dict->root);
	dict->root->stop = false;
	bool ok = cache->cache.ExpandWithData(name, to_strip(strip), dict,
	                                      nullptr, &out);
	out.flush();
	dict->root->stop = false;
	if (dict->root->failed) {
		/* A lazy repetition ran out of memory. */
		set_error("out of memory while filling the template values");
		return -1;
	}
	if (out.failed) {
		set_error(std::string("cannot write the expansion of '") +
		          name + "'");
		return -1;
	}
	if (!ok) {
		set_error(std::string("cannot expand template '") + name + "'");
		return -1;
	}
	return 0;
} catch (...) {
	if (dict != nullptr)
		dict->root->stop = false;
	set_error("out of memory");
	return -1;
}

int
tmpl_expand(char **out, size_t *len, struct tmpl_cache *cache, const char *name,
            enum tmpl_strip strip, const struct tmpl_dict *dict)
{
	membuf b;
	int ret;

	*out = nullptr;
	if (len != nullptr)
		*len = 0;
	ret = tmpl_expand_to(membuf_write, &b, cache, name, strip, dict);
	/* An empty text still gets its NUL. */
	if (ret == 0 && b.data == nullptr && membuf_write(&b, "", 0) != 0) {
		set_error("out of memory");
		ret = -1;
	}
	if (ret != 0) {
		free(b.data);
		return -1;
	}
	b.data[b.len] = '\0';
	*out = b.data;
	if (len != nullptr)
		*len = b.len;
	return 0;
}

const char *
tmpl_error(void)
{
	return last_error.c_str();
}

} /* extern "C" */
