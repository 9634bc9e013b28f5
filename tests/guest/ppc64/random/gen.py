#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generates a reproducible random fixed-point instruction test for the ppc64 guest runtime.

  gen.py --seed N [--blocks B] [--length L] -o out.S     the program's instruction streams
  gen.py --seed N [--blocks B] [--length L] --list K     print block K's stream (to read a diff)

The output defines random_run(), which for each block loads random values into
every usable GPR, CR, XER and CTR, runs L random instructions, and stores the
registers into random_out[block]; random.c prints them. Only instructions whose
results the ISA fully defines for every input are drawn (no divides, no
mulhw/mulhwu, no word forms with undefined high halves), so any difference
between two emulators is a bug in one of them.
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
    ap.add_argument("--blocks", type=int, default=64)
    ap.add_argument("--length", type=int, default=24)
    ap.add_argument("-o", "--output")
    ap.add_argument("--list", type=int, metavar="BLOCK", help="print one block's stream and inputs")
    args = ap.parse_args()
    streams, states = make(args.seed, args.blocks, args.length)
    if args.list is not None:
        b = args.list
        for name, v in zip(DUMP, states[b]):
            print(f"in  {name:>4} = {v:016x}")
        for insn in streams[b]:
            print(f"    {insn}")
        return 0
    if not args.output:
        ap.error("-o is required unless --list is given")
    with open(args.output, "w") as f:
        emit(f, args.seed, streams, states)
    return 0


if __name__ == "__main__":
    sys.exit(main())
