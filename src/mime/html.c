/* html.c - HTML to readable text with libxml2: paragraphs, lists, numbered links, quotes, dir="". */
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "mime/mime-internal.h"

/* What an element does to the text around it. */
enum tag_kind {
	TAG_INLINE,     /* nothing: b, span, font, … */
	TAG_SKIP,       /* dropped with its content: script, style, head, … */
	TAG_BLOCK,      /* starts and ends a line: div, tr, li's list, … */
	TAG_PARA,       /* starts and ends a paragraph: p, h1, … */
	TAG_BR,
	TAG_CELL,       /* td, th: a space between cells */
	TAG_LIST_UL,
	TAG_LIST_OL,
	TAG_ITEM,       /* li */
	TAG_QUOTE,      /* blockquote: a paragraph whose lines get "> " */
	TAG_PRE,
	TAG_LINK,
	TAG_IMG,
};

static const struct {
	const char *name;
	enum tag_kind kind;
} tags[] = {
	{ "a", TAG_LINK }, { "address", TAG_PARA }, { "applet", TAG_SKIP },
	{ "article", TAG_BLOCK }, { "aside", TAG_BLOCK }, { "blockquote", TAG_QUOTE },
	{ "body", TAG_BLOCK }, { "br", TAG_BR }, { "button", TAG_INLINE },
	{ "caption", TAG_BLOCK }, { "center", TAG_BLOCK }, { "dd", TAG_BLOCK },
	{ "details", TAG_BLOCK }, { "dir", TAG_LIST_UL }, { "div", TAG_BLOCK },
	{ "dl", TAG_PARA }, { "dt", TAG_BLOCK }, { "embed", TAG_SKIP },
	{ "fieldset", TAG_BLOCK }, { "figcaption", TAG_BLOCK }, { "figure", TAG_PARA },
	{ "footer", TAG_BLOCK }, { "form", TAG_BLOCK }, { "frameset", TAG_SKIP },
	{ "h1", TAG_PARA }, { "h2", TAG_PARA }, { "h3", TAG_PARA }, { "h4", TAG_PARA },
	{ "h5", TAG_PARA }, { "h6", TAG_PARA }, { "head", TAG_SKIP },
	{ "header", TAG_BLOCK }, { "hr", TAG_PARA }, { "html", TAG_BLOCK },
	{ "iframe", TAG_SKIP }, { "img", TAG_IMG }, { "legend", TAG_BLOCK },
	{ "li", TAG_ITEM }, { "listing", TAG_PRE }, { "main", TAG_BLOCK },
	{ "map", TAG_SKIP }, { "math", TAG_SKIP }, { "menu", TAG_LIST_UL },
	{ "nav", TAG_BLOCK }, { "noscript", TAG_SKIP }, { "object", TAG_SKIP },
	{ "ol", TAG_LIST_OL }, { "p", TAG_PARA }, { "plaintext", TAG_PRE },
	{ "pre", TAG_PRE }, { "script", TAG_SKIP }, { "section", TAG_BLOCK },
	{ "select", TAG_SKIP }, { "style", TAG_SKIP }, { "summary", TAG_BLOCK },
	{ "svg", TAG_SKIP }, { "table", TAG_BLOCK }, { "td", TAG_CELL },
	{ "template", TAG_SKIP }, { "textarea", TAG_SKIP }, { "th", TAG_CELL },
	{ "title", TAG_SKIP }, { "tr", TAG_BLOCK }, { "ul", TAG_LIST_UL },
	{ "xmp", TAG_PRE },
};

static enum tag_kind
tag_kind(const xmlChar *name)
{
	size_t lo = 0, hi = TT_ARRAY_LEN(tags), mid;
	int c;

	if (name == NULL)
		return TAG_INLINE;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = ascii_strcasecmp((const char *)name, tags[mid].name);
		if (c == 0)
			return tags[mid].kind;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return TAG_INLINE;
}

/* One open element; what its descendants inherit is worked out once here,
 * so hostile nesting costs no walk up the stack. */
struct frame {
	enum tag_kind kind;
	enum mime_dir dir;
	unsigned quote;  /* blockquotes open */
	unsigned lists;  /* ul/ol open */
	unsigned pre;    /* pre open */
	unsigned items;  /* for an ol: items seen so far */
	size_t list;     /* index + 1 of the innermost open list, 0 for none */
};

struct render {
	struct buf text;       /* finished paragraphs, "\n\n" between */
	struct buf para;       /* the paragraph being written */
	enum mime_dir para_dir;
	enum mime_dir *dirs;
	size_t ndirs;
	unsigned nl;           /* pending breaks: 1 a line, 2 a paragraph */
	bool space;            /* a collapsed space is pending */
	char marker[24];       /* a list marker waiting for the item's text */
	struct frame *stack;
	size_t depth, cap;
	size_t link_depth;     /* depth of the open <a>, 0 for none */
	char *link_href;
	struct buf link_text;
	char **urls;           /* the link list, numbered from 1 */
	size_t nurls;
	GHashTable *numbers;   /* url (in urls) -> its number */
};

static const struct frame *
top(const struct render *r)
{
	static const struct frame none = { TAG_BLOCK, MIME_DIR_AUTO, 0, 0, 0, 0, 0 };

	return r->depth > 0 ? &r->stack[r->depth - 1] : &none;
}

static void
want_break(struct render *r, unsigned n)
{
	if (r->nl < n)
		r->nl = n;
}

static void
finish_para(struct render *r)
{
	if (r->para.len == 0)
		return;
	if (r->text.len > 0)
		buf_adds(&r->text, "\n\n");
	buf_add(&r->text, r->para.data, r->para.len);
	MIME_GROW(r->dirs, r->ndirs);
	r->dirs[r->ndirs++] = r->para_dir;
	buf_reset(&r->para);
}

/* Writes a run of visible text, first turning pending breaks, the quote
 * prefix, list markers and a pending space into characters. */
static void
put(struct render *r, const char *s, size_t n)
{
	const struct frame *f = top(r);
	bool line_start;
	unsigned i;

	if (n == 0)
		return;
	if (r->para.len == 0) {
		r->para_dir = f->dir;
		line_start = true;
	} else if (r->nl >= 2) {
		finish_para(r);
		r->para_dir = f->dir;
		line_start = true;
	} else if (r->nl == 1) {
		buf_addc(&r->para, '\n');
		line_start = true;
	} else
		line_start = false;
	r->nl = 0;
	if (line_start) {
		for (i = 0; i < f->quote; i++)
			buf_adds(&r->para, "> ");
		for (i = 1; i < f->lists; i++)
			buf_adds(&r->para, "  ");
		if (r->marker[0] != '\0') {
			buf_adds(&r->para, r->marker);
			r->marker[0] = '\0';
		} else if (f->lists > 0)
			buf_adds(&r->para, "  ");
	} else if (r->space)
		buf_addc(&r->para, ' ');
	if (r->link_depth > 0) {
		if (r->space && r->link_text.len > 0)
			buf_addc(&r->link_text, ' ');
		buf_add(&r->link_text, s, n);
	}
	r->space = false;
	buf_add(&r->para, s, n);
}

/* Whitespace as a browser treats it: ASCII runs collapse to one space;
 * a no-break space (U+00A0) does too, as mail uses it for layout. */
static size_t
space_len(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f')
		return 1;
	if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
		return 2;
	return 0;
}

static void
put_text(struct render *r, const char *s)
{
	const char *start, *eol;
	size_t sp;

	if (top(r)->pre > 0) {
		/* Preformatted: lines and spaces as written. */
		while (*s != '\0') {
			eol = strchr(s, '\n');
			sp = eol != NULL ? (size_t)(eol - s) : strlen(s);
			if (sp > 0 && s[sp - 1] == '\r')
				sp--;
			start = s;
			while (start < s + sp && (*start == ' ' || *start == '\t'))
				start++;
			if (start < s + sp)
				put(r, s, sp);
			if (eol == NULL)
				break;
			if (r->nl < 2)
				r->nl++;
			s = eol + 1;
		}
		return;
	}
	while (*s != '\0') {
		if ((sp = space_len(s)) > 0) {
			r->space = true;
			s += sp;
			continue;
		}
		start = s;
		while (*s != '\0' && space_len(s) == 0)
			s++;
		put(r, start, (size_t)(s - start));
	}
}

static enum mime_dir
dir_attr(xmlNode *n, enum mime_dir inherited)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)"dir");
	enum mime_dir d = inherited;
	char *t;

	if (v == NULL)
		return inherited;
	t = g_strstrip((char *)v);
	if (ascii_strcasecmp(t, "rtl") == 0)
		d = MIME_DIR_RTL;
	else if (ascii_strcasecmp(t, "ltr") == 0)
		d = MIME_DIR_LTR;
	else if (ascii_strcasecmp(t, "auto") == 0)
		d = MIME_DIR_AUTO;
	xmlFree(v);
	return d;
}

/* The href worth a reference: not an anchor on the page, not script. */
static char *
link_href(xmlNode *n)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)"href");
	struct buf b = BUF_INIT;
	const char *p;

	if (v == NULL)
		return NULL;
	for (p = (const char *)v; *p != '\0'; p++) {
		if ((unsigned char)*p > ' ')
			buf_addc(&b, *p);
	}
	xmlFree(v);
	p = buf_str(&b);
	if (b.len == 0 || *p == '#' || ascii_strncasecmp(p, "javascript:", 11) == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static void
end_link(struct render *r)
{
	const char *href = r->link_href, *text;
	char num[24];
	size_t i;

	text = buf_str(&r->link_text);
	/* A link that shows its own address needs no reference. */
	if (r->link_text.len > 0 && strcmp(text, href) != 0 &&
	    !(ascii_strncasecmp(href, "mailto:", 7) == 0 && strcmp(text, href + 7) == 0)) {
		/* The same address keeps its number; a hash, as hostile HTML
		 * may hold a great many links. */
		if ((i = GPOINTER_TO_SIZE(g_hash_table_lookup(r->numbers, href))) == 0) {
			MIME_GROW(r->urls, r->nurls);
			r->urls[r->nurls++] = xstrdup(href);
			i = r->nurls;
			g_hash_table_insert(r->numbers, r->urls[i - 1], GSIZE_TO_POINTER(i));
		}
		snprintf(num, sizeof num, "[%zu]", i);
		r->space = true;
		r->link_depth = 0;
		put(r, num, strlen(num));
	}
	r->link_depth = 0;
	free(r->link_href);
	r->link_href = NULL;
	buf_reset(&r->link_text);
}

/* Opens element n; returns false when it is skipped with its content. */
static bool
enter(struct render *r, xmlNode *n)
{
	enum tag_kind kind = tag_kind(n->name);
	const struct frame *parent = top(r);
	struct frame f = *parent, *list;
	xmlChar *alt;

	if (kind == TAG_SKIP)
		return false;
	f.kind = kind;
	f.dir = dir_attr(n, parent->dir);
	f.items = 0;
	switch (kind) {
	case TAG_BR:
		if (r->nl < 2)
			r->nl++;
		break;
	case TAG_BLOCK:
		want_break(r, 1);
		break;
	case TAG_PARA:
		want_break(r, 2);
		break;
	case TAG_QUOTE:
		want_break(r, 2);
		f.quote++;
		break;
	case TAG_PRE:
		want_break(r, 2);
		f.pre++;
		break;
	case TAG_LIST_UL:
	case TAG_LIST_OL:
		want_break(r, f.lists == 0 ? 2 : 1);
		f.lists++;
		f.list = r->depth + 1;
		break;
	case TAG_ITEM:
		want_break(r, 1);
		list = f.list > 0 ? &r->stack[f.list - 1] : NULL;
		if (list != NULL && list->kind == TAG_LIST_OL)
			snprintf(r->marker, sizeof r->marker, "%u. ", ++list->items);
		else
			snprintf(r->marker, sizeof r->marker, "- ");
		break;
	case TAG_CELL:
		r->space = true;
		break;
	case TAG_LINK:
		if (r->link_depth == 0 && (r->link_href = link_href(n)) != NULL)
			r->link_depth = r->depth + 1;
		break;
	case TAG_IMG:
		alt = xmlGetProp(n, (const xmlChar *)"alt");
		if (alt != NULL) {
			r->space = true;
			put_text(r, (const char *)alt);
			r->space = true;
			xmlFree(alt);
		}
		break;
	default:
		break;
	}
	if (r->depth == r->cap) {
		r->cap = r->cap == 0 ? 32 : r->cap * 2;
		r->stack = xreallocarray(r->stack, r->cap, sizeof *r->stack);
	}
	r->stack[r->depth++] = f;
	return true;
}

static void
leave(struct render *r)
{
	const struct frame *f = top(r);

	if (r->depth == r->link_depth)
		end_link(r);
	switch (f->kind) {
	case TAG_BLOCK:
	case TAG_ITEM:
		want_break(r, 1);
		break;
	case TAG_PARA:
	case TAG_QUOTE:
	case TAG_PRE:
		want_break(r, 2);
		break;
	case TAG_LIST_UL:
	case TAG_LIST_OL:
		want_break(r, f->lists == 1 ? 2 : 1);
		r->marker[0] = '\0';
		break;
	case TAG_CELL:
		r->space = true;
		break;
	default:
		break;
	}
	r->depth--;
}

/* Depth-first without recursion: libxml2 keeps very deep trees of
 * hostile HTML, and the stack of a mail reader must not care. */
static void
walk(struct render *r, xmlNode *n)
{
	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE) {
			if (enter(r, n)) {
				if (n->children != NULL) {
					n = n->children;
					continue;
				}
				leave(r);
			}
		} else if (n->type == XML_TEXT_NODE && n->content != NULL)
			put_text(r, (const char *)n->content);
		while (n->next == NULL) {
			n = n->parent;
			if (n == NULL || n->type != XML_ELEMENT_NODE)
				return;
			leave(r);
		}
		n = n->next;
	}
}

char *
_mime_html_render(const char *html, size_t len, const char *encoding,
    enum mime_dir **dirs, size_t *ndirs)
{
	struct render r;
	htmlDocPtr doc;
	char *out;
	size_t i;

	memset(&r, 0, sizeof r);
	r.numbers = g_hash_table_new(g_str_hash, g_str_equal);
	if (dirs != NULL)
		*dirs = NULL;
	if (ndirs != NULL)
		*ndirs = 0;
	if (len > INT32_MAX)
		len = INT32_MAX;
	doc = len > 0 ? htmlReadMemory(html, (int)len, NULL, encoding,
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET) : NULL;
	if (doc != NULL) {
		walk(&r, doc->children);
		xmlFreeDoc(doc);
	}
	if (r.link_depth > 0)
		end_link(&r);
	finish_para(&r);
	if (r.nurls > 0) {
		/* The references, numbered as in the text, as a last paragraph. */
		for (i = 0; i < r.nurls; i++) {
			buf_addf(&r.para, "%s[%zu] %s", i > 0 ? "\n" : "", i + 1, r.urls[i]);
			free(r.urls[i]);
		}
		r.para_dir = MIME_DIR_LTR;
		finish_para(&r);
	}
	if (r.text.len > 0)
		buf_addc(&r.text, '\n');
	out = utf8_repair(buf_str(&r.text), r.text.len);
	buf_free(&r.text);
	buf_free(&r.para);
	buf_free(&r.link_text);
	free(r.link_href);
	g_hash_table_destroy(r.numbers);
	free(r.urls);
	free(r.stack);
	if (dirs != NULL && ndirs != NULL) {
		*dirs = r.dirs;
		*ndirs = r.ndirs;
	} else
		free(r.dirs);
	return out;
}

char *
mime_html_to_text(const char *html, size_t len, enum mime_dir **dirs,
    size_t *ndirs)
{
	char *fixed = NULL, *out;

	if (html == NULL)
		len = 0;
	/* libxml2 stops at the first invalid byte of a UTF-8 document. */
	if (len > 0 && !utf8_valid(html, len))
		html = fixed = utf8_repair(html, len);
	out = _mime_html_render(html, fixed != NULL ? strlen(fixed) : len, "UTF-8",
	    dirs, ndirs);
	free(fixed);
	return out;
}
