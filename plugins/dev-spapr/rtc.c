/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The partition's real-time clock: -rtc base=/clock=, RTAS get-time-of-day and set-time-of-day. */
#include "spapr.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define NS_PER_SEC 1000000000ll

/*
 * How far from the epoch the clock may be set (about 1779 to 2255), so
 * that the nanosecond offset and the clock it is added to stay within 64
 * bits for years of running (QEMU's overflow, from 2262 on, is undefined).
 */
#define RTC_MIN_SECS (-6000000000ll)
#define RTC_MAX_SECS 9000000000ll

/*
 * Seconds since the epoch of a broken-down UTC time, by arithmetic alone
 * (days from the civil calendar, March-based years), so that out-of-range
 * fields carry into the next ones: month 13 is January of the next year.
 * This is what QEMU's mktimegm does to the fields a guest gives
 * set-time-of-day; done here in 64 bits, where QEMU's int overflows.
 */
static gint64 rtc_days_seconds(gint64 year, gint64 mon, gint64 mday, gint64 hour, gint64 min,
                               gint64 sec)
{
    if (mon < 3) {
        mon += 12;
        year--;
    }
    return 86400 * (mday + (153 * mon - 457) / 5 + 365 * year + year / 4 - year / 100 +
                    year / 400 - 719469) + 3600 * hour + 60 * min + sec;
}

static ModvmClock *rtc_clock(SpaprMachine *spapr)
{
    ModvmMachine *m = MODVM_MACHINE(spapr);

    return spapr->rtc_clock == SPAPR_RTC_CLOCK_VM ? modvm_machine_virtual_clock(m)
                                                  : modvm_machine_host_clock(m);
}

/*
 * "2006-06-17T16:01:21" or "2006-06-17" (QEMU's -rtc base= forms): a real
 * date and time, within what the clock holds.
 */
static gboolean rtc_parse_datetime(const char *s, gint64 *secs)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, end = -1;

    if (strspn(s, "0123456789-T:") != strlen(s)) {
        return FALSE;
    }
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &end) != 6 ||
        s[end] != '\0') {
        end = -1;
        h = mi = sec = 0;
        if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &end) != 3 || s[end] != '\0') {
            return FALSE;
        }
    }
    if (!g_date_valid_dmy(d, mo, y) || h > 23 || mi > 59 || sec > 59 || h < 0 || mi < 0 ||
        sec < 0) {
        return FALSE;
    }
    *secs = rtc_days_seconds(y, mo, d, h, mi, sec);
    return *secs >= RTC_MIN_SECS && *secs <= RTC_MAX_SECS;
}

gboolean spapr_rtc_check_options(SpaprMachine *spapr, GError **error)
{
    const char *base = spapr->rtc_base ? spapr->rtc_base : "utc";
    gint64 secs;

    if (strcmp(base, "utc") != 0 && strcmp(base, "localtime") != 0 &&
        !rtc_parse_datetime(base, &secs)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "-rtc base=%s: expected utc, localtime, or a date and time such as "
                    "2006-06-17T16:01:21 or 2006-06-17 (UTC, years 1780 to 2254)", base);
        return FALSE;
    }
    return TRUE;
}

/*
 * The clock starts from -rtc base= when the machine is built (QEMU's
 * spapr_rtc_realize): utc and a date and time are kept in UTC, localtime
 * gives the guest the host's wall clock time as if it were UTC.
 */
void spapr_rtc_init(SpaprMachine *spapr)
{
    const char *base = spapr->rtc_base ? spapr->rtc_base : "utc";
    gint64 host_s = modvm_clock_get_ns(modvm_machine_host_clock(MODVM_MACHINE(spapr))) /
                    NS_PER_SEC;
    gint64 start_s = host_s;

    if (strcmp(base, "localtime") == 0) {
        time_t t = (time_t)host_s;
        struct tm tm;
        localtime_r(&t, &tm);
        start_s = rtc_days_seconds(tm.tm_year + 1900ll, tm.tm_mon + 1ll, tm.tm_mday,
                                   tm.tm_hour, tm.tm_min, tm.tm_sec);
    } else if (strcmp(base, "utc") != 0) {
        gboolean ok = rtc_parse_datetime(base, &start_s);
        g_assert(ok);       /* spapr_rtc_check_options took it */
    }
    spapr->rtc_ns_offset = start_s * NS_PER_SEC - modvm_clock_get_ns(rtc_clock(spapr));
}

gboolean spapr_rtc_read(SpaprMachine *spapr, gint64 *secs, guint32 *ns)
{
    gint64 guest_ns;

    if (__builtin_add_overflow(modvm_clock_get_ns(rtc_clock(spapr)), spapr->rtc_ns_offset,
                               &guest_ns)) {
        return FALSE;
    }
    *secs = guest_ns >= 0 ? guest_ns / NS_PER_SEC : -((-guest_ns - 1) / NS_PER_SEC) - 1;
    *ns = (guint32)(guest_ns - *secs * NS_PER_SEC);
    return TRUE;
}

/*
 * get-time-of-day (LoPAR "get-time-of-day"): year, month, day, hour,
 * minute, second, nanoseconds. QEMU 7.2 answers the low 32 bits of its
 * nanosecond count in the last, often above 999999999; LoPAR gives the
 * nanoseconds of the second, which modvm does.
 */
void rtas_get_time_of_day(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                 guint32 token, guint32 nargs, const guint32 *args, guint32 nret,
                                 guint32 *rets)
{
    gint64 secs;
    guint32 ns;
    time_t t;
    struct tm tm;

    if (nargs != 0 || nret != 8) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    if (!spapr_rtc_read(spapr, &secs, &ns)) {
        /* Only after years of running from a time set near the limits. */
        rets[0] = (guint32)RTAS_OUT_HW_ERROR;
        return;
    }
    t = (time_t)secs;
    gmtime_r(&t, &tm);      /* never fails for the years a 64-bit nanosecond count holds */
    rets[0] = RTAS_OUT_SUCCESS;
    rets[1] = (guint32)(tm.tm_year + 1900);
    rets[2] = tm.tm_mon + 1;
    rets[3] = tm.tm_mday;
    rets[4] = tm.tm_hour;
    rets[5] = tm.tm_min;
    rets[6] = tm.tm_sec;
    rets[7] = ns;
}

/*
 * set-time-of-day (LoPAR "set-time-of-day"): the clock the guest reads
 * from now on, kept across resets as QEMU keeps its offset. The fields
 * are taken as QEMU takes them: each word as a C int after subtracting
 * 1900 from the year and 1 from the month, out-of-range fields carrying
 * into the next (month 13 is January of the next year); QEMU refuses only
 * the one time its arithmetic answers -1 for, 1969-12-31T23:59:59, with
 * a parameter error. modvm refuses that too, and times its 64-bit clock
 * cannot hold. The nanoseconds word is not used, as in QEMU.
 */
void rtas_set_time_of_day(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                 guint32 token, guint32 nargs, const guint32 *args, guint32 nret,
                                 guint32 *rets)
{
    gint64 secs, offset;

    if (nargs != 7 || nret != 1) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    secs = rtc_days_seconds((gint32)(args[0] - 1900) + 1900ll, (gint32)(args[1] - 1) + 1ll,
                            (gint32)args[2], (gint32)args[3], (gint32)args[4],
                            (gint32)args[5]);
    if (secs == -1 || secs < RTC_MIN_SECS || secs > RTC_MAX_SECS ||
        __builtin_sub_overflow(secs * NS_PER_SEC, modvm_clock_get_ns(rtc_clock(spapr)),
                               &offset)) {
        modvm_log_guest_error("RTAS set-time-of-day: %d-%d-%d %d:%d:%d is out of range\n",
                              (gint32)args[0], (gint32)args[1], (gint32)args[2],
                              (gint32)args[3], (gint32)args[4], (gint32)args[5]);
        rets[0] = (guint32)RTAS_OUT_PARAM_ERROR;
        return;
    }
    spapr->rtc_ns_offset = offset;
    rets[0] = RTAS_OUT_SUCCESS;
}
