# /dev/hwrng from the pseries-rng driver (H_RANDOM): what the driver says and what reads give.
# The bytes are random, so only their properties are printed.
echo "rng_current: $(cat /sys/class/misc/hw_random/rng_current 2>&1)"
echo "rng_available: $(cat /sys/class/misc/hw_random/rng_available 2>&1)"
echo "hwrng read 64: $(head -c 64 /dev/hwrng | wc -c) bytes"
a=$(head -c 32 /dev/hwrng | od -An -tx1 | tr -d ' \n')
b=$(head -c 32 /dev/hwrng | od -An -tx1 | tr -d ' \n')
echo "hwrng reads differ: $([ -n "$a" ] && [ "$a" != "$b" ] && echo yes || echo no)"
echo "hwrng all zero: $(echo "$a" | grep -q '^0*$' && echo yes || echo no)"
