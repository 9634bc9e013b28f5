/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RTAS get-time-of-day and set-time-of-day (LoPAR "Time of Day"), run with -rtc base=2006-06-17T16:01:21. */
#include "rt.h"

/*
 * The clock moves while the program runs, so what is printed is what does
 * not depend on when: the date and hour of each reading, and whether it is
 * within a minute after the time that was set. The nanoseconds word is not
 * printed: QEMU 7.2 answers the low 32 bits of a nanosecond count there.
 */
#define BASE_Y 2006
#define BASE_MO 6
#define BASE_D 17
#define BASE_H 16
#define BASE_MI 1
#define BASE_S 21

static uint32_t tok_get, tok_set;

void rt_early(void)
{
    uint32_t rtas = rt_ci_finddevice("/rtas");
    uint32_t v;

    if (rtas && rtas != 0xffffffff) {
        tok_get = rt_ci_getprop(rtas, "get-time-of-day", &v, 4) == 4 ? rt_be32(v) : 0;
        tok_set = rt_ci_getprop(rtas, "set-time-of-day", &v, 4) == 4 ? rt_be32(v) : 0;
    }
}

/* Seconds since the epoch of a valid civil date and time (days from March-based years). */
static int64_t epoch_secs(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s)
{
    if (mo < 3) {
        mo += 12;
        y--;
    }
    return 86400 * (d + (153 * mo - 457) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 719469) +
           3600 * h + 60 * mi + s;
}

/* get-time-of-day: its status and date, and whether it is 0..59 s after the given time. */
static void show(const char *what, int64_t after)
{
    uint32_t rets[8];
    int32_t st = rt_rtas(tok_get, 0, 8, 0, rets);
    int64_t t;

    if (st != 0) {
        rt_printf("%s: get status %d\n", what, st);
        return;
    }
    t = epoch_secs(rets[1], rets[2], rets[3], rets[4], rets[5], rets[6]) - after;
    rt_printf("%s: %04u-%02u-%02u %02uh, within a minute after: %s\n", what, rets[1], rets[2],
              rets[3], rets[4], t >= 0 && t < 60 ? "yes" : "no");
}

static int32_t set(uint32_t y, uint32_t mo, uint32_t d, uint32_t h, uint32_t mi, uint32_t s)
{
    uint32_t args[7] = { y, mo, d, h, mi, s, 0 }, rets[1];

    return rt_rtas(tok_set, 7, 1, args, rets);
}

/* set-time-of-day with these fields, then what get-time-of-day says, expected after @after. */
static void set_show(const char *what, uint32_t y, uint32_t mo, uint32_t d, uint32_t h,
                     uint32_t mi, uint32_t s, int64_t after)
{
    rt_printf("%s: set status %d\n", what, set(y, mo, d, h, mi, s));
    show(what, after);
}

void test_main(void)
{
    uint32_t args[7] = { 0 }, rets[8];

    rt_printf("tokens: get %s, set %s\n", tok_get ? "yes" : "no", tok_set ? "yes" : "no");
    if (!tok_get || !tok_set) {
        return;
    }
    show("-rtc base", epoch_secs(BASE_Y, BASE_MO, BASE_D, BASE_H, BASE_MI, BASE_S));
    set_show("set 2010-02-28 23:58:00", 2010, 2, 28, 23, 58, 0,
             epoch_secs(2010, 2, 28, 23, 58, 0));
    set_show("set 2012-02-29 (leap day)", 2012, 2, 29, 12, 0, 0,
             epoch_secs(2012, 2, 29, 12, 0, 0));
    /* Fields out of range: what each emulator makes of them. */
    set_show("month 13", 2010, 13, 1, 0, 0, 0, epoch_secs(2011, 1, 1, 0, 0, 0));
    set_show("month 0", 2010, 0, 1, 0, 0, 0, epoch_secs(2009, 12, 1, 0, 0, 0));
    set_show("february 30", 2010, 2, 30, 0, 0, 0, epoch_secs(2010, 3, 2, 0, 0, 0));
    set_show("day 0", 2010, 1, 0, 0, 0, 0, epoch_secs(2009, 12, 31, 0, 0, 0));
    set_show("hour 24", 2010, 6, 1, 24, 0, 0, epoch_secs(2010, 6, 2, 0, 0, 0));
    set_show("minute 60", 2010, 6, 1, 10, 60, 0, epoch_secs(2010, 6, 1, 11, 0, 0));
    set_show("second 60", 2010, 6, 1, 10, 0, 60, epoch_secs(2010, 6, 1, 10, 1, 0));
    set_show("1969-12-31 23:59:59", 1969, 12, 31, 23, 59, 59, epoch_secs(2010, 6, 1, 10, 1, 0));
    set_show("1969-12-31 23:00:00", 1969, 12, 31, 23, 0, 0, epoch_secs(1969, 12, 31, 23, 0, 0));
    set_show("1970-01-01", 1970, 1, 1, 0, 0, 0, epoch_secs(1970, 1, 1, 0, 0, 0));
    set_show("2038-01-19 03:14:08", 2038, 1, 19, 3, 14, 8, epoch_secs(2038, 1, 19, 3, 14, 8));
    set_show("2100-03-01", 2100, 3, 1, 0, 0, 0, epoch_secs(2100, 3, 1, 0, 0, 0));
    /* Argument and result counts: 7 in and 1 out, none in and 8 out. */
    rt_printf("set with 6 arguments: %d\n", rt_rtas(tok_set, 6, 1, args, rets));
    rt_printf("set with 2 results: %d\n", rt_rtas(tok_set, 7, 2, args, rets));
    rt_printf("get with 1 argument: %d\n", rt_rtas(tok_get, 1, 8, args, rets));
    rt_printf("get with 7 results: %d\n", rt_rtas(tok_get, 0, 7, args, rets));
    show("after the refused calls", epoch_secs(2100, 3, 1, 0, 0, 0));
}
