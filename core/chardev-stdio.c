/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The stdio backend: the terminal in raw mode, restored on every exit, with QEMU's Ctrl-A escapes. */
#include "chardev-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#define ESCAPE_CHAR 0x01    /* Ctrl-A */

typedef struct {
    ModvmChardev parent;
    gboolean signal;
    gboolean mux;
    gboolean escape_pending;
    gboolean is_tty;
    int own_out_fd;                     /* our reopened stdout, or -1 */
    void (*monitor_fn)(void *opaque);
    void *monitor_opaque;
} ModvmChardevStdio;

typedef struct {
    ModvmChardevClass parent_class;
} ModvmChardevStdioClass;

MODVM_CHARDEV_DEFINE_TYPE(ModvmChardevStdio, modvm_chardev_stdio, "chardev-stdio")

#define IS_STDIO(o) G_TYPE_CHECK_INSTANCE_TYPE((o), modvm_chardev_stdio_get_type())

static const ModvmProperty stdio_props[] = {
    MODVM_PROP_BOOL("signal", ModvmChardevStdio, signal, TRUE,
                    "Ctrl-C and friends signal modvm (off: they go to the guest)"),
    MODVM_PROP_BOOL("mux", ModvmChardevStdio, mux, FALSE,
                    "accepted for QEMU compatibility: the Ctrl-A escapes are always on"),
    MODVM_PROP_END
};

/* The terminal is one per process: this state is shared with the signal handlers. */
static ModvmChardevStdio *stdio_owner;
static struct termios stdio_saved_tio;
static struct termios stdio_raw_tio;
static volatile sig_atomic_t stdio_tty_raw;
static struct sigaction stdio_old_actions[NSIG];

static const int stdio_fatal_signals[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL };
static const int stdio_term_signals[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };

static void stdio_restore_tty(void)
{
    if (stdio_tty_raw) {
        tcsetattr(STDIN_FILENO, TCSANOW, &stdio_saved_tio);
        stdio_tty_raw = 0;
    }
}

static gboolean is_fatal_signal(int sig)
{
    for (guint i = 0; i < G_N_ELEMENTS(stdio_fatal_signals); i++) {
        if (stdio_fatal_signals[i] == sig) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Async-signal-safe only: tcsetattr, sigaction, raise and the chained handler. */
static void stdio_signal_handler(int sig, siginfo_t *info, void *uc)
{
    const struct sigaction *old = &stdio_old_actions[sig];
    gboolean old_is_fn = (old->sa_flags & SA_SIGINFO) ? old->sa_sigaction != NULL
                                                      : (old->sa_handler != SIG_DFL &&
                                                         old->sa_handler != SIG_IGN);

    if (sig == SIGCONT) {
        /* Back from Ctrl-Z: the shell put the terminal back in cooked mode. */
        if (stdio_tty_raw) {
            tcsetattr(STDIN_FILENO, TCSANOW, &stdio_raw_tio);
        }
    } else if (old_is_fn && !is_fatal_signal(sig)) {
        /* Someone shuts down in order (and closes us, restoring the terminal). */
    } else if (!old_is_fn && old->sa_handler == SIG_IGN && !is_fatal_signal(sig)) {
        return;
    } else if (stdio_tty_raw) {
        /* We are about to die: leave the user a usable terminal. */
        tcsetattr(STDIN_FILENO, TCSANOW, &stdio_saved_tio);
    }
    if (old_is_fn) {
        if (old->sa_flags & SA_SIGINFO) {
            old->sa_sigaction(sig, info, uc);
        } else {
            old->sa_handler(sig);
        }
    } else if (sig != SIGCONT) {
        struct sigaction dfl = { .sa_handler = SIG_DFL };
        sigemptyset(&dfl.sa_mask);
        sigaction(sig, &dfl, NULL);
        raise(sig);     /* blocked while we run: the default action comes when we return */
    }
}

static void stdio_install_handler(int sig)
{
    struct sigaction act = { .sa_sigaction = stdio_signal_handler,
                             .sa_flags = SA_SIGINFO | SA_RESTART };
    sigemptyset(&act.sa_mask);
    sigaction(sig, &act, &stdio_old_actions[sig]);
}

/* Once per process: the handlers stay, and do nothing of ours unless the terminal is raw. */
static void stdio_install_exit_paths(void)
{
    static gboolean done;

    if (done) {
        return;
    }
    done = TRUE;
    atexit(stdio_restore_tty);
    for (guint i = 0; i < G_N_ELEMENTS(stdio_fatal_signals); i++) {
        stdio_install_handler(stdio_fatal_signals[i]);
    }
    for (guint i = 0; i < G_N_ELEMENTS(stdio_term_signals); i++) {
        stdio_install_handler(stdio_term_signals[i]);
    }
    stdio_install_handler(SIGCONT);
}

/* cfmakeraw, but "\n" still returns the carriage and, with signal=on, Ctrl-C still signals. */
static void stdio_enter_raw(gboolean keep_signals)
{
    struct termios tio;

    if (tcgetattr(STDIN_FILENO, &tio) < 0) {
        return;
    }
    stdio_saved_tio = tio;
    tio.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    tio.c_oflag |= OPOST;
    tio.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!keep_signals) {
        tio.c_lflag &= ~ISIG;
    }
    tio.c_cflag &= ~(CSIZE | PARENB);
    tio.c_cflag |= CS8;
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    stdio_raw_tio = tio;
    stdio_install_exit_paths();
    stdio_tty_raw = 1;
    tcsetattr(STDIN_FILENO, TCSANOW, &tio);
}

/*
 * Writing must never block, but O_NONBLOCK on fd 1 itself would also hit
 * stderr and the shell that shares its open file description. A reopened
 * /proc/self/fd/1 is a description of our own. A regular file never blocks
 * (and reopening it would lose its offset); a socket is written with
 * MSG_DONTWAIT anyway. Anything else falls back to fd 1 as it is.
 */
static int stdio_output_fd(ModvmChardevStdio *s)
{
    struct stat st;

    if (fstat(STDOUT_FILENO, &st) < 0) {
        return -1;
    }
    if (S_ISREG(st.st_mode) || S_ISSOCK(st.st_mode)) {
        return STDOUT_FILENO;
    }
    s->own_out_fd = open("/proc/self/fd/1", O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    return s->own_out_fd >= 0 ? s->own_out_fd : STDOUT_FILENO;
}

char *modvm_chardev_stdio_escape_help(ModvmChardev *chr)
{
    ModvmChardevStdio *s = IS_STDIO(chr) ? (ModvmChardevStdio *)chr : NULL;
    GString *help = g_string_new("\n");

    g_string_append(help, "C-a h    print this help\n");
    g_string_append(help, "C-a x    exit modvm\n");
    if (s && s->monitor_fn) {
        g_string_append(help, "C-a c    switch between console and monitor\n");
    }
    g_string_append(help, "C-a C-a  sends C-a\n");
    return g_string_free(help, FALSE);
}

static void stdio_escape(ModvmChardevStdio *s, guint8 c)
{
    ModvmChardev *chr = MODVM_CHARDEV(s);
    static const guint8 ctrl_a = ESCAPE_CHAR;

    switch (c) {
    case 'x':
        g_printerr("modvm: terminated\n");
        modvm_chardev_request_quit(chr);
        break;
    case 'h': {
        g_autofree char *help = modvm_chardev_stdio_escape_help(chr);
        modvm_chardev_write(chr, (const guint8 *)help, strlen(help));
        break;
    }
    case 'c':
        if (s->monitor_fn) {
            s->monitor_fn(s->monitor_opaque);
        }
        break;
    case ESCAPE_CHAR:
        modvm_chardev_frontend_receive(chr, &ctrl_a, 1);
        break;
    default:
        /* Unknown escapes are swallowed, as QEMU's mux does. */
        break;
    }
}

void modvm_chardev_stdio_feed(ModvmChardev *chr, const guint8 *buf, gsize len)
{
    ModvmChardevStdio *s;
    gsize start = 0;

    g_return_if_fail(IS_STDIO(chr));
    s = (ModvmChardevStdio *)chr;
    g_object_ref(chr);
    for (gsize i = 0; i < len; i++) {
        if (s->escape_pending) {
            s->escape_pending = FALSE;
            start = i + 1;
            stdio_escape(s, buf[i]);
        } else if (buf[i] == ESCAPE_CHAR) {
            modvm_chardev_frontend_receive(chr, buf + start, i - start);
            s->escape_pending = TRUE;
        }
    }
    if (!s->escape_pending && start < len) {
        modvm_chardev_frontend_receive(chr, buf + start, len - start);
    }
    g_object_unref(chr);
}

void modvm_chardev_stdio_set_monitor_switch(ModvmChardev *chr, void (*fn)(void *opaque),
                                            void *opaque)
{
    g_return_if_fail(IS_STDIO(chr));
    ((ModvmChardevStdio *)chr)->monitor_fn = fn;
    ((ModvmChardevStdio *)chr)->monitor_opaque = opaque;
}

static void stdio_input(ModvmChardev *chr, const guint8 *buf, gsize len)
{
    modvm_chardev_stdio_feed(chr, buf, len);
}

static const ModvmChrFdHooks stdio_hooks = {
    .input = stdio_input,
    .hangup = NULL,     /* EOF on stdin: CLOSED, input stops, output goes on (as in QEMU) */
};

static gboolean stdio_open(ModvmChardev *chr, GMainContext *context, GError **error)
{
    ModvmChardevStdio *s = (ModvmChardevStdio *)chr;
    int in_fd = fcntl(STDIN_FILENO, F_GETFD) >= 0 ? STDIN_FILENO : -1;

    if (stdio_owner) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE,
                    "the terminal is already used by stdio chardev '%s'; "
                    "only one stdio chardev can be open",
                    modvm_chardev_label(MODVM_CHARDEV(stdio_owner)));
        return FALSE;
    }
    stdio_owner = s;
    s->escape_pending = FALSE;
    s->is_tty = in_fd >= 0 && isatty(in_fd);
    if (s->is_tty) {
        stdio_enter_raw(s->signal);
    }
    modvm_chardev_attach_fds(chr, in_fd, stdio_output_fd(s), &stdio_hooks);
    modvm_chardev_frontend_event(chr, MODVM_CHR_EVENT_OPENED);
    return TRUE;
}

static void stdio_close(ModvmChardev *chr)
{
    ModvmChardevStdio *s = (ModvmChardevStdio *)chr;

    /* What the guest printed last is often why it stopped: give it a moment to get out. */
    modvm_chardev_flush(chr, 500);
    modvm_chardev_detach_fds(chr);
    if (s->own_out_fd >= 0) {
        close(s->own_out_fd);
        s->own_out_fd = -1;
    }
    if (s->is_tty) {
        stdio_restore_tty();
        s->is_tty = FALSE;
    }
    if (stdio_owner == s) {
        stdio_owner = NULL;
    }
}

static void modvm_chardev_stdio_init(ModvmChardevStdio *s)
{
    s->own_out_fd = -1;
}

static void modvm_chardev_stdio_class_init(ModvmChardevStdioClass *klass)
{
    ModvmChardevClass *cc = MODVM_CHARDEV_CLASS(klass);

    modvm_class_install_properties(G_OBJECT_CLASS(klass), stdio_props);
    MODVM_OBJECT_CLASS(klass)->description = "the terminal modvm runs in (Ctrl-A h for help)";
    cc->backend_name = "stdio";
    cc->open = stdio_open;
    cc->close = stdio_close;
}
