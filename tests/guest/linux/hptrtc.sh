# Run with -rtc base=2006-06-17T16:01:21 and disable_radix (a hash MMU guest).
# The RTC: what the kernel read at boot, and after hwclock -w (RTAS set-time-of-day).
# HPT resizing through debugfs (H_RESIZE_HPT_PREPARE/COMMIT): each order's result.
mount -t debugfs none /sys/kernel/debug
echo "mmu: $(grep -m1 '^MMU' /proc/cpuinfo | sed 's/^[^:]*: //')"
echo "rtc0: $(cat /sys/class/rtc/rtc0/date) $(cat /sys/class/rtc/rtc0/time | /bin/busybox cut -c1-2)h"
/bin/busybox date -u -s "2010-02-28 12:00:00" >/dev/null
/bin/busybox hwclock -w -u
echo "hwclock -w: $?"
echo "rtc0 after hwclock -w: $(cat /sys/class/rtc/rtc0/date) $(cat /sys/class/rtc/rtc0/time | /bin/busybox cut -c1-2)h"
echo "hpt_order at boot: $(cat /sys/kernel/debug/powerpc/hpt_order 2>&1)"
for s in 24 23 25 19 20 22; do
  echo $s > /sys/kernel/debug/powerpc/hpt_order 2>/dev/null
  echo "hpt_order $s: write status $?, now $(cat /sys/kernel/debug/powerpc/hpt_order)"
done
# The kernel's account, without its timings.
dmesg | grep -E 'lpar: .*(resize|HPT)' | sed -e 's/^\[[^]]*\] //' -e 's/ ([0-9]* ms \/ [0-9]* ms)//'
echo "still running: $(echo ok)"
