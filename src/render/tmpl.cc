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

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <atomic>
#include <cstring>
#include <dirent.h>
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
	/*
	 * For the memo (tmpl_memo): the template folders, whether every
	 * template in them and in the strings includes without modifiers,
	 * and a count of the changes to the templates (added, reloaded):
	 * a memo entry keyed by a template's section is good for one count.
	 */
	std::vector<std::string> dirs;
	bool strings_plain = true;
	std::atomic<bool> plain{true};
	std::atomic<uint64_t> gen{0};
};

struct tmpl_memo;

namespace
{

/*
 * The memory of the dictionaries. Every value, name and child dictionary
 * of a page lives in an arena: a chain of blocks filled from the front and
 * given back whole, never piece by piece, so that building and dropping a
 * page's dictionaries costs a few pointer bumps instead of a malloc and a
 * free per value (malloc, free and the teardown were a fifth of a build).
 * Released blocks go to a small pool per thread for its next pages.
 */
constexpr size_t BLOCK = (size_t)16 << 10;
/* Blocks a thread keeps for its next pages (4 MiB). */
constexpr size_t POOL_MAX = 256;

struct block {
	block *next;
	size_t size; /* of the data after the header */
	/* keeps the data after the header aligned for any scalar */
	alignas(16) char data[1];
};

/* Freed memory a thread keeps for reuse (T: a type with `next`), from
 * malloc, given back to it when the thread ends. */
template <class T> struct free_pool {
	T *free_list = nullptr;
	size_t n = 0;

	~free_pool()
	{
		while (free_list != nullptr) {
			T *b = free_list;
			free_list = b->next;
			std::free(b);
		}
	}
};

thread_local free_pool<block> pool;

block *
block_new(size_t size)
{
	void *p = std::malloc(offsetof(block, data) + size);

	if (p == nullptr)
		throw std::bad_alloc();
	block *b = static_cast<block *>(p);
	b->size = size;
	return b;
}

struct arena {
	block *blocks = nullptr; /* the one being filled first */
	char *cur = nullptr;
	size_t left = 0;

	arena() = default;
	arena(const arena &) = delete;
	arena &operator=(const arena &) = delete;
	~arena()
	{
		release();
	}

	/* n bytes aligned for any scalar; throws std::bad_alloc. */
	void *
	alloc(size_t n)
	{
		n = (n + 15) & ~(size_t)15;
		if (n > BLOCK / 4)
			return alloc_big(n);
		if (n > left) {
			block *b;

			if (pool.free_list != nullptr) {
				b = pool.free_list;
				pool.free_list = b->next;
				pool.n--;
			} else {
				b = block_new(BLOCK);
			}
			b->next = blocks;
			blocks = b;
			cur = b->data;
			left = BLOCK;
		}
		void *p = cur;
		cur += n;
		left -= n;
		return p;
	}

	/* A big value: a block of its own, behind the one being filled. */
	void *
	alloc_big(size_t n)
	{
		block *b = block_new(n);

		if (blocks != nullptr) {
			b->next = blocks->next;
			blocks->next = b;
		} else {
			b->next = nullptr;
			blocks = b; /* full: left stays 0 */
		}
		return b->data;
	}

	/* A NUL-terminated copy of s (len bytes). */
	const char *
	copy(const char *s, size_t len)
	{
		char *p = static_cast<char *>(alloc(len + 1));

		if (len > 0)
			memcpy(p, s, len);
		p[len] = '\0';
		return p;
	}

	/* Gives every block back: to this thread's pool, or to malloc. */
	void
	release()
	{
		while (blocks != nullptr) {
			block *b = blocks;

			blocks = b->next;
			if (b->size == BLOCK && pool.n < POOL_MAX) {
				b->next = pool.free_list;
				pool.free_list = b;
				pool.n++;
			} else {
				std::free(b);
			}
		}
		cur = nullptr;
		left = 0;
	}
};

/* A name or a value in an arena (NUL-terminated too). */
struct str {
	const char *p;
	size_t n;

	bool
	is(const ctemplate::TemplateString &s) const
	{
		/*
		 * Names of one length mostly share their start (NAV_, SV_,
		 * GROUP_): the last byte tells most apart without a call.
		 */
		return n == s.size() &&
		       (n == 0 || (p[n - 1] == s.data()[n - 1] &&
		                   memcmp(p, s.data(), n - 1) == 0));
	}
};

struct kv {
	kv *next;
	str key, val;
};

/* The values of a list (a dictionary's, or the root's globals). */
struct kv_list {
	kv *first = nullptr;

	const str *
	find(const ctemplate::TemplateString &k) const
	{
		for (const kv *e = first; e != nullptr; e = e->next)
			if (e->key.is(k))
				return &e->val;
		return nullptr;
	}

	/*
	 * Sets key to a copy of val, in the arena a. The new pair goes in
	 * front, where find() meets it before any older value of the key:
	 * no search for the old one (that search, over every value a
	 * dictionary had, was 6 % of a build's instructions, #18; a key set
	 * twice costs an unused pair in the arena).
	 */
	void
	set(arena &a, const char *key, size_t klen, const char *val, size_t len)
	{
		/* the pair and both copies in one piece of the arena */
		kv *e = static_cast<kv *>(
		        a.alloc(sizeof(kv) + klen + 1 + len + 1));
		char *k = reinterpret_cast<char *>(e + 1), *v = k + klen + 1;

		memcpy(k, key, klen);
		k[klen] = '\0';
		if (len > 0)
			memcpy(v, val, len);
		v[len] = '\0';
		e->key = str{k, klen};
		e->val = str{v, len};
		e->next = first;
		first = e;
	}

	/* Sets key (a static name) to val, borrowed: not copied. */
	void
	set_borrowed(arena &a, const char *key, size_t klen, const char *val,
	             size_t len)
	{
		kv *e = make_kv(a);

		e->key = str{key, klen};
		e->val = str{val, len};
		e->next = first;
		first = e;
	}

      private:
	static kv *
	make_kv(arena &a)
	{
		return static_cast<kv *>(a.alloc(sizeof(kv)));
	}
};

/* What a lazy section makes its repetitions with (tmpl_section_lazy). */
struct lazy_run {
	size_t n;
	tmpl_fill_fn head, body;
	void *arg;
	/* tmpl_section_lazy_memo(): the memo and the repetitions' keys */
	tmpl_memo *memo;
	tmpl_key_fn key;
};

/* One entry of a section: a dictionary, or a run of lazy repetitions. */
struct section_entry {
	section_entry *next;
	tmpl_dict *dict; /* nullptr for a lazy run */
	lazy_run lazy;
};

struct sec_list {
	sec_list *next;
	str name;
	section_entry *first, *last;
};

struct inc_entry {
	inc_entry *next;
	tmpl_dict *dict;
};

struct inc_list {
	inc_list *next;
	str name;
	inc_entry *first, *last;
	size_t n;
};

/* The element of a list (sections or includes) named s, or nullptr. */
template <class T>
T *
find_named(T *list, const ctemplate::TemplateString &s)
{
	for (T *x = list; x != nullptr; x = x->next)
		if (x->name.is(s))
			return x;
	return nullptr;
}

/* A new T in the arena, zeroed (the list types are plain structs). */
template <class T>
T *
make(arena &a)
{
	void *p = a.alloc(sizeof(T));

	memset(p, 0, sizeof(T));
	return static_cast<T *>(p);
}

} // namespace

/*
 * A dictionary. The lookups follow ctemplate's TemplateDictionary:
 * values, sections and includes are searched in the dictionary then its
 * parents (an include has none), values then in the root's globals and
 * ctemplate's two built-ins. The lists are short (a few names per
 * dictionary), so they are searched linearly.
 *
 * A dictionary lives in the arena of the root, or of the lazy repetition
 * it belongs to (ar), and so do its lists: nothing in it has a destructor
 * to run, and its memory goes back when that arena is released.
 */
struct tmpl_dict final : public ctemplate::TemplateDictionaryInterface {
	using Iterator = ctemplate::TemplateDictionaryInterface::Iterator;

	tmpl_dict *const parent; /* nullptr for the root and includes */
	tmpl_dict *const root;   /* holds the globals and the failure flag */
	arena *const ar;         /* where this dictionary's memory comes from */
	kv_list values;
	sec_list *sections = nullptr;
	inc_list *includes = nullptr;
	const char *filename = ""; /* of an include dictionary */

	/* A lazy repetition's body, until it has run. */
	mutable tmpl_fill_fn body = nullptr;
	mutable size_t body_i = 0;
	mutable void *body_arg = nullptr;

	/*
	 * ctemplate asks IsHiddenSection(name) and then, for a section
	 * shown, CreateSectionIterator(name) with the same name: the first
	 * search's answer is kept for the second (keyed by the name's bytes
	 * in the template, which do not move during an expansion).
	 */
	mutable const char *shown_p = nullptr;
	mutable size_t shown_n = 0;
	mutable const sec_list *shown_sec = nullptr;
	mutable const tmpl_dict *shown_owner = nullptr;

	/* Root only. */
	kv_list globals;
	bool failed = false;       /* building ran out of memory */
	mutable bool stop = false; /* the current expansion's writer failed */
	/*
	 * The empty dictionary a batch of replayed repetitions is expanded
	 * with (the memo): its text is dropped, so every lookup misses at
	 * once, without a search.
	 */
	bool is_mute = false;

	tmpl_dict(tmpl_dict *parent_, tmpl_dict *root_, arena *ar_)
	    : parent(parent_), root(root_ != nullptr ? root_ : this), ar(ar_)
	{
	}

	/* A child in this dictionary's arena: of a section, or an include. */
	tmpl_dict *
	child(bool include)
	{
		void *p = ar->alloc(sizeof(tmpl_dict));

		return new (p) tmpl_dict(include ? nullptr : this, root, ar);
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

	const str *
	own_value(const ctemplate::TemplateString &v) const
	{
		return values.find(v);
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

	/* The section named name_ (n bytes), added (empty) when missing. */
	sec_list *
	add_section(const char *name_, size_t n)
	{
		sec_list *sec =
		        own_section(ctemplate::TemplateString(name_, n));

		if (sec != nullptr)
			return sec;
		sec = make<sec_list>(*ar);
		sec->name = str{ar->copy(name_, n), n};
		sec->next = sections;
		sections = sec;
		return sec;
	}

	/* A new last entry of sec. */
	section_entry *
	add_entry(sec_list *sec)
	{
		section_entry *e = make<section_entry>(*ar);

		if (sec->last != nullptr)
			sec->last->next = e;
		else
			sec->first = e;
		sec->last = e;
		return e;
	}

	/*
	 * GetValue() without noting the read (the memo's check): the
	 * dictionary that had it in *owner, nullptr for a global, a
	 * built-in or none.
	 */
	ctemplate::TemplateString value_of(const ctemplate::TemplateString &v,
	                                   const tmpl_dict **owner) const;
	/* find_include(), noted for the memo */
	inc_list *read_include(const ctemplate::TemplateString &s) const;

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

namespace
{

class chunk_emitter;

/*
 * The memo (tmpl_memo, tmpl_section_lazy_memo): a repetition's expanded
 * text, and the reads its expansion made outside the repetition (in its
 * parents, the globals, the built-ins), which must answer the same for the
 * text to be used again: ctemplate expands a repetition from the
 * template's nodes and the answers of the dictionary's lookups only.
 */
struct memo_read {
	enum kind_t : unsigned char { VALUE, SECTION, INCLUDE } kind;
	std::string name;
	std::string value; /* VALUE: the value read */
};

struct memo_rec {
	const char *sec_p; /* the section's name in its parsed template */
	size_t sec_n;
	const tmpl_cache *cache;
	uint64_t gen; /* cache->gen when it was made */
	std::string text;
	std::vector<memo_read> reads;
};

/* A repetition being expanded and recorded for the memo. */
struct recording {
	const tmpl_dict *entry;
	std::string text;
	std::vector<memo_read> reads;
	bool bad = false; /* it read what the memo cannot check */
};

/* The expansion running on this thread (tmpl_expand_to). */
struct expansion {
	chunk_emitter *em;
	const tmpl_cache *cache;
	uint64_t gen;
	bool plain;               /* cache->plain: the memo may be used */
	recording *rec = nullptr; /* the repetition being recorded */
	bool muted = false;       /* a repetition is being replayed */
};

thread_local expansion *cur_exp = nullptr;

/*
 * Where a lookup made in `from` for the recording r found its answer
 * (owner; nullptr: not in a dictionary): 0 in the repetition or below it
 * (its own content, the same in every repetition of its key), 1 above it
 * (to check before the text is used again), -1 when `from` is not the
 * repetition's (an outside section's, an include's: not checkable).
 */
int
read_where(const recording *r, const tmpl_dict *from, const tmpl_dict *owner)
{
	bool owner_seen = false;

	for (const tmpl_dict *d = from; d != nullptr; d = d->parent) {
		if (d == owner)
			owner_seen = true;
		if (d == r->entry)
			return owner_seen ? 0 : 1;
	}
	return -1;
}

/*
 * Notes a lookup for the repetition being recorded: a value read outside
 * it, or a section or include found missing outside it. A section or
 * include found outside would make the expansion read dictionaries the
 * check does not cover: the repetition is then not kept.
 */
void
note_read(const tmpl_dict *from, const tmpl_dict *owner, memo_read::kind_t kind,
          const ctemplate::TemplateString &name,
          const ctemplate::TemplateString &value, bool found)
{
	recording *r = cur_exp->rec;
	int where;

	if (r->bad)
		return;
	where = read_where(r, from, owner);
	if (where == 0)
		return;
	if (where < 0 || (kind != memo_read::VALUE && found)) {
		r->bad = true;
		return;
	}
	r->reads.push_back(memo_read{kind,
	                             std::string(name.data(), name.size()),
	                             std::string(value.data(), value.size())});
}

inline bool
recording_now()
{
	return cur_exp != nullptr && cur_exp->rec != nullptr;
}

} // namespace

/*
 * Values this thread looked up that its dictionaries (an include's, up to
 * the include) did not hold: globals, built-ins or nothing. A text made by
 * tmpl_expand_include() with none depends on its dictionary alone.
 */
static thread_local unsigned long outside_reads;

/*
 * The template a text include (tmpl_include_text) names: its one value,
 * set on the include's dictionary, printed as it is. No AUTOESCAPE: the
 * text was escaped by the templates that made it (ctemplate escapes each
 * template on its own, whatever includes it). Registered for every strip
 * mode, as ctemplate keys its templates by name and mode.
 */
static const char text_template[] = "asyncdoc:expanded-text";
static const char text_var[] = "ASYNCDOC_TEXT";
static const char text_body[] = "{{ASYNCDOC_TEXT}}";

/* The built-in values of ctemplate's global dictionary. */
static const struct {
	const char *name, *value;
} builtins[] = {{"BI_SPACE", " "}, {"BI_NEWLINE", "\n"}};

ctemplate::TemplateString
tmpl_dict::value_of(const ctemplate::TemplateString &v,
                    const tmpl_dict **owner) const
{
	const str *val;

	*owner = find_up(&val,
	                 [&](const tmpl_dict *d) { return d->own_value(v); });
	if (*owner != nullptr)
		return ctemplate::TemplateString(val->p, val->n);
	val = root->globals.find(v);
	if (val != nullptr)
		return ctemplate::TemplateString(val->p, val->n);
	for (const auto &b : builtins)
		if (v.size() == strlen(b.name) &&
		    memcmp(v.data(), b.name, v.size()) == 0)
			return ctemplate::TemplateString(b.value);
	return ctemplate::TemplateString("", 0);
}

ctemplate::TemplateString
tmpl_dict::GetValue(const ctemplate::TemplateString &v) const
{
	const tmpl_dict *owner;

	if (is_mute)
		return ctemplate::TemplateString("", 0);
	ctemplate::TemplateString val = value_of(v, &owner);

	/* a value from outside the dictionaries: see tmpl_expand_include */
	if (owner == nullptr)
		outside_reads++;
	if (recording_now())
		note_read(this, owner, memo_read::VALUE, v, val, true);
	return val;
}

bool
tmpl_dict::IsHiddenSection(const ctemplate::TemplateString &s) const
{
	const tmpl_dict *owner;

	if (is_mute) {
		shown_p = nullptr;
		return true;
	}
	const sec_list *sec = find_section(s, &owner);

	if (recording_now())
		note_read(this, owner, memo_read::SECTION, s,
		          ctemplate::TemplateString("", 0), sec != nullptr);
	shown_p = sec != nullptr ? s.data() : nullptr;
	shown_n = s.size();
	shown_sec = sec;
	shown_owner = owner;
	return sec == nullptr;
}

inc_list *
tmpl_dict::read_include(const ctemplate::TemplateString &s) const
{
	inc_list *inc;
	const tmpl_dict *owner = find_up(
	        &inc, [&](const tmpl_dict *d) { return d->own_include(s); });

	if (recording_now())
		note_read(this, owner, memo_read::INCLUDE, s,
		          ctemplate::TemplateString("", 0), inc != nullptr);
	return inc;
}

bool
tmpl_dict::IsHiddenTemplate(const ctemplate::TemplateString &s) const
{
	return read_include(s) == nullptr;
}

const char *
tmpl_dict::GetIncludeTemplateName(const ctemplate::TemplateString &s,
                                  int dictnum) const
{
	const inc_list *inc = read_include(s);
	const inc_entry *e;

	if (inc == nullptr || dictnum < 0)
		return "";
	for (e = inc->first; e != nullptr && dictnum > 0; e = e->next)
		dictnum--;
	return e != nullptr ? e->dict->filename : "";
}

namespace
{

/*
 * ctemplate asks for an iterator per section and include it expands and
 * deletes it once done: 300,000 of them in a 1500-channel build, a malloc
 * and a free each. Their memory comes from a free list per thread and
 * class instead (at most ITER_POOL_MAX kept, freed when the thread ends).
 */
constexpr size_t ITER_POOL_MAX = 64;

struct iter_slot {
	iter_slot *next;
};

template <class T> struct pooled {
	static free_pool<iter_slot> &
	slots()
	{
		thread_local free_pool<iter_slot> p;

		return p;
	}

	static void *
	operator new(size_t n)
	{
		free_pool<iter_slot> &p = slots();
		void *ptr;

		if (n == sizeof(T) && p.free_list != nullptr) {
			iter_slot *s = p.free_list;

			p.free_list = s->next;
			p.n--;
			return s;
		}
		/* malloc, as free_pool gives its slots back with free */
		ptr = std::malloc(n);
		if (ptr == nullptr)
			throw std::bad_alloc();
		return ptr;
	}

	static void
	operator delete(void *ptr, size_t n)
	{
		free_pool<iter_slot> &p = slots();

		if (ptr == nullptr)
			return;
		if (n == sizeof(T) && p.n < ITER_POOL_MAX) {
			iter_slot *s = static_cast<iter_slot *>(ptr);

			s->next = p.free_list;
			p.free_list = s;
			p.n++;
			return;
		}
		std::free(ptr);
	}
};

/* Walks the dictionaries of an include marker. */
class include_iterator : public tmpl_dict::Iterator,
                         public pooled<include_iterator>
{
	const inc_entry *next;

      public:
	explicit include_iterator(const inc_list *inc)
	    : next(inc != nullptr ? inc->first : nullptr)
	{
	}
	bool
	HasNext() const override
	{
		return next != nullptr;
	}
	const ctemplate::TemplateDictionaryInterface &
	Next() override
	{
		const tmpl_dict *d = next->dict;

		next = next->next;
		return *d;
	}
};

/*
 * Walks the repetitions of a section, making lazy ones as it reaches them
 * and dropping each when it moves on (ctemplate is done with a repetition
 * when it asks for the next one, or deletes the iterator). A made
 * repetition and its children live in the iterator's own arena, released
 * then; the entries are a list, so a section growing meanwhile does no
 * harm. Stops early once the expansion has failed.
 */
class section_iterator : public tmpl_dict::Iterator,
                         public pooled<section_iterator>
{
	const tmpl_dict *owner;
	const sec_list *sec;
	/* The section's name in the template (the memo's key for it). */
	const char *name_p;
	size_t name_n;
	/* The memo's part in the repetition being expanded. */
	enum { PLAIN, REPLAY, RECORD } mode = PLAIN;
	expansion *exp = nullptr;
	tmpl_memo *memo = nullptr;
	size_t memo_key = 0;
	std::unique_ptr<recording> rec;
	/* What a replayed repetition is expanded with (into the mute). */
	tmpl_dict mute{nullptr, nullptr, nullptr};
	/*
	 * The entry being walked (nullptr before the first) and how many of
	 * its repetitions were given (a dictionary entry has one), so that
	 * entries added to the section meanwhile are still reached.
	 */
	const section_entry *entry = nullptr;
	size_t rep = 0;
	arena mem; /* of the lazy repetition made last */

	/* Skips exhausted runs; false at the end. */
	bool
	settle(const section_entry **entry_out, size_t *rep_out) const
	{
		const section_entry *e = entry;
		size_t r = rep;

		if (sec == nullptr || owner->halted())
			return false;
		if (e == nullptr) {
			e = sec->first;
			r = 0;
		}
		while (e != nullptr) {
			if (e->dict != nullptr ? r == 0 : r < e->lazy.n) {
				*entry_out = e;
				*rep_out = r;
				return true;
			}
			e = e->next;
			r = 0;
		}
		return false;
	}

	size_t memo_replay(const section_entry *se, size_t i);
	void memo_record(const section_entry *se, size_t i, const tmpl_dict *d);
	void memo_end();

      public:
	section_iterator(const tmpl_dict *owner_, const sec_list *sec_,
	                 const ctemplate::TemplateString &name)
	    : owner(owner_), sec(sec_), name_p(name.data()), name_n(name.size())
	{
		mute.is_mute = true;
	}
	~section_iterator() override
	{
		memo_end();
	}
	bool
	HasNext() const override
	{
		const section_entry *e;
		size_t r;

		return settle(&e, &r);
	}
	const ctemplate::TemplateDictionaryInterface &Next() override;
};

/* What Next() returns when it cannot make a repetition. */
const tmpl_dict &
empty_dict()
{
	static const tmpl_dict empty(nullptr, nullptr, nullptr);

	return empty;
}

const ctemplate::TemplateDictionaryInterface &
section_iterator::Next()
{
	/* ctemplate is done with the previous repetition */
	memo_end();
	mem.release();
	if (!settle(&entry, &rep))
		return empty_dict();
	const section_entry *se = entry;
	if (se->dict != nullptr) {
		rep = 1;
		return *se->dict;
	}
	const lazy_run run = se->lazy;
	size_t i = rep;
	/* repetitions the memo has: their text, and one empty expansion */
	size_t replayed = memo_replay(se, i);
	if (replayed > 0) {
		rep = i + replayed;
		return mute;
	}
	rep = i + 1;
	tmpl_dict *parent = const_cast<tmpl_dict *>(owner);
	tmpl_dict *made;
	try {
		made = new (mem.alloc(sizeof(tmpl_dict)))
		        tmpl_dict(parent, parent->root, &mem);
	} catch (...) {
		parent->root->failed = true;
		return empty_dict();
	}
	/* The callbacks are C: they cannot throw. */
	if (run.head != nullptr)
		run.head(made, i, run.arg);
	made->body = run.body;
	made->body_i = i;
	made->body_arg = run.arg;
	memo_record(se, i, made);
	return *made;
}

} // namespace

tmpl_dict::Iterator *
tmpl_dict::CreateTemplateIterator(const ctemplate::TemplateString &s) const
{
	return new include_iterator(read_include(s));
}

tmpl_dict::Iterator *
tmpl_dict::CreateSectionIterator(const ctemplate::TemplateString &s) const
{
	const tmpl_dict *owner;
	const sec_list *sec;

	if (shown_p != nullptr && shown_p == s.data() && shown_n == s.size()) {
		sec = shown_sec;
		owner = shown_owner;
	} else {
		sec = find_section(s, &owner);
	}
	shown_p = nullptr;
	return new section_iterator(owner, sec, s);
}

void
tmpl_dict::DumpToString(std::string *out, int level) const
{
	std::string pad(static_cast<size_t>(level) * 2, ' ');

	complete();
	for (const kv *e = values.first; e != nullptr; e = e->next) {
		/* a key set again: only its last value counts */
		const kv *newer = values.first;

		while (newer != e &&
		       !(newer->key.n == e->key.n &&
		         memcmp(newer->key.p, e->key.p, e->key.n) == 0))
			newer = newer->next;
		if (newer != e)
			continue;
		*out += pad + e->key.p + ": >" + std::string(e->val.p, e->val.n) +
		        "<\n";
	}
	for (const sec_list *sec = sections; sec != nullptr; sec = sec->next) {
		for (const section_entry *se = sec->first; se != nullptr;
		     se = se->next) {
			if (se->dict == nullptr) {
				*out += pad + "section " + sec->name.p + " (" +
				        std::to_string(se->lazy.n) + " lazy)\n";
				continue;
			}
			*out += pad + "section " + sec->name.p + " -->\n";
			se->dict->DumpToString(out, level + 1);
		}
	}
	for (const inc_list *inc = includes; inc != nullptr; inc = inc->next) {
		for (const inc_entry *e = inc->first; e != nullptr;
		     e = e->next) {
			*out += pad + "include-template " + inc->name.p +
			        ", from " + e->dict->filename + " -->\n";
			e->dict->DumpToString(out, level + 1);
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
/*
 * The emitter's buffer, kept per thread for the next page (a 64 KiB malloc
 * and free per page otherwise). An expansion started from inside another
 * (a writer that expands) finds it taken and makes its own.
 */
thread_local std::unique_ptr<char[]> spare_buf;

class chunk_emitter : public ctemplate::ExpandEmitter
{
	tmpl_write_fn write;
	void *arg;
	const tmpl_dict *root;
	std::unique_ptr<char[]> buf;
	size_t used = 0;
	/* The memo's taps: a copy of the text, or none of it at all. */
	std::string *tee = nullptr;
	bool mute = false;
	bool tapped = false; /* either: Emit()'s slow path */

      public:
	bool failed = false;

	/*
	 * The text from now on is also appended to tee (a repetition being
	 * recorded), or dropped (mute: a replayed repetition, whose text
	 * was given already). Off with (nullptr, false).
	 */
	void
	set_tap(std::string *tee_, bool mute_)
	{
		tee = tee_;
		mute = mute_;
		tapped = tee != nullptr || mute;
	}

	chunk_emitter(tmpl_write_fn write_, void *arg_, const tmpl_dict *root_)
	    : write(write_), arg(arg_), root(root_), buf(std::move(spare_buf))
	{
		if (buf == nullptr)
			buf.reset(new char[TMPL_CHUNK]);
	}
	~chunk_emitter()
	{
		if (spare_buf == nullptr)
			spare_buf = std::move(buf);
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
		/*
		 * ctemplate calls this for every text run and escaped piece
		 * (2.7 million times in a 1500-channel build): the common
		 * case, a piece that fits, takes no loop and saves no
		 * register.
		 */
		size_t u = used;

		if (len < TMPL_CHUNK - u && !failed && !tapped) {
			memcpy(buf.get() + u, s, len);
			used = u + len;
			return;
		}
		emit_long(s, len);
	}
	/* out of line: inlined, its registers were saved on every call */
	__attribute__((noinline)) void
	emit_long(const char *s, size_t len)
	{
		if (mute)
			return;
		if (tee != nullptr)
			tee->append(s, len);
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

/*
 * The memo of a build: two records per key, each set once (first come):
 * slot 2 * key for a repetition followed by another in its section, slot
 * 2 * key + 1 for the last one, which a {{#NAME_separator}} would end
 * differently.
 */
struct tmpl_memo {
	size_t n = 0; /* keys */
	std::unique_ptr<std::atomic<memo_rec *>[]> slots;
	std::atomic<size_t> hits{0}, records{0};

	~tmpl_memo()
	{
		for (size_t i = 0; i < 2 * n; i++)
			delete slots[i].load(std::memory_order_relaxed);
	}
};

namespace
{

/*
 * Whether the reads of r, made from a repetition of the same key under
 * parent, answer the same from parent (the repetition's own content being
 * the same, by tmpl_section_lazy_memo's promise).
 */
bool
reads_same(const memo_rec *r, const tmpl_dict *parent)
{
	const tmpl_dict *owner;

	for (const memo_read &m : r->reads) {
		ctemplate::TemplateString name(m.name.data(), m.name.size());

		switch (m.kind) {
		case memo_read::VALUE: {
			ctemplate::TemplateString v =
			        parent->value_of(name, &owner);

			if (v.size() != m.value.size() ||
			    (v.size() > 0 &&
			     memcmp(v.data(), m.value.data(), v.size()) != 0))
				return false;
			break;
		}
		case memo_read::SECTION:
			if (parent->find_section(name, &owner) != nullptr)
				return false;
			break;
		case memo_read::INCLUDE:
			if (parent->find_include(name) != nullptr)
				return false;
			break;
		}
	}
	return true;
}

} // namespace

/*
 * Whether repetition i of the lazy run se is followed by another one in
 * the section: the last one has a record of its own ({{#NAME_separator}}
 * shows in every repetition but the last).
 */
static bool
more_after(const section_entry *se, size_t i)
{
	if (i + 1 < se->lazy.n)
		return true;
	for (se = se->next; se != nullptr; se = se->next)
		if (se->dict != nullptr || se->lazy.n > 0)
			return true;
	return false;
}

/* This thread's expansion, when the memo may be used in it now. */
static expansion *
memo_usable()
{
	expansion *x = cur_exp;

	return x != nullptr && x->plain && x->rec == nullptr && !x->muted
	               ? x
	               : nullptr;
}

/*
 * The memo's side of Next(), before a repetition is made: emits the text
 * of the repetitions from i on that the memo has and whose reads outside
 * themselves answer the same, as long as they follow each other, and
 * returns how many (0: none). ctemplate then expands the section's body
 * once for all of them, with an empty dictionary, into the mute: a
 * repetition costs a copy of its text instead of an expansion.
 */
size_t
section_iterator::memo_replay(const section_entry *se, size_t i)
{
	const lazy_run &run = se->lazy;
	expansion *x = memo_usable();
	size_t j = i, key;

	if (run.memo == nullptr || x == nullptr || owner->halted())
		return 0;
	for (; j < run.n; j++) {
		key = run.key(j, run.arg);
		if (key >= run.memo->n)
			break;
		key = 2 * key + (more_after(se, j) ? 0 : 1);
		const memo_rec *r =
		        run.memo->slots[key].load(std::memory_order_acquire);
		if (r == nullptr || r->sec_p != name_p || r->sec_n != name_n ||
		    r->cache != x->cache || r->gen != x->gen)
			break;
		try {
			if (!reads_same(r, owner))
				break;
		} catch (...) {
			break;
		}
		x->em->Emit(r->text.data(), r->text.size());
	}
	if (j == i)
		return 0;
	run.memo->hits.fetch_add(j - i, std::memory_order_relaxed);
	x->em->set_tap(nullptr, true);
	x->muted = true;
	exp = x;
	mode = REPLAY;
	return j - i;
}

/*
 * The memo's side of Next(), for repetition i of se made as d: records
 * its expansion, when it has a key the memo has no text for yet.
 */
void
section_iterator::memo_record(const section_entry *se, size_t i,
                              const tmpl_dict *d)
{
	const lazy_run &run = se->lazy;
	expansion *x = memo_usable();
	size_t key;

	if (run.memo == nullptr || x == nullptr)
		return;
	key = run.key(i, run.arg);
	if (key >= run.memo->n)
		return;
	key = 2 * key + (more_after(se, i) ? 0 : 1);
	if (run.memo->slots[key].load(std::memory_order_acquire) != nullptr)
		return;
	try {
		rec.reset(new recording{d, std::string(), {}, false});
	} catch (...) {
		return; /* no memory for the memo: expand as without it */
	}
	exp = x;
	memo = run.memo;
	memo_key = key;
	x->rec = rec.get();
	x->em->set_tap(&rec->text, false);
	mode = RECORD;
}

/* Ends the memo's part in the repetition just expanded: keeps its record. */
void
section_iterator::memo_end()
{
	if (mode == PLAIN)
		return;
	exp->em->set_tap(nullptr, false);
	if (mode == REPLAY) {
		exp->muted = false;
	} else {
		exp->rec = nullptr;
		/* not a text cut short by a failed fill or writer */
		if (!rec->bad && !exp->em->failed && !owner->halted()) {
			try {
				memo_rec *r =
				        new memo_rec{name_p,
				                     name_n,
				                     exp->cache,
				                     exp->gen,
				                     std::move(rec->text),
				                     std::move(rec->reads)};
				memo_rec *none = nullptr;

				if (memo->slots[memo_key]
				            .compare_exchange_strong(
				                    none, r,
				                    std::memory_order_acq_rel))
					memo->records.fetch_add(
					        1, std::memory_order_relaxed);
				else
					delete r;
			} catch (...) {
			}
		}
		rec.reset();
	}
	mode = PLAIN;
	exp = nullptr;
}

namespace
{

/*
 * False when text may expand an include apart from the expansion's
 * emitter: an include with modifiers ({{>NAME:h}}: ctemplate expands it
 * into a string of its own, then modifies it), or a change of the marker
 * delimiters, which could hide one. The memo is then never used.
 */
bool
text_plain(const char *t, size_t n)
{
	for (size_t i = 0; i + 2 < n; i++) {
		if (t[i] != '{' || t[i + 1] != '{')
			continue;
		if (t[i + 2] == '=')
			return false;
		if (t[i + 2] != '>')
			continue;
		for (size_t j = i + 3; j + 1 < n; j++) {
			if (t[j] == '}' && t[j + 1] == '}')
				break;
			if (t[j] == ':')
				return false;
		}
	}
	return true;
}

/* text_plain() of every file below dir (a few levels); false on errors. */
bool
dir_plain(const std::string &dir, int depth)
{
	DIR *d = opendir(dir.c_str());
	bool plain = true;

	if (d == nullptr)
		return false;
	while (plain) {
		struct dirent *e = readdir(d);
		struct stat st;

		if (e == nullptr)
			break;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		std::string path = dir + "/" + e->d_name;
		if (stat(path.c_str(), &st) != 0) {
			plain = false;
		} else if (S_ISDIR(st.st_mode)) {
			plain = depth < 8 && dir_plain(path, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			FILE *fp = fopen(path.c_str(), "rb");
			std::string text;
			char buf[16384];
			size_t got;

			if (fp == nullptr || st.st_size > (4 << 20)) {
				plain = false;
			} else {
				while ((got = fread(buf, 1, sizeof(buf), fp)) >
				       0)
					text.append(buf, got);
				plain = !ferror(fp) &&
				        text_plain(text.data(), text.size());
			}
			if (fp != nullptr)
				fclose(fp);
		}
	}
	closedir(d);
	return plain;
}

/* Sets this thread's expansion for the memo, and puts the previous back. */
struct expansion_scope {
	expansion x;
	expansion *saved;

	expansion_scope(chunk_emitter *em, const tmpl_cache *cache)
	    : x{em, cache, cache->gen.load(std::memory_order_acquire),
	        cache->plain.load(std::memory_order_acquire)},
	      saved(cur_exp)
	{
		cur_exp = &x;
	}
	~expansion_scope()
	{
		cur_exp = saved;
	}
};

} // namespace

extern "C" {

struct tmpl_cache *
tmpl_cache_new(void)
try {
	capture_begin();
	std::unique_ptr<tmpl_cache> c(new tmpl_cache);
	static const ctemplate::Strip strips[] = {ctemplate::DO_NOT_STRIP,
	                                          ctemplate::STRIP_BLANK_LINES,
	                                          ctemplate::STRIP_WHITESPACE};

	for (ctemplate::Strip s : strips)
		if (!c->cache.StringToTemplateCache(
		            text_template,
		            ctemplate::TemplateString(text_body,
		                                      sizeof(text_body) - 1),
		            s)) {
			set_error("cannot make the text template");
			return nullptr;
		}
	return c.release();
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
	cache->dirs.push_back(dir);
	if (!dir_plain(dir, 0))
		cache->plain = false;
	cache->gen++;
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
	if (!text_plain(text, len)) {
		cache->strings_plain = false;
		cache->plain = false;
	}
	cache->gen++;
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
	bool plain;

	capture_begin();
	cache->cache.ReloadAllIfChanged(ctemplate::TemplateCache::LAZY_RELOAD);
	/* the templates may change: the memo's records are of the old ones */
	plain = cache->strings_plain;
	for (const std::string &d : cache->dirs)
		plain = plain && dir_plain(d, 0);
	cache->plain = plain;
	cache->gen++;
} catch (...) {
	cache->plain = false;
	cache->gen++;
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
	(void)name; /* for debugging only: the dump does not show it */
	std::unique_ptr<arena> mem(new arena);
	tmpl_dict *d = new (mem->alloc(sizeof(tmpl_dict)))
	        tmpl_dict(nullptr, nullptr, mem.get());
	mem.release();
	return d;
} catch (...) {
	set_error("out of memory");
	return nullptr;
}

void
tmpl_dict_free(struct tmpl_dict *dict)
try {
	/*
	 * Children belong to their parent: freeing one would be a bug. The
	 * root lives in its own arena, with everything else of the page.
	 */
	if (dict != nullptr && dict->root == dict) {
		/*
		 * The root dictionary lives in the arena it names: take the
		 * pointer out first, as the arena's release frees dict too.
		 */
		arena *const mem = dict->ar;

		delete mem;
	}
} catch (...) {
}

void
tmpl_setkn(struct tmpl_dict *dict, const char *var, size_t var_len,
           const char *val, size_t len)
try {
	if (dict == nullptr || val == nullptr)
		return;
	dict->values.set(*dict->ar, var, var_len, val, len);
} catch (...) {
	dict->root->failed = true;
}

void
tmpl_set_int(struct tmpl_dict *dict, const char *var, long val)
{
	/* by hand: snprintf's format parsing cost more than the setting */
	char buf[32], *p = buf + sizeof(buf);
	unsigned long u = val < 0 ? 0UL - static_cast<unsigned long>(val)
	                          : static_cast<unsigned long>(val);

	do
		*--p = static_cast<char>('0' + u % 10);
	while ((u /= 10) != 0);
	if (val < 0)
		*--p = '-';
	tmpl_setn(dict, var, p, static_cast<size_t>(buf + sizeof(buf) - p));
}

void
tmpl_set_global(struct tmpl_dict *dict, const char *var, const char *val)
try {
	if (dict == nullptr || val == nullptr)
		return;
	/* Globals outlive any lazy repetition: the root's arena. */
	dict->root->globals.set(*dict->root->ar, var, strlen(var), val,
	                        strlen(val));
} catch (...) {
	dict->root->failed = true;
}

void
tmpl_showk(struct tmpl_dict *dict, const char *section, size_t len)
try {
	if (dict == nullptr)
		return;
	/* Like ShowSection: one empty repetition, unless it has some. */
	sec_list *sec = dict->add_section(section, len);
	if (sec->first == nullptr)
		dict->add_entry(sec)->dict = dict->child(false);
} catch (...) {
	dict->root->failed = true;
}

struct tmpl_dict *
tmpl_section_addk(struct tmpl_dict *dict, const char *section, size_t len)
try {
	if (dict == nullptr)
		return nullptr;
	sec_list *sec = dict->add_section(section, len);
	tmpl_dict *child = dict->child(false);
	dict->add_entry(sec)->dict = child;
	return child;
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
	sec_list *sec = dict->add_section(section, strlen(section));
	dict->add_entry(sec)->lazy =
	        lazy_run{n, head, body, arg, nullptr, nullptr};
} catch (...) {
	dict->root->failed = true;
}

void
tmpl_section_lazy_memo(struct tmpl_dict *dict, const char *section, size_t n,
                       tmpl_fill_fn head, tmpl_fill_fn body, void *arg,
                       struct tmpl_memo *memo, tmpl_key_fn key)
try {
	if (dict == nullptr || n == 0)
		return;
	sec_list *sec = dict->add_section(section, strlen(section));
	dict->add_entry(sec)->lazy = lazy_run{
	        n, head, body, arg, key != nullptr ? memo : nullptr, key};
} catch (...) {
	dict->root->failed = true;
}

struct tmpl_dict *
tmpl_include_add(struct tmpl_dict *dict, const char *marker, const char *file)
try {
	if (dict == nullptr)
		return nullptr;
	arena &a = *dict->ar;
	inc_list *inc = dict->own_include(ctemplate::TemplateString(marker));
	if (inc == nullptr) {
		size_t n = strlen(marker);

		inc = make<inc_list>(a);
		inc->name = str{a.copy(marker, n), n};
		inc->next = dict->includes;
		dict->includes = inc;
	}
	/* An include sees only its own values and the globals. */
	tmpl_dict *child = dict->child(true);
	child->filename = a.copy(file, strlen(file));
	inc_entry *e = make<inc_entry>(a);
	e->dict = child;
	if (inc->last != nullptr)
		inc->last->next = e;
	else
		inc->first = e;
	inc->last = e;
	inc->n++;
	return child;
} catch (...) {
	dict->root->failed = true;
	return nullptr;
}

void
tmpl_dict_clear(struct tmpl_dict *dict)
{
	if (dict == nullptr)
		return;
	dict->values.first = nullptr;
	dict->sections = nullptr;
	dict->includes = nullptr;
	dict->shown_p = nullptr;
}

void
tmpl_include_text(struct tmpl_dict *dict, const char *marker, const char *text,
                  size_t len)
{
	struct tmpl_dict *d;

	if (dict == nullptr || text == nullptr)
		return;
	d = tmpl_include_add(dict, marker, text_template);
	if (d == nullptr)
		return;
	try {
		d->values.set_borrowed(*d->ar, text_var, sizeof(text_var) - 1,
		                       text, len);
	} catch (...) {
		d->root->failed = true;
	}
}

int
tmpl_expand_include(char **out, size_t *len, int *outside,
                    struct tmpl_cache *cache, enum tmpl_strip strip,
                    const struct tmpl_dict *include)
{
	unsigned long before = outside_reads;
	int rc;

	*outside = 0;
	/* the page's stop flag is its own: keep it as it was */
	bool stop = include->root->stop;
	rc = tmpl_expand(out, len, cache, include->filename, strip, include);
	include->root->stop = stop;
	*outside = outside_reads != before;
	return rc;
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
	expansion_scope scope(&out, cache);
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

int
tmpl_memo_new(struct tmpl_memo **out, size_t n_keys)
try {
	std::unique_ptr<tmpl_memo> m(new tmpl_memo);

	*out = nullptr;
	m->slots.reset(new std::atomic<memo_rec *>[2 * n_keys + 1]());
	m->n = n_keys;
	*out = m.release();
	return 0;
} catch (...) {
	set_error("out of memory");
	return -1;
}

void
tmpl_memo_free(struct tmpl_memo *memo)
{
	delete memo;
}

void
tmpl_memo_stats(const struct tmpl_memo *memo, size_t *hits, size_t *records)
{
	*hits = memo != nullptr ? memo->hits.load() : 0;
	*records = memo != nullptr ? memo->records.load() : 0;
}

const char *
tmpl_error(void)
{
	return last_error.c_str();
}

} /* extern "C" */
