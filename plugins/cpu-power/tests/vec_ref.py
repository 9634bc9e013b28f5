#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# A reference model of VMX/VSX instructions written from the Power ISA 3.0 pseudocode,
# independent of vmx.c/vsx.c; prints exec-vec-cases.h (the expected values exec-vec.c checks).
# Registers are 16-byte lists, byte 0 the leftmost (most significant) as the ISA numbers them.
import random
import sys

rnd = random.Random(1234)
VT, VA, VB, VC = 1, 2, 3, 4          # VR numbers the tests use (VSR 33..36)


def elems(v, size):
    return [int.from_bytes(bytes(v[i:i + size]), 'big') for i in range(0, 16, size)]


def unelems(es, size):
    out = []
    for e in es:
        out += list((e & ((1 << (8 * size)) - 1)).to_bytes(size, 'big'))
    return out


def sx(x, size):
    b = 8 * size
    x &= (1 << b) - 1
    return x - (1 << b) if x >> (b - 1) else x


def to_int(v):
    return int.from_bytes(bytes(v), 'big')


def from_int(x):
    return list((x & ((1 << 128) - 1)).to_bytes(16, 'big'))


def sat(x, lo, hi, flag):
    if x < lo:
        flag[0] = 1
        return lo
    if x > hi:
        flag[0] = 1
        return hi
    return x


def vx(xo):
    return (4 << 26) | (VT << 21) | (VA << 16) | (VB << 11) | xo


def va(xo, c=VC):
    return (4 << 26) | (VT << 21) | (VA << 16) | (VB << 11) | (c << 6) | xo


def xx3(xo, extra=0):
    # XT = 33, XA = 34, XB = 35: T=1 A=2 B=3 and TX=AX=BX=1
    return (60 << 26) | (1 << 21) | (2 << 16) | (3 << 11) | (xo << 3) | extra | 0b111


def xx2(xo, uim_or_sel):
    return (60 << 26) | (1 << 21) | (uim_or_sel << 16) | (3 << 11) | (xo << 2) | 0b11


# Each model: (a, b, c, t) -> (result, sat, cr6 or None)
def elementwise(size, fn, satur=False):
    def m(a, b, c, t):
        flag = [0]
        r = [fn(x, y, flag) for x, y in zip(elems(a, size), elems(b, size))]
        return unelems(r, size), flag[0], None
    return m


def usat(size):
    return lambda x, flag: sat(x, 0, (1 << (8 * size)) - 1, flag)


def ssat(size):
    return lambda x, flag: sat(x, -(1 << (8 * size - 1)), (1 << (8 * size - 1)) - 1, flag)


def cmp_model(size, pred, rc=True):
    def m(a, b, c, t):
        ones = (1 << (8 * size)) - 1
        r = [ones if pred(x, y) else 0 for x, y in zip(elems(a, size), elems(b, size))]
        alltrue = all(r)
        alltrue_false = not any(r)
        return unelems(r, size), 0, ((8 if alltrue else 0) | (2 if alltrue_false else 0)) if rc else None
    return m


def m_vperm(a, b, c, t):
    src = a + b
    return [src[x & 31] for x in c], 0, None


def m_vpermxor(a, b, c, t):
    return [a[x >> 4] ^ b[x & 15] for x in c], 0, None


def m_vsldoi(shb):
    return lambda a, b, c, t: ((a + b)[shb:shb + 16], 0, None)


def m_vsplt(size, uim):
    return lambda a, b, c, t: (unelems([elems(b, size)[uim]] * (16 // size), size), 0, None)


def m_vmrg(size, high):
    def m(a, b, c, t):
        ea, eb = elems(a, size), elems(b, size)
        n = len(ea) // 2
        off = 0 if high else n
        r = []
        for i in range(n):
            r += [ea[i + off], eb[i + off]]
        return unelems(r, size), 0, None
    return m


def m_pack(size, src_signed, mode):
    def m(a, b, c, t):
        flag = [0]
        half = size // 2
        r = []
        for x in elems(a, size) + elems(b, size):
            v = sx(x, size) if src_signed else x
            if mode == 'u':
                v = sat(v, 0, (1 << (8 * half)) - 1, flag)
            elif mode == 's':
                v = sat(v, -(1 << (8 * half - 1)), (1 << (8 * half - 1)) - 1, flag)
            r.append(v)
        return unelems(r, half), flag[0], None
    return m


def m_vupkhsb(a, b, c, t):
    return unelems([sx(x, 1) for x in elems(b, 1)[:8]], 2), 0, None


def m_vmule(size, signed, odd):
    def m(a, b, c, t):
        ea, eb = elems(a, size), elems(b, size)
        f = (lambda x: sx(x, size)) if signed else (lambda x: x)
        return unelems([f(ea[i]) * f(eb[i]) for i in range(odd, len(ea), 2)], 2 * size), 0, None
    return m


def m_vmsumubm(a, b, c, t):
    r = []
    for i in range(4):
        s = elems(c, 4)[i] + sum(a[4 * i + j] * b[4 * i + j] for j in range(4))
        r.append(s)
    return unelems(r, 4), 0, None


def m_vmsumshs(a, b, c, t):
    flag = [0]
    ea, eb, ec = elems(a, 2), elems(b, 2), elems(c, 4)
    r = []
    for i in range(4):
        s = sx(ec[i], 4) + sum(sx(ea[2 * i + j], 2) * sx(eb[2 * i + j], 2) for j in range(2))
        r.append(sat(s, -(1 << 31), (1 << 31) - 1, flag))
    return unelems(r, 4), flag[0], None


def m_vsl(a, b, c, t):
    return from_int(to_int(a) << (b[15] & 7)), 0, None


def m_vsro(a, b, c, t):
    return from_int(to_int(a) >> (8 * ((b[15] >> 3) & 15))), 0, None


def m_vclzw(a, b, c, t):
    return unelems([32 - x.bit_length() for x in elems(b, 4)], 4), 0, None


def m_vpopcntb(a, b, c, t):
    return [bin(x).count('1') for x in b], 0, None


def m_vgbbd(a, b, c, t):
    r = []
    for dw in range(2):
        x = elems(b, 8)[dw]
        bit = lambda n: (x >> (63 - n)) & 1
        y = 0
        for m in range(8):
            for n in range(8):
                y |= bit(8 * n + m) << (63 - (8 * m + n))
        r.append(y)
    return unelems(r, 8), 0, None


def m_vbpermq(a, b, c, t):
    bb = to_int(a)
    perm = 0
    for i in range(16):
        idx = b[i]
        if idx < 128 and (bb >> (127 - idx)) & 1:
            perm |= 1 << (15 - i)
    return unelems([perm, 0], 8), 0, None


def clmul(x, y):
    r = 0
    for i in range(y.bit_length()):
        if (y >> i) & 1:
            r ^= x << i
    return r


def m_vpmsumd(a, b, c, t):
    ea, eb = elems(a, 8), elems(b, 8)
    return from_int(clmul(ea[0], eb[0]) ^ clmul(ea[1], eb[1])), 0, None


def m_xxpermdi(dm):
    return lambda a, b, c, t: (unelems([elems(a, 8)[dm >> 1], elems(b, 8)[dm & 1]], 8), 0, None)


def m_xxsldwi(shw):
    return lambda a, b, c, t: ((a + b)[4 * shw:4 * shw + 16], 0, None)


def m_xxbr(size):
    def m(a, b, c, t):
        r = []
        for i in range(0, 16, size):
            r += b[i:i + size][::-1]
        return r, 0, None
    return m


def m_xxperm(a, b, c, t):
    src = a + t
    return [src[x & 31] for x in b], 0, None


def m_vextractuw(uim):
    return lambda a, b, c, t: (unelems([to_int(b[uim:uim + 4]), 0], 8), 0, None)


def m_vinsertw(uim):
    return lambda a, b, c, t: (t[:uim] + b[4:8] + t[uim + 4:], 0, None)


def U(size):
    return (1 << (8 * size)) - 1


MODELS = [
    ('vaddubm', vx(0), elementwise(1, lambda x, y, f: (x + y) & 0xff)),
    ('vadduhm', vx(64), elementwise(2, lambda x, y, f: (x + y) & 0xffff)),
    ('vaddudm', vx(192), elementwise(8, lambda x, y, f: (x + y) & U(8))),
    ('vaddubs', vx(512), elementwise(1, lambda x, y, f: usat(1)(x + y, f))),
    ('vaddsbs', vx(768), elementwise(1, lambda x, y, f: ssat(1)(sx(x, 1) + sx(y, 1), f))),
    ('vaddsws', vx(896), elementwise(4, lambda x, y, f: ssat(4)(sx(x, 4) + sx(y, 4), f))),
    ('vsubuws', vx(1664), elementwise(4, lambda x, y, f: usat(4)(x - y, f))),
    ('vsubshs', vx(1856), elementwise(2, lambda x, y, f: ssat(2)(sx(x, 2) - sx(y, 2), f))),
    ('vsubcuw', vx(1408), elementwise(4, lambda x, y, f: 1 if x >= y else 0)),
    ('vaddcuw', vx(384), elementwise(4, lambda x, y, f: (x + y) >> 32)),
    ('vmaxsh', vx(322), elementwise(2, lambda x, y, f: x if sx(x, 2) > sx(y, 2) else y)),
    ('vminub', vx(514), elementwise(1, lambda x, y, f: min(x, y))),
    ('vminsd', vx(962), elementwise(8, lambda x, y, f: x if sx(x, 8) < sx(y, 8) else y)),
    ('vavgsb', vx(1282), elementwise(1, lambda x, y, f: (sx(x, 1) + sx(y, 1) + 1) >> 1)),
    ('vavguh', vx(1090), elementwise(2, lambda x, y, f: (x + y + 1) >> 1)),
    ('vrlw', vx(132), elementwise(4, lambda x, y, f: ((x << (y & 31)) | (x >> (32 - (y & 31)))) & U(4))),
    ('vrld', vx(196), elementwise(8, lambda x, y, f: ((x << (y & 63)) | (x >> (64 - (y & 63)))) & U(8))),
    ('vslh', vx(324), elementwise(2, lambda x, y, f: (x << (y & 15)) & U(2))),
    ('vsrb', vx(516), elementwise(1, lambda x, y, f: x >> (y & 7))),
    ('vsraw', vx(900), elementwise(4, lambda x, y, f: sx(x, 4) >> (y & 31))),
    ('vsrad', vx(964), elementwise(8, lambda x, y, f: sx(x, 8) >> (y & 63))),
    ('vmuluwm', vx(137), elementwise(4, lambda x, y, f: x * y)),
    ('vand', vx(1028), elementwise(8, lambda x, y, f: x & y)),
    ('vandc', vx(1092), elementwise(8, lambda x, y, f: x & ~y)),
    ('vnor', vx(1284), elementwise(8, lambda x, y, f: ~(x | y))),
    ('veqv', vx(1668), elementwise(8, lambda x, y, f: ~(x ^ y))),
    ('vcmpequb.', vx(6 | 1024), cmp_model(1, lambda x, y: x == y)),
    ('vcmpgtsw.', vx(902 | 1024), cmp_model(4, lambda x, y: sx(x, 4) > sx(y, 4))),
    ('vcmpgtud', vx(711), cmp_model(8, lambda x, y: x > y, rc=False)),
    ('vcmpnezb.', vx(263 | 1024), cmp_model(1, lambda x, y: x != y or x == 0 or y == 0)),
    ('vperm', va(43), m_vperm),
    ('vpermxor', va(45), m_vpermxor),
    ('vsldoi 5', va(44, 5), m_vsldoi(5)),
    ('vspltb 13', (4 << 26) | (VT << 21) | (13 << 16) | (VB << 11) | 524, m_vsplt(1, 13)),
    ('vspltw 2', (4 << 26) | (VT << 21) | (2 << 16) | (VB << 11) | 652, m_vsplt(4, 2)),
    ('vmrghw', vx(140), m_vmrg(4, True)),
    ('vmrglb', vx(268), m_vmrg(1, False)),
    ('vpkuhum', vx(14), m_pack(2, False, None)),
    ('vpkshss', vx(398), m_pack(2, True, 's')),
    ('vpkswus', vx(334), m_pack(4, True, 'u')),
    ('vupkhsb', vx(526), m_vupkhsb),
    ('vmuleub', vx(520), m_vmule(1, False, 0)),
    ('vmulosh', vx(328), m_vmule(2, True, 1)),
    ('vmsumubm', va(36), m_vmsumubm),
    ('vmsumshs', va(41), m_vmsumshs),
    ('vsl', vx(452), m_vsl),
    ('vsro', vx(1100), m_vsro),
    ('vclzw', vx(1922), m_vclzw),
    ('vpopcntb', vx(1795), m_vpopcntb),
    ('vgbbd', vx(1292), m_vgbbd),
    ('vbpermq', vx(1356), m_vbpermq),
    ('vpmsumd', vx(1224), m_vpmsumd),
    ('vextractuw 6', (4 << 26) | (VT << 21) | (6 << 16) | (VB << 11) | 653, m_vextractuw(6)),
    ('vinsertw 3', (4 << 26) | (VT << 21) | (3 << 16) | (VB << 11) | 909, m_vinsertw(3)),
    ('xxland', xx3(130), elementwise(8, lambda x, y, f: x & y)),
    ('xxlxor', xx3(154), elementwise(8, lambda x, y, f: x ^ y)),
    ('xxlorc', xx3(170), elementwise(8, lambda x, y, f: x | ~y)),
    ('xxpermdi 1', xx3(10, 1 << 8), m_xxpermdi(1)),
    ('xxpermdi 2', xx3(10, 2 << 8), m_xxpermdi(2)),
    ('xxsldwi 3', xx3(2, 3 << 8), m_xxsldwi(3)),
    ('xxmrghw', xx3(18), m_vmrg(4, True)),
    ('xxmrglw', xx3(50), m_vmrg(4, False)),
    ('xxperm', xx3(26), m_xxperm),
    ('xxspltw 1', xx2(164, 1), m_vsplt(4, 1)),
    ('xxbrh', xx2(475, 7), m_xxbr(2)),
    ('xxbrw', xx2(475, 15), m_xxbr(4)),
    ('xxbrd', xx2(475, 23), m_xxbr(8)),
    ('xxbrq', xx2(475, 31), m_xxbr(16)),
]

EDGE = [[0] * 16, [0xff] * 16, [0x80] * 16, [0x7f] * 16, list(range(16)),
        [0x01, 0x00] * 8]


def rvec():
    return [rnd.randrange(256) for _ in range(16)]


def case_inputs(n):
    out = []
    for i in range(n):
        a = EDGE[i] if i < len(EDGE) else rvec()
        b = EDGE[(i * 3 + 1) % len(EDGE)] if i < len(EDGE) else rvec()
        out.append((a, b, rvec(), rvec()))
    out.append(([0x12] * 16, [0x12] * 16, rvec(), rvec()))       # equal: all-true compares
    return out


# Loads and stores: memory holds bytes 0x00..0x1f at 0x2000; EA = 0x2000 + off.
def mem_bytes():
    return list(range(0x20))


def lx_model(size, le, off, mask16=False):
    m = mem_bytes()
    ea = off & ~15 if mask16 else off
    q = m[ea:ea + 16]
    r = []
    for i in range(0, 16, size):
        el = q[i:i + size]
        r += el[::-1] if le else el
    return r


def x_form(po31_xo, rt, tx=0):
    return (31 << 26) | (rt << 21) | (3 << 16) | (4 << 11) | (po31_xo << 1) | tx


LOADS = []       # (name, insn, le, off, expected bytes[, rb])
for le in (0, 1):
    for off in (0, 5):
        LOADS.append(('lvx', x_form(103, VT), le, off, lx_model(16, le, off, True)))
        LOADS.append(('lxvd2x', x_form(844, VT, 1), le, off, lx_model(8, le, off)))
        LOADS.append(('lxvw4x', x_form(780, VT, 1), le, off, lx_model(4, le, off)))
        LOADS.append(('lxvh8x', x_form(812, VT, 1), le, off, lx_model(2, le, off)))
        LOADS.append(('lxvb16x', x_form(876, VT, 1), le, off, lx_model(1, False, off)))
        LOADS.append(('lxvx', x_form(268, VT, 1), le, off, lx_model(16, le, off)))
    # lvsl/lvsr do not depend on the byte order
    for off in (0, 3):
        LOADS.append(('lvsl', x_form(6, VT), le, off, [(off & 15) + i for i in range(16)]))
        LOADS.append(('lvsr', x_form(38, VT), le, off, [16 - (off & 15) + i for i in range(16)]))

# Element loads (lvewx): only the element is defined; others keep the register's old value (all 0xee).
for le in (0, 1):
    for off in (4, 9):
        m = mem_bytes()
        ea = off & ~3
        r = [0xee] * 16
        for j in range(4):
            o = (ea & 15) + j
            r[15 - o if le else o] = m[ea + j]
        LOADS.append(('lvewx', x_form(71, VT), le, off, r))

# Length loads (ISA 3.0 lxvl, lxvll): EA = (RA), byte count in RB bits 0:7; lxvl reverses in LE.
for le in (0, 1):
    for nb in (0, 5, 16, 200):
        m = mem_bytes()
        n = min(nb, 16)
        q = [m[3 + i] if i < n else 0 for i in range(16)]
        LOADS.append(('lxvl', x_form(269, VT, 1), le, 3, q[::-1] if le else q, nb << 56))
        LOADS.append(('lxvll', x_form(301, VT, 1), le, 3, q, nb << 56))
    # splat and scalar loads: lxvdsx, lxsdx (doubleword 1 keeps 0xee), lxsiwax
    m = mem_bytes()
    dw = m[8:16][::-1] if le else m[8:16]
    LOADS.append(('lxvdsx', x_form(332, VT, 1), le, 8, dw + dw))
    LOADS.append(('lxsdx', x_form(588, VT, 1), le, 8, dw + [0xee] * 8))
    w = m[0x1c:0x20][::-1] if le else m[0x1c:0x20]
    LOADS.append(('lxsiwax', x_form(76, VT, 1), le, 0x1c, [0] * 4 + w + [0xee] * 8))

STORES = []      # (name, insn, le, off, register bytes, expected memory bytes 0x2000..0x201f[, rb])
REG = [0xa0 + i for i in range(16)]
for le in (0, 1):
    for name, xo, size, tx, mask16 in [('stvx', 231, 16, 0, True), ('stxvd2x', 972, 8, 1, False),
                                       ('stxvw4x', 908, 4, 1, False), ('stxvx', 396, 16, 1, False),
                                       ('stxvb16x', 1004, 1, 1, False)]:
        off = 3
        ea = off & ~15 if mask16 else off
        mem = [0] * 32
        for i in range(0, 16, size):
            el = REG[i:i + size]
            if le and size > 1:
                el = el[::-1]
            mem[ea + i:ea + i + size] = el
        STORES.append((name, x_form(xo, VT, tx), le, off, REG, mem))
    off = 6
    mem = [0] * 32
    mem[off] = REG[15 - off if le else off]
    STORES.append(('stvebx', x_form(135, VT), le, off, REG, mem))
    for nb in (3, 16):
        mem = [0] * 32
        for i in range(nb):
            mem[2 + i] = REG[15 - i] if le else REG[i]
        STORES.append(('stxvl', x_form(397, VT, 1), le, 2, REG, mem, nb << 56))
        mem = [0] * 32
        for i in range(nb):
            mem[2 + i] = REG[i]
        STORES.append(('stxvll', x_form(429, VT, 1), le, 2, REG, mem, nb << 56))


# VSX vector floating point (Book I 7.6) on finite values, where Python's IEEE double arithmetic
# (round to nearest) is the ISA's, and the decimal integer instructions (Book I chapter 6) on
# valid signed decimals. Their own inputs: (name, insn, [(a, b, c, t)], model).
import struct

xrnd = random.Random(4321)     # not rnd: the cases above stay as they were


def xrvec():
    return [xrnd.randrange(256) for _ in range(16)]


def xx2(xo, ra=0):
    return (60 << 26) | (1 << 21) | (ra << 16) | (3 << 11) | (xo << 2) | 0b11


def dp_of(v, i):
    return struct.unpack('>d', bytes(v[8 * i:8 * i + 8]))[0]


def dp_bytes(x):
    return list(struct.pack('>d', x))


def sp_of(v, i):
    return struct.unpack('>f', bytes(v[4 * i:4 * i + 4]))[0]


def sp_bytes(x):
    return list(struct.pack('>f', x))


def rdouble():
    return dp_bytes(xrnd.choice([1, -1]) * xrnd.uniform(0.5, 2.0) * 2.0 ** xrnd.randint(-60, 60))


def rsingle():
    return sp_bytes(xrnd.choice([1, -1]) * xrnd.uniform(0.5, 2.0) * 2.0 ** xrnd.randint(-20, 20))


def dp_inputs(n):
    out = [(dp_bytes(1.0) + dp_bytes(-0.0), dp_bytes(1.0) + dp_bytes(0.0), xrvec(), xrvec())]
    for _ in range(n):
        out.append((rdouble() + rdouble(), rdouble() + rdouble(), xrvec(), xrvec()))
    return out


def sp_inputs(n):
    out = []
    for _ in range(n):
        out.append((sum((rsingle() for _ in range(4)), []), sum((rsingle() for _ in range(4)), []),
                    xrvec(), xrvec()))
    return out


def dp2(f):
    return lambda a, b, c, t: (sum((dp_bytes(f(dp_of(a, i), dp_of(b, i))) for i in range(2)), []),
                               0, None)


def sp4(f):
    # a sum or product of two singles is exact or correctly rounded in double, then rounded once
    return lambda a, b, c, t: (sum((sp_bytes(f(sp_of(a, i), sp_of(b, i))) for i in range(4)), []),
                               0, None)


def dp_max(x, y):
    if x == y == 0:
        return 0.0 if struct.pack('>d', x)[0] < 0x80 or struct.pack('>d', y)[0] < 0x80 else -0.0
    return max(x, y)


def cmpgt_dp(a, b, c, t):
    m = [dp_of(a, i) > dp_of(b, i) for i in range(2)]
    r = sum(([0xff] * 8 if x else [0] * 8 for x in m), [])
    return r, 0, (8 if all(m) else 0) | (2 if not any(m) else 0)


def cvsxwdp(a, b, c, t):
    return sum((dp_bytes(float(sx(elems(b, 4)[2 * i], 4))) for i in range(2)), []), 0, None


def xexp_dp(a, b, c, t):
    return unelems([(x >> 52) & 0x7ff for x in elems(b, 8)], 8), 0, None


def xsig_dp(a, b, c, t):
    es = []
    for x in elems(b, 8):
        e = (x >> 52) & 0x7ff
        es.append((x & 0xfffffffffffff) | ((1 << 52) if e not in (0, 0x7ff) else 0))
    return unelems(es, 8), 0, None


def iexp_dp(a, b, c, t):
    return unelems([(x & 0x800fffffffffffff) | ((y & 0x7ff) << 52)
                    for x, y in zip(elems(a, 8), elems(b, 8))], 8), 0, None


def tstdc_dp(dcmx):
    def model(a, b, c, t):
        es = []
        for x in elems(b, 8):
            neg, e, f = x >> 63, (x >> 52) & 0x7ff, x & 0xfffffffffffff
            if e == 0x7ff:
                bit = 6 if f else (4 if neg else 5)
            elif e == 0 and f == 0:
                bit = 2 if neg else 3
            elif e == 0:
                bit = 0 if neg else 1
            else:
                bit = None
            es.append(U(8) if bit is not None and (dcmx >> bit) & 1 else 0)
        return unelems(es, 8), 0, None
    return model


def tstdc_inputs():
    vals = [0, 1 << 63, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 1,
            0x8000000000000001, 0x3ff0000000000000]
    return [(xrvec(), unelems([x, y], 8), xrvec(), xrvec()) for x in vals for y in vals[::3]]


# Signed decimals: 31 digits and the sign code in the rightmost nibble.
def bcd(n, ps=0, code=None):
    digits = 0
    for i, ch in enumerate(reversed(str(abs(n)))):
        digits |= int(ch) << (4 * i)
    sign = code if code is not None else (0xd if n < 0 else (0xf if ps else 0xc))
    return from_int(digits << 4 | sign)


def bcd_val(v):
    x = to_int(v)
    n = 0
    for i in range(31, 0, -1):
        n = n * 10 + ((x >> (4 * i)) & 0xf)
    return -n if (x & 0xf) in (0xb, 0xd) else n


def bcd_cr(n, ox=False):
    return (8 if n < 0 else 4 if n > 0 else 2) | (1 if ox else 0)


def bcd_arith(sub, ps):
    def model(a, b, c, t):
        n = bcd_val(a) - bcd_val(b) if sub else bcd_val(a) + bcd_val(b)
        ox = abs(n) >= 10 ** 31
        m = abs(n) % 10 ** 31
        code = 0xd if n < 0 else (0xf if ps else 0xc)     # the sign of the unbounded result
        return bcd(m, ps, code), 0, bcd_cr(n, ox)
    return model


def bcd_inputs():
    big = 10 ** 31 - 1
    nums = [1, -1, 12345, -999, 10 ** 15, -(10 ** 20) + 7, big, -big, 5 * 10 ** 30, 42]
    out = []
    for x in nums:
        for y in nums[1::2]:
            if x + y != 0 and x - y != 0:
                out.append((bcd(x), bcd(y, code=xrnd.choice([0xa, 0xc, 0xe, 0xf]) if y > 0 else
                                     xrnd.choice([0xb, 0xd])), xrvec(), xrvec()))
    return out


def bcdcfsq(a, b, c, t):
    n = sx(to_int(b), 16)
    if abs(n) >= 10 ** 31:
        return t, 0, bcd_cr(n) | 1            # VRT undefined: modvm keeps it
    return bcd(n), 0, bcd_cr(n)


def bcdctsq(a, b, c, t):
    n = bcd_val(b)
    return from_int(n), 0, bcd_cr(n)


def bcds(ps):
    def model(a, b, c, t):
        k = max(-31, min(31, sx(a[7], 1)))
        n = bcd_val(b)
        mag = abs(n)
        if k >= 0:
            r = mag * 10 ** k
            ox = r >= 10 ** 31
            r %= 10 ** 31
        else:
            r, ox = mag // 10 ** -k, False
        res = bcd(-r if n < 0 else r, ps, code=(0xd if n < 0 else (0xf if ps else 0xc)))
        cr = (2 if r == 0 else (8 if n < 0 else 4)) | (1 if ox else 0)
        return res, 0, cr
    return model


def shift_inputs():
    out = []
    for k in (0, 1, -1, 3, -7, 20, -20, 31, -31, 40, -100):
        for n in (1, -12345, 10 ** 30 + 9, -(10 ** 25)):
            a = xrvec()
            a[7] = k & 0xff
            out.append((a, bcd(n), xrvec(), xrvec()))
    return out


def sq_inputs():
    vals = [0, 1, -1, 10 ** 31 - 1, -(10 ** 31 - 1), 10 ** 31, 123456789012345678901234567890,
            -(1 << 100)]
    return [(xrvec(), from_int(v), xrvec(), xrvec()) for v in vals]


EXTRA = [
    ('xvadddp', xx3(96), dp_inputs(12), dp2(lambda x, y: x + y)),
    ('xvmuldp', xx3(112), dp_inputs(12), dp2(lambda x, y: x * y)),
    ('xvmaxdp', xx3(224), dp_inputs(12), dp2(dp_max)),
    ('xvcmpgtdp.', xx3(107, 1 << 10), dp_inputs(12) + [(dp_bytes(2.0) * 2, dp_bytes(1.0) * 2,
                                                        xrvec(), xrvec())], cmpgt_dp),
    ('xvaddsp', xx3(64), sp_inputs(12), sp4(lambda x, y: x + y)),
    ('xvmulsp', xx3(80), sp_inputs(12), sp4(lambda x, y: x * y)),
    ('xvcvsxwdp', xx2(248), [(xrvec(), xrvec(), xrvec(), xrvec()) for _ in range(8)], cvsxwdp),
    ('xvxexpdp', xx2(475, 0), dp_inputs(6) + tstdc_inputs()[:8], xexp_dp),
    ('xvxsigdp', xx2(475, 1), dp_inputs(6) + tstdc_inputs()[:8], xsig_dp),
    ('xviexpdp', xx3(248), [(xrvec(), xrvec(), xrvec(), xrvec()) for _ in range(8)], iexp_dp),
    ('xvtstdcdp', xx2(490 | 0x10 | 1, 0x15), tstdc_inputs(), tstdc_dp(0x75)),
    ('bcdadd.', vx(1025), bcd_inputs(), bcd_arith(False, 0)),
    ('bcdadd. ps=1', vx(1537), bcd_inputs(), bcd_arith(False, 1)),
    ('bcdsub.', vx(1089), bcd_inputs(), bcd_arith(True, 0)),
    ('bcdcfsq.', vx(1409) & ~(31 << 16) | (2 << 16), sq_inputs(), bcdcfsq),
    ('bcdctsq.', vx(1409) & ~(31 << 16), bcd_inputs(), bcdctsq),
    ('bcds.', vx(1217), shift_inputs(), bcds(0)),
    ('bcds. ps=1', vx(1729), shift_inputs(), bcds(1)),
]


def c_bytes(v):
    return '{ ' + ', '.join('0x%02x' % x for x in v) + ' }'


def main():
    out = sys.stdout
    out.write('/* Generated by vec_ref.py (a model written from the Power ISA pseudocode): do not edit. */\n')
    out.write('typedef struct { const char *name; guint32 insn; guint8 a[16], b[16], c[16], t[16], '
              'r[16]; guint8 sat; gint8 cr6; } VecCase;\n')
    out.write('static const VecCase vec_cases[] = {\n')
    for name, insn, model in MODELS:
        for a, b, c, t in case_inputs(10):
            r, s, cr6 = model(a, b, c, t)
            r = [x & 0xff for x in r]
            out.write('    { "%s", 0x%08x, %s,\n      %s,\n      %s,\n      %s,\n      %s, %d, %d },\n' %
                      (name, insn, c_bytes(a), c_bytes(b), c_bytes(c), c_bytes(t), c_bytes(r), s,
                       -1 if cr6 is None else cr6))
    for name, insn, inputs, model in EXTRA:
        for a, b, c, t in inputs:
            r, s, cr6 = model(a, b, c, t)
            out.write('    { "%s", 0x%08x, %s,\n      %s,\n      %s,\n      %s,\n      %s, %d, %d },\n' %
                      (name, insn, c_bytes(a), c_bytes(b), c_bytes(c), c_bytes(t), c_bytes(r), s,
                       -1 if cr6 is None else cr6))
    out.write('};\n\n')
    out.write('typedef struct { const char *name; guint32 insn; gboolean le; guint off; guint8 r[16]; '
              'guint64 rb; } VecLoadCase;\n')
    out.write('static const VecLoadCase vec_load_cases[] = {\n')
    for name, insn, le, off, r, *rb in LOADS:
        out.write('    { "%s", 0x%08x, %d, %d, %s, 0x%xull },\n' % (name, insn, le, off, c_bytes(r),
                                                            rb[0] if rb else 0))
    out.write('};\n\n')
    out.write('typedef struct { const char *name; guint32 insn; gboolean le; guint off; guint8 reg[16]; '
              'guint8 mem[32]; guint64 rb; } VecStoreCase;\n')
    out.write('static const VecStoreCase vec_store_cases[] = {\n')
    for name, insn, le, off, reg, mem, *rb in STORES:
        out.write('    { "%s", 0x%08x, %d, %d, %s,\n      %s, 0x%xull },\n' %
                  (name, insn, le, off, c_bytes(reg), c_bytes(mem), rb[0] if rb else 0))
    out.write('};\n')


main()
