#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Writes exec-fp-table.h: fadd/fsub/fmul/fdiv/fmadd/fmsub, their single forms and fcfid[s]
# on finite operands in the four rounding modes, with results and FPSCR worked out in exact
# rational arithmetic (Python's Fraction), independently of the host FPU modvm uses.
# Run: python3 gen-fp-table.py > exec-fp-table.h
import random
import struct
from fractions import Fraction

FX, OX, UX, XX, FR, FI = 1 << 31, 1 << 28, 1 << 27, 1 << 25, 1 << 18, 1 << 17


def bits_to_frac(b):
    return Fraction(struct.unpack('>d', struct.pack('>Q', b))[0])


def frac_to_bits(x, neg_zero=False):
    if x == 0:
        return (1 << 63) if neg_zero else 0
    return struct.unpack('>Q', struct.pack('>d', float(x)))[0]


def exponent(a):
    e = a.numerator.bit_length() - a.denominator.bit_length()
    while Fraction(2) ** e > a:
        e -= 1
    while Fraction(2) ** (e + 1) <= a:
        e += 1
    return e


def round_to(x, p, emin, emax, rn):
    """x rounded to p bits (exponents emin..emax) in mode rn (0 RN, 1 RZ, 2 RP, 3 RM).
    Returns (value or 'inf', inexact, overflow, tiny before rounding, fr)."""
    neg = x < 0
    a = -x if neg else x
    e = exponent(a)
    tiny = e < emin
    q = Fraction(2) ** (max(e, emin) - (p - 1))
    m = a / q
    n = m.numerator // m.denominator
    rem = m - n
    up = False
    if rn == 0:
        up = rem > Fraction(1, 2) or (rem == Fraction(1, 2) and n % 2 == 1)
    elif rn == 2:
        up = rem > 0 and not neg
    elif rn == 3:
        up = rem > 0 and neg
    r = (n + 1 if up else n) * q
    biggest = (2 - Fraction(2) ** (1 - p)) * Fraction(2) ** emax
    if r > biggest:
        to_inf = rn == 0 or (rn == 2 and not neg) or (rn == 3 and neg)
        v = 'inf' if to_inf else biggest
        return (v if v == 'inf' or not neg else -v), True, True, tiny, to_inf
    return (-r if neg else r), rem != 0, False, tiny, up


def fprf(bits):
    neg = bits >> 63
    exp = (bits >> 52) & 0x7ff
    frac = bits & ((1 << 52) - 1)
    if exp == 0x7ff:
        return 0x09 if neg else 0x05
    if exp == 0 and frac == 0:
        return 0x12 if neg else 0x02
    if exp == 0:
        return 0x18 if neg else 0x14
    return 0x08 if neg else 0x04


OPS = {  # name: (primary opcode, xo, operand roles, function)
    'fadd': (21, lambda a, b, c: a + b),
    'fsub': (20, lambda a, b, c: a - b),
    'fmul': (25, lambda a, b, c: a * c),
    'fdiv': (18, lambda a, b, c: a / b),
    'fmadd': (29, lambda a, b, c: a * c + b),
    'fmsub': (28, lambda a, b, c: a * c - b),
}


def encode(po, xo, op):
    frb = 0 if op == 'fmul' else 3
    frc = 4 if op in ('fmul', 'fmadd', 'fmsub') else 0
    return po << 26 | 1 << 21 | 2 << 16 | frb << 11 | frc << 6 | xo << 1


def operands(rng):
    fixed = [0x3ff0000000000000, 0x3fb999999999999a, 0x3fd5555555555555, 0x4340000000000001,
             0x7fe0000000000001, 0x0010000000000001, 0x000123456789abcd, 0x3ca0000000000000,
             0x47efffffe0000000, 0x3810000000000001, 0x36a0000000000000, 0x7fefffffffffffff]
    vals = list(fixed)
    for _ in range(20):
        e = rng.choice([rng.randint(1, 2046), rng.randint(1000, 1050), rng.randint(870, 900),
                        rng.randint(1, 60), rng.randint(1990, 2046)])
        vals.append(e << 52 | rng.getrandbits(52))
    return [v | (rng.getrandbits(1) << 63) for v in vals]


def main():
    rng = random.Random(20261121)
    vals = operands(rng)
    cases = []
    for name, (xo, fn) in OPS.items():
        for single in (False, True):
            po = 59 if single else 63
            p, emin, emax = (24, -126, 127) if single else (53, -1022, 1023)
            for _ in range(24):
                a, b, c = rng.choice(vals), rng.choice(vals), rng.choice(vals)
                if single and rng.random() < 0.7:
                    # single-precision operands, as the ISA expects
                    a, b, c = [frac_to_bits(round_to(bits_to_frac(v), 24, -126, 127, 0)[0])
                               if round_to(bits_to_frac(v), 24, -126, 127, 0)[0] != 'inf'
                               else 0x3ff0000000000000 for v in (a, b, c)]
                if 0 in (bits_to_frac(a), bits_to_frac(b), bits_to_frac(c)):
                    continue
                exact = fn(bits_to_frac(a), bits_to_frac(b), bits_to_frac(c))
                if exact == 0:
                    continue
                for rn in range(4):
                    v, inexact, overflow, tiny, fr = round_to(exact, p, emin, emax, rn)
                    if v == 'inf':
                        t = 0xfff0000000000000 if exact < 0 else 0x7ff0000000000000
                    else:
                        t = frac_to_bits(v, neg_zero=exact < 0)
                    fpscr = rn | fprf(t) << 12
                    if overflow:
                        fpscr |= FX | OX
                    if tiny and inexact:
                        fpscr |= FX | UX
                    if inexact:
                        fpscr |= FX | XX | FI | (FR if fr else 0)
                    cases.append((encode(po, xo, name), a, b, c, rn, t, fpscr,
                                  '%s%s rn=%d' % (name, 's' if single else '', rn)))
    # fcfid (63) and fcfids (59), signed: integers to double or single
    ints = [0x7fffffffffffffff, 0x8000000000000401, 0x123456789abcdef1, 0x0020000000000001,
            0x0000000001000001, 0x00000000ffffffff, 0xfffffffffffff801]
    ints += [rng.getrandbits(64) >> rng.randint(0, 40) for _ in range(8)]
    for po, p, emin, emax in ((63, 53, -1022, 1023), (59, 24, -126, 127)):
        for b in ints:
            x = Fraction(b - (1 << 64) if b >> 63 else b)
            if x == 0:
                continue
            for rn in range(4):
                v, inexact, overflow, tiny, fr = round_to(x, p, emin, emax, rn)
                t = frac_to_bits(v)
                fpscr = rn | fprf(t) << 12
                if inexact:
                    fpscr |= FX | XX | FI | (FR if fr else 0)
                cases.append((po << 26 | 1 << 21 | 3 << 11 | 846 << 1, 0, b, 0, rn, t, fpscr,
                              '%s rn=%d' % ('fcfid' if po == 63 else 'fcfids', rn)))
    print('/* Generated by gen-fp-table.py (exact rational arithmetic): do not edit. */')
    print('static const FpCase fp_table_cases[] = {')
    for insn, a, b, c, rn, t, fpscr, what in cases:
        print('    { 0x%08x, 0x%016xull, 0x%016xull, 0x%016xull, %d, MARK,' % (insn, a, b, c, rn))
        print('      0x%016xull, 0x%08xull, 0, "%s" },' % (t, fpscr, what))
    print('};')


main()
