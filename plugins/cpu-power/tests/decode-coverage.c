/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs every instruction word of an ELF's executable sections through the real POWER decoder. */
#include "../internal.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * What counts as an instruction. Text sections hold data too: ELFv2
 * traceback tables after each function, literal words in hand-written
 * assembly, the byte-reversed words of endian trampolines. Two filters:
 *   - objdump's view (-M power10): a word objdump can only print as
 *     ".long" is no instruction of any Power ISA level, so it is data and
 *     is skipped, whatever modvm makes of it;
 *   - without objdump, the symbol table: a word modvm cannot decode that
 *     lies outside every sized STT_FUNC symbol is taken as data.
 * Words inside functions are counted apart from the others, so that what
 * the symbol table says stays visible even when objdump decides.
 * Switch tables come first: GCC puts some in .text right after the bctr
 * that uses them (Debian's kernel has about 14,600 such words), as 32-bit
 * offsets from the table's start; negative ones look like floating-point instructions
 * (0xffffeb48 is xsmsubqp to objdump). So the words after a bctr are
 * table entries while each, added to the table's address, lands inside the
 * function (the section when there are no symbols) on a word boundary.
 * Traceback tables (64-bit ELF ABI, "Traceback Tables"; GCC emits the
 * mandatory part in ELFv2 too) start with a zero word after a function's
 * last branch; the two words after that zero are the table's fixed fields,
 * whatever they decode as (0x00000200 is "attn" to objdump).
 * A prefixed instruction (primary opcode 1, Power ISA v3.1 Book I 1.6.3)
 * and its suffix count as one instruction at the prefix's address; if
 * objdump shows that "prefix" as data, the next word is judged on its own.
 */

typedef struct {
    guint64 lo, hi;
} Range;

typedef struct Finding {
    guint64 addr;
    guint32 word;
    guint32 word2;          /* the suffix of a prefixed instruction */
    gboolean prefixed;
    gboolean in_func;
    const PowerInsnDef *def;    /* NULL: undecodable */
    char *objdump;              /* objdump's view, or NULL */
    struct Finding *suffix;     /* the suffix word alone, if it fails alone */
} Finding;

typedef struct {
    const char *name;
    guint count;
    GHashTable *views;      /* objdump mnemonic -> count */
} Group;

typedef struct {
    guint64 words, insns, in_func, prefixed;
    guint64 undecodable, unimplemented, data, jump_table, traceback;
} Stats;

static const char *opt_objdump = "powerpc64le-linux-gnu-objdump";
static gboolean opt_no_objdump;
static int opt_list = 50;
static int opt_top = 20;

static guint32 get32(const guint8 *p, gboolean be)
{
    return be ? (guint32)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]
              : (guint32)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0];
}

static guint64 get64(const guint8 *p, gboolean be)
{
    return be ? (guint64)get32(p, TRUE) << 32 | get32(p + 4, TRUE)
              : (guint64)get32(p + 4, FALSE) << 32 | get32(p, FALSE);
}

static guint16 get16(const guint8 *p, gboolean be)
{
    return be ? p[0] << 8 | p[1] : p[1] << 8 | p[0];
}

static int range_cmp(gconstpointer a, gconstpointer b)
{
    const Range *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* The sized function symbols of section shndx, sorted. */
static GArray *function_ranges(const guint8 *img, gsize len, gboolean be, guint shndx)
{
    GArray *r = g_array_new(FALSE, FALSE, sizeof(Range));
    guint64 shoff = get64(img + 0x28, be);
    guint shentsize = get16(img + 0x3a, be), shnum = get16(img + 0x3c, be);

    for (guint i = 0; i < shnum; i++) {
        const guint8 *sh = img + shoff + (guint64)i * shentsize;
        if (get32(sh + 4, be) != SHT_SYMTAB) {
            continue;
        }
        guint64 off = get64(sh + 0x18, be), size = get64(sh + 0x20, be);
        guint64 entsize = get64(sh + 0x38, be);
        if (off + size > len || entsize < sizeof(Elf64_Sym)) {
            continue;
        }
        for (guint64 s = 0; s + entsize <= size; s += entsize) {
            const guint8 *sym = img + off + s;
            guint8 info = sym[4];
            guint16 idx = get16(sym + 6, be);
            guint64 value = get64(sym + 8, be), ssize = get64(sym + 16, be);
            if (ELF64_ST_TYPE(info) == STT_FUNC && ssize && idx == shndx) {
                Range rg = { value, value + ssize };
                g_array_append_val(r, rg);
            }
        }
    }
    g_array_sort(r, range_cmp);
    return r;
}

static gboolean in_ranges(GArray *r, guint64 addr, guint *hint)
{
    while (*hint < r->len && g_array_index(r, Range, *hint).hi <= addr) {
        (*hint)++;
    }
    /* Ranges may nest or overlap (aliases): look a little ahead of the hint. */
    for (guint i = *hint; i < r->len && i < *hint + 8; i++) {
        Range *rg = &g_array_index(r, Range, i);
        if (rg->lo <= addr && addr < rg->hi) {
            return TRUE;
        }
        if (rg->lo > addr) {
            break;
        }
    }
    return FALSE;
}

/* The sized function containing addr, or NULL. */
static const Range *containing_range(GArray *r, guint64 addr)
{
    guint lo = 0, hi = r->len;
    while (lo < hi) {
        guint mid = (lo + hi) / 2;
        if (g_array_index(r, Range, mid).lo <= addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    /* lo ranges start at or before addr; nested ones are a few entries back */
    for (guint i = lo; i > 0 && i + 8 > lo; i--) {
        const Range *rg = &g_array_index(r, Range, i - 1);
        if (addr < rg->hi) {
            return rg;
        }
    }
    return NULL;
}

#define INSN_BCTR 0x4e800420u
#define INSN_BLR 0x4e800020u

/* b, ba (not bl): the other way, with blr and bctr, for a function to end */
static gboolean ends_flow(guint32 w)
{
    return w == INSN_BLR || w == INSN_BCTR || ((w >> 26) == 18 && !(w & 1));
}

/* Marks the fixed fields of each traceback table (see the top). */
static guint64 mark_tracebacks(const guint8 *text, guint64 size, gboolean be, guint8 *table)
{
    guint64 marked = 0;
    for (guint64 o = 4; o + 12 <= size; o += 4) {
        if (get32(text + o, be) == 0 && ends_flow(get32(text + o - 4, be))) {
            for (guint64 t = o + 4; t <= o + 8; t += 4) {
                marked += !table[t / 4];
                table[t / 4] = 1;
            }
        }
    }
    return marked;
}

/* Marks the switch-table words that follow each bctr in the section (see the top). */
static guint64 mark_jump_tables(const guint8 *text, guint64 size, guint64 addr, gboolean be,
                                GArray *funcs, guint8 *table)
{
    guint64 marked = 0;
    for (guint64 o = 0; o + 4 <= size; o += 4) {
        if (get32(text + o, be) != INSN_BCTR) {
            continue;
        }
        const Range *f = containing_range(funcs, addr + o);
        guint64 lo = f ? f->lo : addr, hi = f ? f->hi : addr + size;
        guint64 base = addr + o + 4;
        for (guint64 t = o + 4; t + 4 <= size; t += 4) {
            gint32 off = (gint32)get32(text + t, be);
            guint64 target = base + (gint64)off;
            if ((off & 3) || target < lo || target >= hi || target == base) {
                break;
            }
            table[t / 4] = 1;
            marked++;
        }
    }
    return marked;
}

static gboolean is_unimplemented(const PowerInsnDef *def)
{
    return (def->flags & INSN_UNIMP) || !def->trans;
}

/*
 * objdump's view of the addresses in want (address -> Finding): one pass
 * over "objdump -d -z" output, keeping only the lines asked for.
 */
static gboolean objdump_views(const char *path, GHashTable *want)
{
    g_autofree char *qpath = g_shell_quote(path);
    g_autofree char *qtool = g_shell_quote(opt_objdump);
    g_autofree char *cmd = g_strdup_printf("%s -d -z -M power10 %s 2>/dev/null", qtool, qpath);
    FILE *f = popen(cmd, "r");
    char *line = NULL;
    size_t cap = 0;
    guint found = 0;

    if (!f) {
        return FALSE;
    }
    while (getline(&line, &cap, f) > 0) {
        char *end;
        guint64 addr = g_ascii_strtoull(line, &end, 16);
        if (end == line || *end != ':' || end[1] != '\t') {
            continue;
        }
        Finding *fd = g_hash_table_lookup(want, &addr);
        if (!fd) {
            continue;
        }
        /* "addr:\tbb bb bb bb \tmnemonic operands" */
        char *tab = strchr(end + 2, '\t');
        if (!tab) {
            continue;
        }
        g_free(fd->objdump);
        fd->objdump = g_strstrip(g_strdup(tab + 1));
        found++;
    }
    free(line);
    return pclose(f) == 0 && found > 0;
}

static gboolean objdump_says_data(const Finding *fd)
{
    return fd->objdump && (g_str_has_prefix(fd->objdump, ".long") ||
                           g_str_has_prefix(fd->objdump, ".word") ||
                           g_str_has_prefix(fd->objdump, ".byte"));
}

static void group_add(GHashTable *groups, const Finding *fd)
{
    const char *name = fd->def ? fd->def->name : "(undecodable)";
    Group *g = g_hash_table_lookup(groups, name);
    if (!g) {
        g = g_new0(Group, 1);
        g->name = name;
        g->views = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        g_hash_table_insert(groups, (gpointer)name, g);
    }
    g->count++;
    if (fd->objdump) {
        char *m = g_strndup(fd->objdump, strcspn(fd->objdump, " \t"));
        guint n = GPOINTER_TO_UINT(g_hash_table_lookup(g->views, m));
        g_hash_table_insert(g->views, m, GUINT_TO_POINTER(n + 1));
    }
}

static void group_free(gpointer p)
{
    Group *g = p;
    g_hash_table_unref(g->views);
    g_free(g);
}

static int group_cmp(gconstpointer a, gconstpointer b)
{
    const Group *x = *(Group **)a, *y = *(Group **)b;
    return x->count != y->count ? (x->count < y->count ? 1 : -1) : strcmp(x->name, y->name);
}

typedef struct {
    const char *name;
    guint count;
} View;

static int view_cmp(gconstpointer a, gconstpointer b)
{
    const View *x = a, *y = b;
    return x->count != y->count ? (x->count < y->count ? 1 : -1) : strcmp(x->name, y->name);
}

/* "lfd 120, stfd 80, ..." : mnemonic counts, most frequent first, at most max of them. */
static char *views_text(GHashTable *views, guint max)
{
    GArray *v = g_array_new(FALSE, FALSE, sizeof(View));
    GHashTableIter it;
    gpointer k, val;
    GString *s = g_string_new(NULL);

    g_hash_table_iter_init(&it, views);
    while (g_hash_table_iter_next(&it, &k, &val)) {
        View x = { k, GPOINTER_TO_UINT(val) };
        g_array_append_val(v, x);
    }
    g_array_sort(v, view_cmp);
    for (guint i = 0; i < v->len && i < max; i++) {
        View *x = &g_array_index(v, View, i);
        g_string_append_printf(s, "%s%s %u", i ? ", " : "", x->name, x->count);
    }
    if (v->len > max) {
        g_string_append_printf(s, ", ... (%u kinds)", v->len);
    }
    g_array_free(v, TRUE);
    return g_string_free(s, FALSE);
}

static void print_finding(const char *what, const Finding *fd)
{
    if (fd->prefixed) {
        printf("  %-13s %016" G_GINT64_MODIFIER "x  %08x %08x  %-12s  %s\n", what, fd->addr,
               fd->word, fd->word2, fd->def ? fd->def->name : "-",
               fd->objdump ? fd->objdump : "(no objdump view)");
    } else {
        printf("  %-13s %016" G_GINT64_MODIFIER "x  %08x           %-12s  %s\n", what,
               fd->addr, fd->word, fd->def ? fd->def->name : "-",
               fd->objdump ? fd->objdump : "(no objdump view)");
    }
}

static void finding_free(gpointer p)
{
    Finding *fd = p;
    if (fd->suffix) {
        finding_free(fd->suffix);
    }
    g_free(fd->objdump);
    g_free(fd);
}

typedef struct {
    Stats *st;
    gboolean have_objdump, have_symbols;
    GHashTable *groups;         /* decoder entry name -> Group */
    guint64 data_in_func, listed;
} Verdicts;

/* Data, undecodable or unimplemented: counts, lists and groups one failing candidate. */
static void judge(Verdicts *v, Finding *fd)
{
    gboolean data = v->have_objdump ? objdump_says_data(fd)
                                    : (!fd->def && !fd->in_func && v->have_symbols);
    if (data) {
        v->st->data++;
        v->data_in_func += fd->in_func;
        if (fd->prefixed && v->have_objdump) {
            /* not a prefix after all: the next word is one of its own */
            v->st->prefixed--;
            v->st->insns++;
            if (fd->suffix) {
                judge(v, fd->suffix);
            }
        }
        return;
    }
    if (!fd->def) {
        v->st->undecodable++;
        if (v->listed++ < (guint64)opt_list) {
            print_finding("undecodable", fd);
        }
    } else {
        v->st->unimplemented++;
    }
    group_add(v->groups, fd);
}

/* Checks one ELF; returns the number of failing instructions, or -1 if it cannot be read. */
static gint64 check_elf(const char *path)
{
    g_autofree guint8 *img = NULL;
    gsize len;
    g_autoptr(GError) err = NULL;
    Stats st = { 0 };

    if (!g_file_get_contents(path, (char **)&img, &len, &err)) {
        fprintf(stderr, "decode-coverage: %s\n", err->message);
        return -1;
    }
    if (len < 0x40 || memcmp(img, ELFMAG, SELFMAG) || img[EI_CLASS] != ELFCLASS64) {
        fprintf(stderr, "decode-coverage: %s: not a 64-bit ELF file\n", path);
        return -1;
    }
    gboolean be = img[EI_DATA] == ELFDATA2MSB;
    guint64 shoff = get64(img + 0x28, be);
    guint shentsize = get16(img + 0x3a, be), shnum = get16(img + 0x3c, be);
    if (shoff + (guint64)shentsize * shnum > len || shentsize < sizeof(Elf64_Shdr)) {
        fprintf(stderr, "decode-coverage: %s: bad section headers\n", path);
        return -1;
    }
    guint shstrndx = get16(img + 0x3e, be);
    const guint8 *strsh = img + shoff + (guint64)shstrndx * shentsize;
    guint64 stroff = get64(strsh + 0x18, be);

    GPtrArray *cands = g_ptr_array_new_with_free_func(finding_free);
    gboolean have_symbols = FALSE;

    printf("%s (%s-endian)\n", path, be ? "big" : "little");
    for (guint i = 0; i < shnum; i++) {
        const guint8 *sh = img + shoff + (guint64)i * shentsize;
        guint64 flags = get64(sh + 8, be), addr = get64(sh + 0x10, be);
        guint64 off = get64(sh + 0x18, be), size = get64(sh + 0x20, be);
        const char *name = (const char *)img + stroff + get32(sh, be);
        if (get32(sh + 4, be) != SHT_PROGBITS || !(flags & SHF_EXECINSTR) || off + size > len) {
            continue;
        }
        GArray *funcs = function_ranges(img, len, be, i);
        guint hint = 0;
        guint64 sec_words = size / 4, sec_in = 0;
        have_symbols |= funcs->len > 0;
        g_autofree guint8 *table = g_malloc0(size / 4 + 1);
        st.jump_table += mark_jump_tables(img + off, size, addr, be, funcs, table);
        st.traceback += mark_tracebacks(img + off, size, be, table);
        for (guint64 o = 0; o + 4 <= size; o += 4) {
            guint32 w = get32(img + off + o, be);
            if (table[o / 4]) {
                st.words++;
                continue;
            }
            guint64 a = addr + o;
            gboolean in_func = in_ranges(funcs, a, &hint);
            const PowerInsnDef *def = power_decode(w);
            Finding fd = { .addr = a, .word = w, .in_func = in_func, .def = def };

            st.words++;
            st.insns++;
            sec_in += in_func;
            st.in_func += in_func;
            if ((w >> 26) == 1 && o + 8 <= size) {
                /* a prefix: the suffix is part of this instruction */
                fd.prefixed = TRUE;
                fd.word2 = get32(img + off + o + 4, be);
                st.prefixed++;
                st.words++;
                o += 4;
                def = power_decode_prefixed(w, fd.word2);
                if (def) {
                    fd.def = def;
                }
            }
            if (def && !is_unimplemented(def)) {
                continue;
            }
            if (fd.prefixed) {
                const PowerInsnDef *d2 = power_decode(fd.word2);
                if (!d2 || is_unimplemented(d2)) {
                    Finding sfd = { .addr = a + 4, .word = fd.word2, .in_func = in_func, .def = d2 };
                    fd.suffix = g_memdup2(&sfd, sizeof(sfd));
                }
            }
            g_ptr_array_add(cands, g_memdup2(&fd, sizeof(fd)));
        }
        printf("  section %-20s %016" G_GINT64_MODIFIER "x  %8" G_GINT64_MODIFIER
               "u words, %8" G_GINT64_MODIFIER "u in %u sized functions\n",
               name, addr, sec_words, sec_in, funcs->len);
        g_array_free(funcs, TRUE);
    }

    /* objdump's view of every word that would fail */
    gboolean have_objdump = FALSE;
    if (!opt_no_objdump && cands->len) {
        GHashTable *want = g_hash_table_new(g_int64_hash, g_int64_equal);
        for (guint i = 0; i < cands->len; i++) {
            Finding *fd = cands->pdata[i];
            g_hash_table_insert(want, &fd->addr, fd);
            if (fd->suffix) {
                g_hash_table_insert(want, &fd->suffix->addr, fd->suffix);
            }
        }
        have_objdump = objdump_views(path, want);
        g_hash_table_unref(want);
        if (!have_objdump) {
            printf("  (no objdump view: %s did not run; data is told from code by the "
                   "symbol table only)\n", opt_objdump);
        }
    }

    Verdicts v = {
        .st = &st, .have_objdump = have_objdump, .have_symbols = have_symbols,
        .groups = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, group_free),
    };
    for (guint i = 0; i < cands->len; i++) {
        judge(&v, cands->pdata[i]);
    }
    GHashTable *groups = v.groups;
    guint64 data_in_func = v.data_in_func, listed = v.listed;
    if (listed > (guint64)opt_list) {
        printf("  ... %" G_GINT64_MODIFIER "u more undecodable (--list)\n",
               listed - opt_list);
    }

    GPtrArray *sorted = g_ptr_array_new();
    GHashTableIter it;
    gpointer gv;
    g_hash_table_iter_init(&it, groups);
    while (g_hash_table_iter_next(&it, NULL, &gv)) {
        g_ptr_array_add(sorted, gv);
    }
    g_ptr_array_sort(sorted, group_cmp);
    if (sorted->len) {
        printf("  failing instructions by decoder entry (objdump's mnemonics):\n");
    }
    for (guint i = 0; i < sorted->len && i < (guint)opt_top; i++) {
        Group *g = sorted->pdata[i];
        g_autofree char *views = views_text(g->views, 6);
        printf("    %8u  %-14s  %s\n", g->count, g->name, views);
    }
    if (sorted->len > (guint)opt_top) {
        printf("    ... %u more entries (--top)\n", sorted->len - opt_top);
    }
    /* the same failures by objdump's mnemonic: what to implement next */
    GHashTable *all = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < sorted->len; i++) {
        Group *g = sorted->pdata[i];
        GHashTableIter vi;
        gpointer k, val;
        g_hash_table_iter_init(&vi, g->views);
        while (g_hash_table_iter_next(&vi, &k, &val)) {
            guint n = GPOINTER_TO_UINT(g_hash_table_lookup(all, k));
            g_hash_table_insert(all, k, GUINT_TO_POINTER(n + GPOINTER_TO_UINT(val)));
        }
    }
    if (g_hash_table_size(all)) {
        g_autofree char *top = views_text(all, opt_top);
        printf("  failing instructions by objdump's mnemonic (top %d): %s\n", opt_top, top);
    }
    g_hash_table_unref(all);
    printf("  summary: %" G_GINT64_MODIFIER "u words, %" G_GINT64_MODIFIER "u instructions "
           "(%" G_GINT64_MODIFIER "u prefixed), %" G_GINT64_MODIFIER "u in sized functions; "
           "%" G_GINT64_MODIFIER "u switch-table and %" G_GINT64_MODIFIER "u traceback-table "
           "words skipped; "
           "%" G_GINT64_MODIFIER "u data words skipped (%" G_GINT64_MODIFIER "u of them inside "
           "functions, %s); %" G_GINT64_MODIFIER "u undecodable, %" G_GINT64_MODIFIER
           "u unimplemented (%u mnemonics)\n",
           st.words, st.insns, st.prefixed, st.in_func, st.jump_table, st.traceback, st.data, data_in_func,
           have_objdump ? "objdump shows .long" : "symbol table",
           st.undecodable, st.unimplemented, sorted->len);
    g_ptr_array_unref(sorted);
    g_hash_table_unref(groups);
    g_ptr_array_unref(cands);
    return (gint64)(st.undecodable + st.unimplemented);
}

/* "guest:REL" is REL in the Debian guest cache of scripts/fetch-guests.sh. */
static char *guest_path(const char *arg)
{
    if (!g_str_has_prefix(arg, "guest:")) {
        return g_strdup(arg);
    }
    const char *cache = g_getenv("MODVM_GUEST_CACHE");
    g_autofree char *dflt = g_build_filename(g_get_home_dir(), ".cache", "modvm", "guests", NULL);
    return g_build_filename(cache && *cache ? cache : dflt, "debian-bookworm-ppc64el",
                            arg + strlen("guest:"), NULL);
}

int main(int argc, char **argv)
{
    static GOptionEntry entries[] = {
        { "objdump", 0, 0, G_OPTION_ARG_STRING, &opt_objdump,
          "objdump to ask about failing words (default powerpc64le-linux-gnu-objdump)", "PATH" },
        { "no-objdump", 0, 0, G_OPTION_ARG_NONE, &opt_no_objdump,
          "tell data from code by the symbol table only", NULL },
        { "list", 0, 0, G_OPTION_ARG_INT, &opt_list, "undecodable words to list (50)", "N" },
        { "top", 0, 0, G_OPTION_ARG_INT, &opt_top, "mnemonics to list (20)", "N" },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("ELF... - POWER decoder coverage");
    g_autoptr(GError) err = NULL;
    int status = 0;

    g_option_context_set_description(ctx,
        "Decodes every instruction word of the executable sections with modvm's POWER\n"
        "decoder and lists the words that decode to nothing or to an unimplemented\n"
        "instruction. Exit status 1 if any does (or a file cannot be read).\n"
        "An argument guest:REL names REL in the guest cache of scripts/fetch-guests.sh\n"
        "($MODVM_GUEST_CACHE or ~/.cache/modvm/guests, debian-bookworm-ppc64el/). If no\n"
        "file exists the exit status is 77 (skipped); if only some are missing, 1.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "decode-coverage: %s\n", err->message);
        return 2;
    }
    if (argc < 2) {
        fprintf(stderr, "decode-coverage: no ELF file given\n");
        return 2;
    }
    int missing = 0;
    for (int i = 1; i < argc; i++) {
        g_autofree char *path = guest_path(argv[i]);
        if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
            printf("%s: missing (scripts/fetch-guests.sh fetches it)\n", path);
            missing++;
            continue;
        }
        if (check_elf(path)) {
            status = 1;
        }
    }
    if (missing == argc - 1) {
        return 77;
    }
    return missing ? 1 : status;
}
