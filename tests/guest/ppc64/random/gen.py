#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generates a reproducible random instruction test for the ppc64 guest runtime.

  gen.py --seed N [--kind K] [--blocks B] [--length L] -o out.S   the instruction streams
  gen.py --seed N [--kind K] [--blocks B] [--length L] --list K   print block K (to read a diff)

The output defines random_run(), which for each block loads random values into
the registers of its kind, runs L random instructions, and stores the registers
into random_out[block]; random.c prints them.

--kind int (the default): every usable GPR, CR, XER and CTR, fixed-point
instructions. Only instructions whose results the ISA fully defines for every
input are drawn (no divides, no mulhw/mulhwu, no word forms with undefined high
halves), so any difference between two emulators is a bug in one of them.

--kind fp: VSRs 0-15 (f0-f15) and 32-47 (v0-v15), the FPSCR (a random rounding
mode, no exception enabled), VSCR[NJ] and CR; scalar and VSX floating point, VSX
vector floating point, VMX and BCD instructions on special values (zeros,
infinities, NaNs, denormals, the largest numbers) and random ones. QEMU is the
oracle, so what QEMU 7.2 gets wrong by the ISA stays out: FPSCR[FR] and [FI] are
masked in the dump (QEMU never sets FR, and clears FI where the ISA keeps it),
and so is UX when OX is set (QEMU drops UX when another element overflowed);
the instructions of tests/guest/ppc64/expected/{fp,vsxfp,vsxvec,bcd}-le.txt
(fnmadd rounding, the estimates of 0, the per-element conversion flags) are not
drawn, nor the compares, fcfid[u][s] (FPRF), xststdcsp, bcdadd. and bcdsub.
(invalid operands), where QEMU also differs.
"""

import argparse
import random
import sys

# r1 (stack), r2 (TOC) and r13 are left alone; r0 is fine except as a base.
REGS = [0] + list(range(3, 13)) + list(range(14, 32))
# What each block dumps, in random_out order.
DUMP = [f"r{r}" for r in REGS] + ["cr", "xer", "ctr"]

XO_ARITH = ["add", "addc", "adde", "subf", "subfc", "subfe", "mulld", "mullw"]
XO_UNARY = ["neg", "addme", "addze", "subfme", "subfze"]
LOGICAL = ["and", "or", "xor", "nand", "nor", "eqv", "andc", "orc"]
RC_UNARY = ["extsb", "extsh", "extsw", "cntlzw", "cntlzd", "cnttzw", "cnttzd"]
PLAIN_UNARY = ["popcntb", "popcntw", "popcntd", "prtyw", "prtyd"]
SHIFTS = ["sld", "srd", "srad", "slw", "srw", "sraw"]
CR_LOGICAL = ["crand", "cror", "crxor", "crnand", "crnor", "creqv", "crandc", "crorc"]


def r(rng):
    return rng.choice(REGS)


def r_nz(rng):
    """A register for an RA field where 0 would mean the value 0."""
    return rng.choice([x for x in REGS if x != 0])


def rc(rng):
    return "." if rng.random() < 0.4 else ""


def gen_insn(rng):
    kind = rng.randrange(20)
    if kind == 0:
        return f"{rng.choice(XO_ARITH)}{rng.choice(['', 'o'])}{rc(rng)} {r(rng)},{r(rng)},{r(rng)}"
    if kind == 1:
        return f"{rng.choice(XO_UNARY)}{rng.choice(['', 'o'])}{rc(rng)} {r(rng)},{r(rng)}"
    if kind == 2:
        return f"{rng.choice(LOGICAL)}{rc(rng)} {r(rng)},{r(rng)},{r(rng)}"
    if kind == 3:
        return f"{rng.choice(RC_UNARY)}{rc(rng)} {r(rng)},{r(rng)}"
    if kind == 4:
        op = rng.choice(PLAIN_UNARY + ["cmpb", "bpermd"])
        if op in ("cmpb", "bpermd"):
            return f"{op} {r(rng)},{r(rng)},{r(rng)}"
        return f"{op} {r(rng)},{r(rng)}"
    if kind == 5:
        return f"{rng.choice(SHIFTS)}{rc(rng)} {r(rng)},{r(rng)},{r(rng)}"
    if kind == 6:
        op = rng.choice(["sradi", "srawi", "extswsli"])
        top = 31 if op == "srawi" else 63
        return f"{op}{rc(rng)} {r(rng)},{r(rng)},{rng.randint(0, top)}"
    if kind == 7:
        op = rng.choice(["rlwinm", "rlwimi"])
        return (f"{op}{rc(rng)} {r(rng)},{r(rng)},{rng.randint(0, 31)},"
                f"{rng.randint(0, 31)},{rng.randint(0, 31)}")
    if kind == 8:
        return f"rlwnm{rc(rng)} {r(rng)},{r(rng)},{r(rng)},{rng.randint(0, 31)},{rng.randint(0, 31)}"
    if kind == 9:
        op = rng.choice(["rldicl", "rldicr", "rldic", "rldimi"])
        return f"{op}{rc(rng)} {r(rng)},{r(rng)},{rng.randint(0, 63)},{rng.randint(0, 63)}"
    if kind == 10:
        op = rng.choice(["rldcl", "rldcr"])
        return f"{op}{rc(rng)} {r(rng)},{r(rng)},{r(rng)},{rng.randint(0, 63)}"
    if kind == 11:
        op = rng.choice(["addi", "addis", "addic", "addic.", "subfic", "mulli"])
        ra = r_nz(rng) if op in ("addi", "addis") and rng.random() < 0.8 else r(rng)
        return f"{op} {r(rng)},{ra},{rng.randint(-32768, 32767)}"
    if kind == 12:
        op = rng.choice(["andi.", "andis.", "ori", "oris", "xori", "xoris"])
        return f"{op} {r(rng)},{r(rng)},{rng.randint(0, 65535)}"
    if kind == 13:
        op = rng.choice(["cmpd", "cmpw", "cmpld", "cmplw"])
        return f"{op} {rng.randint(0, 7)},{r(rng)},{r(rng)}"
    if kind == 14:
        op = rng.choice(["cmpdi", "cmpwi", "cmpldi", "cmplwi"])
        imm = rng.randint(-32768, 32767) if op in ("cmpdi", "cmpwi") else rng.randint(0, 65535)
        return f"{op} {rng.randint(0, 7)},{r(rng)},{imm}"
    if kind == 15:
        op = rng.choice(CR_LOGICAL + ["mcrf"])
        if op == "mcrf":
            return f"mcrf {rng.randint(0, 7)},{rng.randint(0, 7)}"
        return f"{op} {rng.randint(0, 31)},{rng.randint(0, 31)},{rng.randint(0, 31)}"
    if kind == 16:
        # no mfxer: XER's reserved bits read back differently on different implementations
        op = rng.choice(["isel", "setb", "mfcr", "mtcrf", "mtocrf", "mcrxrx"])
        if op == "isel":
            return f"isel {r(rng)},{r(rng)},{r(rng)},{rng.randint(0, 31)}"
        if op == "setb":
            return f"setb {r(rng)},{rng.randint(0, 7)}"
        if op == "mtcrf":
            return f"mtcrf {rng.randint(0, 255)},{r(rng)}"
        if op == "mtocrf":
            return f"mtocrf {1 << rng.randint(0, 7)},{r(rng)}"
        if op == "mcrxrx":
            return f"mcrxrx {rng.randint(0, 7)}"
        return f"{op} {r(rng)}"
    if kind == 17:
        op = rng.choice(["cmprb", "cmpeqb"])
        if op == "cmprb":
            return f"cmprb {rng.randint(0, 7)},{rng.randint(0, 1)},{r(rng)},{r(rng)}"
        return f"cmpeqb {rng.randint(0, 7)},{r(rng)},{r(rng)}"
    if kind == 18:
        op = rng.choice(["maddld", "maddhd", "maddhdu", "addex"])
        if op == "addex":
            return f"addex {r(rng)},{r(rng)},{r(rng)},0"
        return f"{op} {r(rng)},{r(rng)},{r(rng)},{r(rng)}"
    op = rng.choice(["mtctr", "mfctr", "mtxer"])
    return f"{op} {r(rng)}"


# --kind fp: the registers, as (VSR number, what each dump line is called)
FP_VSRS = list(range(0, 16)) + list(range(32, 48))
FP_DUMP = [f"vs{n}{h}" for n in FP_VSRS for h in ("h", "l")] + ["fpscr", "vscr", "cr"]

F_ARITH = ["fadd", "fsub", "fmul", "fdiv", "fadds", "fsubs", "fmuls", "fdivs"]
F_FMA = ["fmadd", "fmsub", "fmadds", "fmsubs"]
F_UNARY = ["fsqrt", "fsqrts", "frsp", "fctid", "fctidz", "fctiw", "fctiwz", "fctidu", "fctiwuz",
           "frin", "friz", "frip", "frim", "fabs", "fneg", "fnabs",
           "fmr"]
XS_BIN = ["xsadddp", "xssubdp", "xsmuldp", "xsdivdp", "xsaddsp", "xsmulsp", "xsmaxdp", "xsmindp",
          "xsmaxcdp", "xsmincdp", "xsmaxjdp", "xsminjdp", "xscmpeqdp", "xscmpgtdp", "xscmpgedp",
          "xscpsgndp"]
XS_FMA = ["xsmaddadp", "xsmaddmdp", "xsmsubadp", "xsmsubmdp", "xsmaddasp", "xsmsubmsp"]
XS_UNARY = ["xssqrtdp", "xssqrtsp", "xsrsp", "xscvdpsp", "xscvspdp", "xscvdpspn", "xscvspdpn",
            "xsrdpi", "xsrdpiz", "xsrdpip", "xsrdpim", "xsrdpic", "xscvdpsxds", "xscvdpuxws",
            "xscvsxddp", "xscvuxddp", "xsabsdp", "xsnegdp", "xscvhpdp"]
XV_BIN = ["xvadddp", "xvsubdp", "xvmuldp", "xvdivdp", "xvaddsp", "xvsubsp", "xvmulsp", "xvdivsp",
          "xvmaxdp", "xvmindp", "xvmaxsp", "xvminsp", "xvcpsgndp", "xvcpsgnsp", "xviexpdp",
          "xviexpsp", "xxland", "xxlor", "xxlxor", "xxlnor", "xxmrghw", "xxmrglw"]
XV_CMP = ["xvcmpeqdp", "xvcmpgtdp", "xvcmpgedp", "xvcmpeqsp", "xvcmpgtsp", "xvcmpgesp"]
XV_FMA = ["xvmaddadp", "xvmaddmdp", "xvmsubadp", "xvmsubmdp", "xvmaddasp", "xvmaddmsp",
          "xvmsubasp"]
XV_UNARY = ["xvsqrtdp", "xvsqrtsp", "xvrdpi", "xvrdpiz", "xvrdpip", "xvrdpim", "xvrdpic",
            "xvrspi", "xvrspiz", "xvrspic", "xvcvdpsp", "xvcvspdp", "xvcvsxddp", "xvcvuxddp",
            "xvcvsxwdp", "xvcvuxwdp", "xvcvsxwsp", "xvcvuxwsp", "xvcvsxdsp", "xvabsdp", "xvnegsp",
            "xvnabsdp", "xvxexpdp", "xvxexpsp", "xvxsigdp", "xvxsigsp", "xvcvhpsp"]
VMX_BIN = ["vaddubm", "vadduwm", "vsubuhm", "vaddsbs", "vsubuws", "vmaxsw", "vminub", "vand",
           "vxor", "vandc", "vrlw", "vslw", "vsraw", "vsrh", "vmrghb", "vmrglw", "vpkuwum",
           "vpkshss", "vmuleuh", "vmulosb", "vavgub", "vcmpequw", "vcmpgtsb", "vcmpgtuh",
           "vcmpeqfp", "vcmpgefp", "vaddfp", "vsubfp", "vmaxfp", "vminfp", "vslo", "vsro",
           "vpmsumd", "vbpermq"]


def vsr(rng):
    """An FP-kind VSR: the first 16 or the first 16 VRs."""
    return rng.choice(FP_VSRS)


def fr(rng):
    return rng.randrange(16)


def vr(rng):
    return rng.randrange(16)


def gen_fp_insn(rng):
    kind = rng.randrange(16)
    if kind == 0:
        return f"{rng.choice(F_ARITH)}{rc(rng)} {fr(rng)},{fr(rng)},{fr(rng)}"
    if kind == 1:
        return f"{rng.choice(F_FMA)}{rc(rng)} {fr(rng)},{fr(rng)},{fr(rng)},{fr(rng)}"
    if kind == 2:
        return f"{rng.choice(F_UNARY)}{rc(rng)} {fr(rng)},{fr(rng)}"
    if kind == 3:
        op = rng.choice(["fsel", "fcpsgn"])
        if op == "fsel":
            return f"fsel{rc(rng)} {fr(rng)},{fr(rng)},{fr(rng)},{fr(rng)}"
        return f"fcpsgn{rc(rng)} {fr(rng)},{fr(rng)},{fr(rng)}"
    if kind == 4:
        return f"{rng.choice(XS_BIN)} {vsr(rng)},{vsr(rng)},{vsr(rng)}"
    if kind == 5:
        return f"{rng.choice(XS_FMA)} {vsr(rng)},{vsr(rng)},{vsr(rng)}"
    if kind == 6:
        return f"{rng.choice(XS_UNARY)} {vsr(rng)},{vsr(rng)}"
    if kind == 7:
        op = rng.choice(["xstdivdp", "xvtdivdp", "xvtdivsp", "xscmpexpdp"])
        return f"{op} {rng.randint(0, 7)},{vsr(rng)},{vsr(rng)}"
    if kind == 8:
        return f"{rng.choice(XV_BIN)} {vsr(rng)},{vsr(rng)},{vsr(rng)}"
    if kind == 9:
        return f"{rng.choice(XV_CMP)}{rc(rng)} {vsr(rng)},{vsr(rng)},{vsr(rng)}"
    if kind == 10:
        return f"{rng.choice(XV_FMA)} {vsr(rng)},{vsr(rng)},{vsr(rng)}"
    if kind == 11:
        return f"{rng.choice(XV_UNARY)} {vsr(rng)},{vsr(rng)}"
    if kind == 12:
        op = rng.choice(["xststdcdp", "xvtstdcdp", "xvtstdcsp", "xvtsqrtdp",
                         "xxpermdi", "xxsldwi", "xxspltw", "xxsel"])
        if op in ("xststdcdp", "xststdcsp"):
            return f"{op} {rng.randint(0, 7)},{vsr(rng)},{rng.randint(0, 127)}"
        if op in ("xvtstdcdp", "xvtstdcsp"):
            return f"{op} {vsr(rng)},{vsr(rng)},{rng.randint(0, 127)}"
        if op == "xvtsqrtdp":
            return f"xvtsqrtdp {rng.randint(0, 7)},{vsr(rng)}"
        if op in ("xxpermdi", "xxsldwi"):
            return f"{op} {vsr(rng)},{vsr(rng)},{vsr(rng)},{rng.randint(0, 3)}"
        if op == "xxspltw":
            return f"xxspltw {vsr(rng)},{vsr(rng)},{rng.randint(0, 3)}"
        return f"xxsel {vsr(rng)},{vsr(rng)},{vsr(rng)},{vsr(rng)}"
    if kind == 13:
        op = rng.choice(VMX_BIN)
        dot = rc(rng) if op.startswith("vcmp") else ""
        return f"{op}{dot} {vr(rng)},{vr(rng)},{vr(rng)}"
    if kind == 14:
        op = rng.choice(["vperm", "vsel", "vmaddfp", "vsldoi", "vmsumuhm"])
        if op == "vsldoi":
            return f"vsldoi {vr(rng)},{vr(rng)},{vr(rng)},{rng.randint(0, 15)}"
        return f"{op} {vr(rng)},{vr(rng)},{vr(rng)},{vr(rng)}"
    # BCD (no bcdadd., bcdsub.: QEMU 7.2 misses invalid digits when the signs differ)
    op = rng.choice(["bcds.", "bcdsr.", "bcdtrunc.", "bcdcfsq.", "bcdctsq.", "bcdsetsgn.",
                     "bcdcpsgn.", "bcdcfz.", "bcdctz."])
    t, a, b = vr(rng), vr(rng), vr(rng)
    if op in ("bcds.", "bcdsr.", "bcdtrunc."):
        return f"{op} {t},{a},{b},{rng.randint(0, 1)}"
    if op == "bcdcpsgn.":
        return f"{op} {t},{a},{b}"
    if op == "bcdctsq.":
        return f"{op} {t},{b}"
    return f"{op} {t},{b},{rng.randint(0, 1)}"


FP_SPECIAL = [0, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0x7ff0000000000000,
              0xfff0000000000000, 0x7ff8000000000000, 0x7ff4000000000001, 0x7fefffffffffffff,
              0x0010000000000000, 0x0000000000000001, 0x800fffffffffffff, 0x3fb999999999999a,
              0x4330000000000000, 0x43e0000000000000, 0xc1e0000000000000, 0x3ca0000000000000]
SP_SPECIAL = [0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000,
              0x7fa00001, 0x7f7fffff, 0x00800000, 0x00000001, 0x3dcccccd, 0x4b000000, 0x33800000]


def random_fp_dword(rng):
    """A doubleword of a VSR: a double, two singles, BCD digits or random bits."""
    pick = rng.randrange(10)
    if pick < 3:
        return rng.choice(FP_SPECIAL)
    if pick < 6:
        sign = rng.getrandbits(1) << 63
        return sign | (rng.randint(1023 - 40, 1023 + 40) << 52) | rng.getrandbits(52)
    if pick < 8:
        words = []
        for _ in range(2):
            if rng.random() < 0.4:
                words.append(rng.choice(SP_SPECIAL))
            else:
                words.append(rng.getrandbits(1) << 31 | rng.randint(127 - 20, 127 + 20) << 23 |
                             rng.getrandbits(23))
        return words[0] << 32 | words[1]
    if pick < 9:
        digits = 0
        for _ in range(16):
            digits = digits << 4 | rng.randrange(10)
        return digits | (rng.choice([0xa, 0xb, 0xc, 0xd, 0xf]) if rng.random() < 0.5 else 0)
    return rng.getrandbits(64)


def random_value(rng):
    """Mostly boundary-ish values, some uniformly random."""
    pick = rng.randrange(8)
    if pick == 0:
        return rng.choice([0, 1, 2, 0xffffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000,
                           0x7fffffff, 0x80000000, 0xffffffff, 0xffffffff80000000, 0x100000000])
    if pick == 1:
        return rng.randrange(0, 64)
    if pick == 2:
        return (1 << rng.randrange(64)) ^ (rng.choice([0, 0xffffffffffffffff]))
    return rng.getrandbits(64)


def make_fp(seed, blocks, length):
    rng = random.Random(seed)
    streams, states = [], []
    for _ in range(blocks):
        state = [random_fp_dword(rng) for _ in FP_VSRS for _ in range(2)]
        state.append(rng.randrange(4))                           # fpscr: the rounding mode
        state.append(rng.choice([0, 0x10000]))                   # vscr: NJ
        state.append(rng.getrandbits(32))                        # cr
        states.append(state)
        streams.append([gen_fp_insn(rng) for _ in range(length)])
    return streams, states


def emit_fp(out, seed, streams, states):
    """random_run for --kind fp: r3 (in) and r4 (out) point at the block's state."""
    w = out.write
    n = len(FP_DUMP)
    w("/* SPDX-License-Identifier: GPL-2.0-or-later */\n")
    w(f"/* Generated by gen.py --seed {seed} --kind fp --blocks {len(streams)} "
      f"--length {len(streams[0])}; do not edit. */\n")
    w("\t.section .data\n\t.balign 16\n\t.globl random_in\nrandom_in:\n")
    for b, state in enumerate(states):
        w(f"\t/* block {b} */\n")
        for v in state:
            w(f"\t.quad 0x{v:016x}\n")
    w(f"\t.section .bss\n\t.balign 16\n\t.globl random_out\nrandom_out:\n"
      f"\t.space {8 * n * len(streams)}\n")
    w("\t.section .rodata\n\t.globl random_blocks\nrandom_blocks:\n"
      f"\t.long {len(streams)}\n\t.globl random_length\nrandom_length:\n\t.long {len(streams[0])}\n"
      f"\t.globl random_nregs\nrandom_nregs:\n\t.long {n}\n")
    w("\t.globl random_names\nrandom_names:\n")
    for name in FP_DUMP:
        w(f"\t.asciz \"{name}\"\n")
    # VSRs 14-15 and 52-63 (f14, f15, v20-v31) are nonvolatile; VSR 16 is the scratch FPR
    frame = 32 + 16 * 18 + 16
    w("\n\t.text\n\t.globl random_run\n\t.type random_run,@function\nrandom_run:\n")
    w(f"\tstdu %r1,-{frame}(%r1)\n\tmfcr %r0\n\tstd %r0,32(%r1)\n\tli %r5,48\n")
    saved = [14, 15] + list(range(52, 64))
    for i, reg in enumerate(saved):
        w(f"\tstxvd2x {reg},%r1,%r5\n\taddi %r5,%r5,16\n")
    for b, stream in enumerate(streams):
        base = 8 * n * b
        w(f"\n\t/* block {b} */\n")
        w(f"\tlis %r3,(random_in+{base})@h\n\tori %r3,%r3,(random_in+{base})@l\n")
        w(f"\tlis %r4,(random_out+{base})@h\n\tori %r4,%r4,(random_out+{base})@l\n")
        w(f"\tlfd 16,{8 * (n - 3)}(%r3)\n\tmtfsf 0xff,16,1,0\n")
        w(f"\tld %r5,{8 * (n - 2)}(%r3)\n\tmtvsrdd 48,%r5,%r5\n\tmtvscr 16\n")
        w(f"\tld %r0,{8 * (n - 1)}(%r3)\n\tmtcrf 0xff,%r0\n")
        for i, reg in enumerate(FP_VSRS):
            w(f"\tli %r5,{16 * i}\n\tlxvd2x {reg},%r3,%r5\n")
        for insn in stream:
            w(f"\t{insn}\n")
        w(f"\tmfcr %r0\n\tstd %r0,{8 * (n - 1)}(%r4)\n")
        for i, reg in enumerate(FP_VSRS):
            w(f"\tli %r5,{16 * i}\n\tstxvd2x {reg},%r4,%r5\n")
        # FR and FI (FPSCR bits 45, 46) are masked: QEMU 7.2 never sets FR, and clears FI
        # in the vector instructions' invalid operations and the compares; so is UX when OX
        # is set: QEMU 7.2 drops UX when another element of a vector overflowed
        w(f"\tmffs 16\n\tstfd 16,{8 * (n - 3)}(%r4)\n\tld %r0,{8 * (n - 3)}(%r4)\n"
          f"\tlis %r5,6\n\tandc %r0,%r0,%r5\n\tsrdi %r5,%r0,1\n\tandis. %r5,%r5,0x0800\n"
          f"\tandc %r0,%r0,%r5\n\tstd %r0,{8 * (n - 3)}(%r4)\n")
        w(f"\tmfvscr 16\n\tmfvsrld %r0,48\n\tstd %r0,{8 * (n - 2)}(%r4)\n")
    w("\n\tli %r5,48\n")
    for i, reg in enumerate(saved):
        w(f"\tlxvd2x {reg},%r1,%r5\n\taddi %r5,%r5,16\n")
    w(f"\tld %r0,32(%r1)\n\tmtcrf 0xff,%r0\n\taddi %r1,%r1,{frame}\n\tblr\n")
    w("\t.size random_run,.-random_run\n")


def make(seed, blocks, length):
    rng = random.Random(seed)
    streams, states = [], []
    for _ in range(blocks):
        state = [random_value(rng) for _ in REGS]
        state.append(rng.getrandbits(32))                        # cr
        state.append(rng.choice([0, 0x80000000, 0x40000000, 0x20000000, 0x000c0000,
                                 0xe00c0000, 0x20040000]) | rng.randrange(0, 128))  # xer
        state.append(random_value(rng))                          # ctr
        states.append(state)
        streams.append([gen_insn(rng) for _ in range(length)])
    return streams, states


def emit(out, seed, streams, states):
    w = out.write
    n = len(DUMP)
    w("/* SPDX-License-Identifier: GPL-2.0-or-later */\n")
    w(f"/* Generated by gen.py --seed {seed} --blocks {len(streams)} "
      f"--length {len(streams[0])}; do not edit. */\n")
    w(f"\t.section .data\n\t.balign 8\n\t.globl random_in\nrandom_in:\n")
    for b, state in enumerate(states):
        w(f"\t/* block {b} */\n")
        for v in state:
            w(f"\t.quad 0x{v:016x}\n")
    w(f"\t.section .bss\n\t.balign 8\n\t.globl random_out\nrandom_out:\n"
      f"\t.space {8 * n * len(streams)}\n")
    w("\t.section .rodata\n\t.globl random_blocks\nrandom_blocks:\n"
      f"\t.long {len(streams)}\n\t.globl random_length\nrandom_length:\n\t.long {len(streams[0])}\n"
      f"\t.globl random_nregs\nrandom_nregs:\n\t.long {n}\n")
    w("\t.globl random_names\nrandom_names:\n")
    for name in DUMP:
        w(f"\t.asciz \"{name}\"\n")
    frame = 32 + 8 * 20 + 16
    w("\n\t.text\n\t.globl random_run\n\t.type random_run,@function\nrandom_run:\n")
    w(f"\tmflr %r0\n\tstd %r0,16(%r1)\n\tstdu %r1,-{frame}(%r1)\n")
    for i, reg in enumerate([2] + list(range(14, 32))):
        w(f"\tstd %r{reg},{32 + 8 * i}(%r1)\n")
    w(f"\tmfcr %r0\n\tstd %r0,{32 + 8 * 19}(%r1)\n")
    for b, stream in enumerate(streams):
        base_in = 8 * n * b
        w(f"\n\t/* block {b} */\n")
        w(f"\tlis %r31,(random_in+{base_in})@h\n\tori %r31,%r31,(random_in+{base_in})@l\n")
        w(f"\tld %r0,{8 * (n - 3)}(%r31)\n\tmtcrf 0xff,%r0\n")
        w(f"\tld %r0,{8 * (n - 2)}(%r31)\n\tmtxer %r0\n")
        w(f"\tld %r0,{8 * (n - 1)}(%r31)\n\tmtctr %r0\n")
        for i, reg in enumerate(REGS):
            if reg != 31:
                w(f"\tld %r{reg},{8 * i}(%r31)\n")
        w(f"\tld %r31,{8 * REGS.index(31)}(%r31)\n")
        for insn in stream:
            w(f"\t{insn}\n")
        w(f"\tmtsprg2 %r31\n\tlis %r31,(random_out+{base_in})@h\n"
          f"\tori %r31,%r31,(random_out+{base_in})@l\n")
        for i, reg in enumerate(REGS):
            if reg != 31:
                w(f"\tstd %r{reg},{8 * i}(%r31)\n")
        w(f"\tmfsprg2 %r0\n\tstd %r0,{8 * REGS.index(31)}(%r31)\n")
        w(f"\tmfcr %r0\n\tstd %r0,{8 * (n - 3)}(%r31)\n")
        w(f"\tmfxer %r0\n\tstd %r0,{8 * (n - 2)}(%r31)\n")
        w(f"\tmfctr %r0\n\tstd %r0,{8 * (n - 1)}(%r31)\n")
    w(f"\n\tld %r0,{32 + 8 * 19}(%r1)\n\tmtcrf 0xff,%r0\n")
    for i, reg in enumerate([2] + list(range(14, 32))):
        w(f"\tld %r{reg},{32 + 8 * i}(%r1)\n")
    w(f"\taddi %r1,%r1,{frame}\n\tld %r0,16(%r1)\n\tmtlr %r0\n\tblr\n")
    w("\t.size random_run,.-random_run\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--kind", choices=["int", "fp"], default="int",
                    help="int: GPRs and fixed point; fp: FPRs, VSRs, VRs and their instructions")
    ap.add_argument("--blocks", type=int, default=64)
    ap.add_argument("--length", type=int, default=24)
    ap.add_argument("-o", "--output")
    ap.add_argument("--list", type=int, metavar="BLOCK", help="print one block's stream and inputs")
    args = ap.parse_args()
    fp = args.kind == "fp"
    streams, states = (make_fp if fp else make)(args.seed, args.blocks, args.length)
    if args.list is not None:
        b = args.list
        for name, v in zip(FP_DUMP if fp else DUMP, states[b]):
            print(f"in  {name:>4} = {v:016x}")
        for insn in streams[b]:
            print(f"    {insn}")
        return 0
    if not args.output:
        ap.error("-o is required unless --list is given")
    with open(args.output, "w") as f:
        (emit_fp if fp else emit)(f, args.seed, streams, states)
    return 0


if __name__ == "__main__":
    sys.exit(main())
