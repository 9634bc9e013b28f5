/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The POWER decoder and translator without execution: the table, every mnemonic, hostile words. */
#include "../internal.h"
#include "core.h"

#include <string.h>

extern const ModvmPluginDescriptor modvm_plugin_descriptor;

/* Words from GNU as (powerpc64le-linux-gnu-as -mbig -mpower10) and the entry each must hit. */
static const struct { guint32 word; const char *entry; } assembled[] = {
    { 0x48000100, "b" },   /* b 0x100 */
    { 0x48000101, "b" },   /* bl 0x100 */
    { 0x41820040, "bc" },   /* bc 12,2,0x40 */
    { 0x4e800020, "bclr" },   /* blr */
    { 0x4e800421, "bcctr" },   /* bctrl */
    { 0x4e800460, "bctar" },   /* bctar 20,0 */
    { 0x4c880000, "mcrf" },   /* mcrf 1,2 */
    { 0x4c221842, "crnor" },   /* crnor 1,2,3 */
    { 0x4c221902, "crandc" },   /* crandc 1,2,3 */
    { 0x4c221982, "crxor" },   /* crxor 1,2,3 */
    { 0x4c2219c2, "crnand" },   /* crnand 1,2,3 */
    { 0x4c221a02, "crand" },   /* crand 1,2,3 */
    { 0x4c221a42, "creqv" },   /* creqv 1,2,3 */
    { 0x4c221b42, "crorc" },   /* crorc 1,2,3 */
    { 0x4c221b82, "cror" },   /* cror 1,2,3 */
    { 0x44000002, "sc" },   /* sc */
    { 0x44000022, "sc" },   /* sc 1 */
    { 0x44000001, "scv" },   /* scv 0 */
    { 0x4c620004, "addpcis" },   /* addpcis 3,4 */
    { 0x88640008, "lbz" },   /* lbz 3,8(4) */
    { 0x8c640008, "lbzu" },   /* lbzu 3,8(4) */
    { 0xa0640008, "lhz" },   /* lhz 3,8(4) */
    { 0xa4640008, "lhzu" },   /* lhzu 3,8(4) */
    { 0xa8640008, "lha" },   /* lha 3,8(4) */
    { 0xac640008, "lhau" },   /* lhau 3,8(4) */
    { 0x80640008, "lwz" },   /* lwz 3,8(4) */
    { 0x84640008, "lwzu" },   /* lwzu 3,8(4) */
    { 0xe8640008, "ld" },   /* ld 3,8(4) */
    { 0xe8640009, "ldu" },   /* ldu 3,8(4) */
    { 0xe864000a, "lwa" },   /* lwa 3,8(4) */
    { 0x7c6428ae, "lbzx" },   /* lbzx 3,4,5 */
    { 0x7c6428ee, "lbzux" },   /* lbzux 3,4,5 */
    { 0x7c642a2e, "lhzx" },   /* lhzx 3,4,5 */
    { 0x7c642a6e, "lhzux" },   /* lhzux 3,4,5 */
    { 0x7c642aae, "lhax" },   /* lhax 3,4,5 */
    { 0x7c642aee, "lhaux" },   /* lhaux 3,4,5 */
    { 0x7c64282e, "lwzx" },   /* lwzx 3,4,5 */
    { 0x7c64286e, "lwzux" },   /* lwzux 3,4,5 */
    { 0x7c642aaa, "lwax" },   /* lwax 3,4,5 */
    { 0x7c642aea, "lwaux" },   /* lwaux 3,4,5 */
    { 0x7c64282a, "ldx" },   /* ldx 3,4,5 */
    { 0x7c64286a, "ldux" },   /* ldux 3,4,5 */
    { 0x98640008, "stb" },   /* stb 3,8(4) */
    { 0x9c640008, "stbu" },   /* stbu 3,8(4) */
    { 0xb0640008, "sth" },   /* sth 3,8(4) */
    { 0xb4640008, "sthu" },   /* sthu 3,8(4) */
    { 0x90640008, "stw" },   /* stw 3,8(4) */
    { 0x94640008, "stwu" },   /* stwu 3,8(4) */
    { 0xf8640008, "std" },   /* std 3,8(4) */
    { 0xf8640009, "stdu" },   /* stdu 3,8(4) */
    { 0x7c6429ae, "stbx" },   /* stbx 3,4,5 */
    { 0x7c6429ee, "stbux" },   /* stbux 3,4,5 */
    { 0x7c642b2e, "sthx" },   /* sthx 3,4,5 */
    { 0x7c642b6e, "sthux" },   /* sthux 3,4,5 */
    { 0x7c64292e, "stwx" },   /* stwx 3,4,5 */
    { 0x7c64296e, "stwux" },   /* stwux 3,4,5 */
    { 0x7c64292a, "stdx" },   /* stdx 3,4,5 */
    { 0x7c64296a, "stdux" },   /* stdux 3,4,5 */
    { 0x7c642e2c, "lhbrx" },   /* lhbrx 3,4,5 */
    { 0x7c642c2c, "lwbrx" },   /* lwbrx 3,4,5 */
    { 0x7c642c28, "ldbrx" },   /* ldbrx 3,4,5 */
    { 0x7c642f2c, "sthbrx" },   /* sthbrx 3,4,5 */
    { 0x7c642d2c, "stwbrx" },   /* stwbrx 3,4,5 */
    { 0x7c642d28, "stdbrx" },   /* stdbrx 3,4,5 */
    { 0xbb840008, "lmw" },   /* lmw 28,8(4) */
    { 0xbf840008, "stmw" },   /* stmw 28,8(4) */
    { 0x7c6a44aa, "lswi" },   /* lswi 3,10,8 */
    { 0x7c642c2a, "lswx" },   /* lswx 3,4,5 */
    { 0x7c6445aa, "stswi" },   /* stswi 3,4,8 */
    { 0x7c642d2a, "stswx" },   /* stswx 3,4,5 */
    { 0xe0830010, "lq" },   /* lq 4,16(3) */
    { 0xf8830012, "stq" },   /* stq 4,16(3) */
    { 0x38640005, "addi" },   /* addi 3,4,5 */
    { 0x3c640005, "addis" },   /* addis 3,4,5 */
    { 0x30640005, "addic" },   /* addic 3,4,5 */
    { 0x34640005, "addic." },   /* addic. 3,4,5 */
    { 0x20640005, "subfic" },   /* subfic 3,4,5 */
    { 0x1c640005, "mulli" },   /* mulli 3,4,5 */
    { 0x7c642e15, "add" },   /* addo. 3,4,5 */
    { 0x7c642814, "addc" },   /* addc 3,4,5 */
    { 0x7c642914, "adde" },   /* adde 3,4,5 */
    { 0x7c6401d4, "addme" },   /* addme 3,4 */
    { 0x7c640194, "addze" },   /* addze 3,4 */
    { 0x7c642850, "subf" },   /* subf 3,4,5 */
    { 0x7c642810, "subfc" },   /* subfc 3,4,5 */
    { 0x7c642910, "subfe" },   /* subfe 3,4,5 */
    { 0x7c6401d0, "subfme" },   /* subfme 3,4 */
    { 0x7c640190, "subfze" },   /* subfze 3,4 */
    { 0x7c6404d0, "neg" },   /* nego 3,4 */
    { 0x7c642dd6, "mullw" },   /* mullwo 3,4,5 */
    { 0x7c6429d2, "mulld" },   /* mulld 3,4,5 */
    { 0x7c642896, "mulhw" },   /* mulhw 3,4,5 */
    { 0x7c642816, "mulhwu" },   /* mulhwu 3,4,5 */
    { 0x7c642893, "mulhd" },   /* mulhd. 3,4,5 */
    { 0x7c642812, "mulhdu" },   /* mulhdu 3,4,5 */
    { 0x7c642bd6, "divw" },   /* divw 3,4,5 */
    { 0x7c642b96, "divwu" },   /* divwu 3,4,5 */
    { 0x7c642bd2, "divd" },   /* divd 3,4,5 */
    { 0x7c642f93, "divdu" },   /* divduo. 3,4,5 */
    { 0x7c642b56, "divwe" },   /* divwe 3,4,5 */
    { 0x7c642b16, "divweu" },   /* divweu 3,4,5 */
    { 0x7c642b52, "divde" },   /* divde 3,4,5 */
    { 0x7c642b12, "divdeu" },   /* divdeu 3,4,5 */
    { 0x7c642e16, "modsw" },   /* modsw 3,4,5 */
    { 0x7c642a16, "moduw" },   /* moduw 3,4,5 */
    { 0x7c642e12, "modsd" },   /* modsd 3,4,5 */
    { 0x7c642a12, "modud" },   /* modud 3,4,5 */
    { 0x106429b0, "maddhd" },   /* maddhd 3,4,5,6 */
    { 0x106429b1, "maddhdu" },   /* maddhdu 3,4,5,6 */
    { 0x106429b3, "maddld" },   /* maddld 3,4,5,6 */
    { 0x7c6105e6, "darn" },   /* darn 3,1 */
    { 0x2da40005, "cmpi" },   /* cmpdi 3,4,5 */
    { 0x7da42800, "cmp" },   /* cmpd 3,4,5 */
    { 0x29a40005, "cmpli" },   /* cmpldi 3,4,5 */
    { 0x7d842840, "cmpl" },   /* cmplw 3,4,5 */
    { 0x7ca32180, "cmprb" },   /* cmprb 1,1,3,4 */
    { 0x7d0321c0, "cmpeqb" },   /* cmpeqb 2,3,4 */
    { 0x0c830005, "twi" },   /* twi 4,3,5 */
    { 0x7c832808, "tw" },   /* tw 4,3,5 */
    { 0x08830005, "tdi" },   /* tdi 4,3,5 */
    { 0x7c832888, "td" },   /* td 4,3,5 */
    { 0x7c64299e, "isel" },   /* isel 3,4,5,6 */
    { 0x70830005, "andi." },   /* andi. 3,4,5 */
    { 0x74830005, "andis." },   /* andis. 3,4,5 */
    { 0x60830005, "ori" },   /* ori 3,4,5 */
    { 0x64830005, "oris" },   /* oris 3,4,5 */
    { 0x68830005, "xori" },   /* xori 3,4,5 */
    { 0x6c830005, "xoris" },   /* xoris 3,4,5 */
    { 0x7c832838, "and" },   /* and 3,4,5 */
    { 0x7c832b79, "or" },   /* or. 3,4,5 */
    { 0x7c832a78, "xor" },   /* xor 3,4,5 */
    { 0x7c832bb8, "nand" },   /* nand 3,4,5 */
    { 0x7c8328f8, "nor" },   /* nor 3,4,5 */
    { 0x7c832a38, "eqv" },   /* eqv 3,4,5 */
    { 0x7c832878, "andc" },   /* andc 3,4,5 */
    { 0x7c832b38, "orc" },   /* orc 3,4,5 */
    { 0x7c830774, "extsb" },   /* extsb 3,4 */
    { 0x7c830734, "extsh" },   /* extsh 3,4 */
    { 0x7c8307b5, "extsw" },   /* extsw. 3,4 */
    { 0x7c8346f6, "extswsli" },   /* extswsli 3,4,40 */
    { 0x7c830034, "cntlzw" },   /* cntlzw 3,4 */
    { 0x7c830074, "cntlzd" },   /* cntlzd 3,4 */
    { 0x7c830434, "cnttzw" },   /* cnttzw 3,4 */
    { 0x7c830474, "cnttzd" },   /* cnttzd 3,4 */
    { 0x7c8300f4, "popcntb" },   /* popcntb 3,4 */
    { 0x7c8302f4, "popcntw" },   /* popcntw 3,4 */
    { 0x7c8303f4, "popcntd" },   /* popcntd 3,4 */
    { 0x7c830134, "prtyw" },   /* prtyw 3,4 */
    { 0x7c830174, "prtyd" },   /* prtyd 3,4 */
    { 0x7c832bf8, "cmpb" },   /* cmpb 3,4,5 */
    { 0x7c8329f8, "bpermd" },   /* bpermd 3,4,5 */
    { 0x5483298e, "rlwinm" },   /* rlwinm 3,4,5,6,7 */
    { 0x5c83298e, "rlwnm" },   /* rlwnm 3,4,5,6,7 */
    { 0x5083298e, "rlwimi" },   /* rlwimi 3,4,5,6,7 */
    { 0x78832980, "rldicl" },   /* rldicl 3,4,5,6 */
    { 0x78832984, "rldicr" },   /* rldicr 3,4,5,6 */
    { 0x78832988, "rldic" },   /* rldic 3,4,5,6 */
    { 0x7883298c, "rldimi" },   /* rldimi 3,4,5,6 */
    { 0x78832990, "rldcl" },   /* rldcl 3,4,5,6 */
    { 0x78832992, "rldcr" },   /* rldcr 3,4,5,6 */
    { 0x7c832830, "slw" },   /* slw 3,4,5 */
    { 0x7c832c30, "srw" },   /* srw 3,4,5 */
    { 0x7c832e30, "sraw" },   /* sraw 3,4,5 */
    { 0x7c832e70, "srawi" },   /* srawi 3,4,5 */
    { 0x7c832836, "sld" },   /* sld 3,4,5 */
    { 0x7c832c36, "srd" },   /* srd 3,4,5 */
    { 0x7c832e34, "srad" },   /* srad 3,4,5 */
    { 0x7c834676, "sradi" },   /* sradi 3,4,40 */
    { 0x7c780120, "mtcrf" },   /* mtcrf 0x80,3 */
    { 0x7c780120, "mtcrf" },   /* mtocrf 0x80,3 */
    { 0x7c600026, "mfcr" },   /* mfcr 3 */
    { 0x7c710026, "mfcr" },   /* mfocrf 3,0x10 */
    { 0x7d800480, "mcrxrx" },   /* mcrxrx 3 */
    { 0x7c700100, "setb" },   /* setb 3,4 */
    { 0x7c6802a6, "mfspr" },   /* mfspr 3,8 */
    { 0x7c6903a6, "mtspr" },   /* mtspr 9,3 */
    { 0x7c6c42a6, "mfspr" },   /* mftb 3: GNU as uses mfspr 3,268 */
    { 0x7c6c42e6, "mftb" },   /* mftb 3 in the old XFX form */
    { 0x7c0004ac, "sync" },   /* sync */
    { 0x7c2004ac, "sync" },   /* lwsync */
    { 0x7c4004ac, "sync" },   /* ptesync */
    { 0x7c0006ac, "eieio" },   /* eieio */
    { 0x4c00012c, "isync" },   /* isync */
    { 0x7c642868, "lbarx" },   /* lbarx 3,4,5 */
    { 0x7c6428e8, "lharx" },   /* lharx 3,4,5 */
    { 0x7c642828, "lwarx" },   /* lwarx 3,4,5 */
    { 0x7c6428a9, "ldarx" },   /* ldarx 3,4,5,1 */
    { 0x7c853228, "lqarx" },   /* lqarx 4,5,6 */
    { 0x7c642d6d, "stbcx." },   /* stbcx. 3,4,5 */
    { 0x7c642dad, "sthcx." },   /* sthcx. 3,4,5 */
    { 0x7c64292d, "stwcx." },   /* stwcx. 3,4,5 */
    { 0x7c6429ad, "stdcx." },   /* stdcx. 3,4,5 */
    { 0x7c85316d, "stqcx." },   /* stqcx. 4,5,6 */
    { 0x7c03222c, "dcbt" },   /* dcbt 3,4 */
    { 0x7c0321ec, "dcbtst" },   /* dcbtst 3,4 */
    { 0x7c0320ac, "dcbf" },   /* dcbf 3,4 */
    { 0x7c03206c, "dcbst" },   /* dcbst 3,4 */
    { 0x7c0327ec, "dcbz" },   /* dcbz 3,4 */
    { 0x7c0327ac, "icbi" },   /* icbi 3,4 */
    { 0x7c03202c, "icbt" },   /* icbt 0,3,4 */
    { 0x7c00003c, "wait" },   /* wait */
    { 0x7c6000a6, "mfmsr" },   /* mfmsr 3 */
    { 0x7c600124, "mtmsr" },   /* mtmsr 3 */
    { 0x7c610164, "mtmsrd" },   /* mtmsrd 3,1 */
    { 0x4c000024, "rfid" },   /* rfid */
    { 0x4c0000a4, "rfscv" },   /* rfscv */
    { 0x4c000224, "hrfid" },   /* hrfid */
    { 0x7c602324, "slbmte" },   /* slbmte 3,4 */
    { 0x7c6026a6, "slbmfev" },   /* slbmfev 3,4 */
    { 0x7c602726, "slbmfee" },   /* slbmfee 3,4 */
    { 0x7c001b64, "slbie" },   /* slbie 3 */
    { 0x7c0003e4, "slbia" },   /* slbia */
    { 0x7c6027a7, "slbfee." },   /* slbfee. 3,4 */
    { 0x7c0002a4, "slbsync" },   /* slbsync */
    { 0x7c801a64, "tlbie" },   /* tlbie 3,4 */
    { 0x7c001a24, "tlbiel" },   /* tlbiel 3 */
    { 0x7c00046c, "tlbsync" },   /* tlbsync */
    { 0xc8230008, "lfd" },   /* lfd 1,8(3) */
    { 0xd8230008, "stfd" },   /* stfd 1,8(3) */
    { 0xfc22182a, "fadd" },   /* fadd 1,2,3 */
    { 0xec22182a, "fadds" },   /* fadds 1,2,3 */
    { 0xfc2218fb, "fmadd" },   /* fmadd. 1,2,3,3 */
    { 0xfc201090, "fmr" },   /* fmr 1,2 */
    { 0xfc20048e, "mffs" },   /* mffs 1 */
    { 0xfc2c048e, "mffs" },   /* mffsl 1 */
    { 0xfdfe158e, "mtfsf" },   /* mtfsf 0xff,2 */
    { 0xfc20165e, "fctidz" },   /* fctidz 1,2 */
    { 0xec20169c, "fcfids" },   /* fcfids 1,2 */
    { 0xc0230008, "lfs" },   /* lfs 1,8(3) */
    { 0x7c2326ae, "lfiwax" },   /* lfiwax 1,3,4 */
    { 0xec221804, "fp-single" },   /* dadd 1,2,3: decimal floating point */
    { 0x7c2324ae, "lfdx" },   /* lfdx 1,3,4 */
    { 0x10221800, "vaddubm" },   /* vaddubm 1,2,3 */
    { 0x7c2320ce, "lvx" },   /* lvx 1,3,4 */
    { 0xf0221c90, "xxlor" },   /* xxlor 1,2,3 */
    { 0x7c232698, "lxvd2x" },   /* lxvd2x 1,3,4 */
    { 0x7c230166, "mtvsrd" },   /* mtvsrd 1,3 */
    { 0xf4230011, "lxv" },   /* lxv 1,16(3) */
    { 0xe423000a, "lxsd" },   /* lxsd 1,8(3) */
    { 0x04000000, "prefixed" },   /* the prefix word of pld 3,8(4) */
    { 0x18a60020, "lxvp" },   /* lxvp 36,32(6) */
    { 0x18a60021, "stxvp" },   /* stxvp 36,32(6) */
    { 0x7ca63a9a, "lxvpx" },   /* lxvpx 36,6,7 */
    { 0x7ca63b9a, "stxvpx" },   /* stxvpx 36,6,7 */
    { 0x10682642, "vx1602" },   /* vextractbm 3,4 */
    { 0x10702642, "vx1602" },   /* mtvsrbm 3,4 */
    { 0x7c650300, "setbc" },   /* setbc 3,5 */
    { 0x7c6503c0, "setnbcr" },   /* setnbcr 3,5 */
    { 0x7c8301b6, "brh" },   /* brh 3,4 */
    { 0x7fe42da5, "hashst" },   /* hashst 5,-8(4) */
    { 0x7c042de4, "hashchk" },   /* hashchk 5,-512(4) */
    { 0x7fc42d25, "hashstp" },   /* hashstp 5,-16(4) */
    { 0x7c242d64, "hashchkp" },   /* hashchkp 5,-504(4) */
    { 0x7c830176, "brd" },   /* brd 3,4 */
    { 0x7c832938, "pdepd" },   /* pdepd 3,4,5 */
    { 0x7c8329b8, "cfuged" },   /* cfuged 3,4,5 */
    { 0x7c832c76, "cnttzdm" },   /* cnttzdm 3,4,5 */
    { 0x1063240d, "vstri" },   /* vstrihr. 3,4 */
    { 0x1064298d, "vclrlb" },   /* vclrlb 3,4,5 */
    { 0x10642bd6, "vsxdbi" },   /* vsrdbi 3,4,5,7 */
    { 0x10642b89, "vmulhsw" },   /* vmulhsw 3,4,5 */
    { 0x10642fcb, "vmodsd" },   /* vmodsd 3,4,5 */
    { 0x10642b05, "vsraq" },   /* vsraq 3,4,5 */
    { 0x10842941, "vcmpsq" },   /* vcmpsq 1,4,5 */
    { 0x106429c7, "vcmpequq" },   /* vcmpequq 3,4,5 */
    { 0x106224cc, "vgnb" },   /* vgnb 3,4,2 */
    { 0x7c2428db, "lxvrdx" },   /* lxvrdx 33,4,5 */
    { 0x7c24291b, "stxvrbx" },   /* stxvrbx 33,4,5 */
    { 0xf023276b, "xxgenpcvdm" },   /* xxgenpcvdm 33,4,3 */
    { 0x10642a0f, "vinsblx" },   /* vinsblx 3,4,5 */
    { 0x106821cf, "vinsd" },   /* vinsd 3,4,8 */
    { 0x107a1214, "mtvsrbmi" },   /* mtvsrbmi 3,0x1234 */
    { 0x7d000162, "xxacc" },   /* xxmfacc 2 */
    { 0x7d810162, "xxacc" },   /* xxmtacc 3 */
    { 0x7f830162, "xxacc" },   /* xxsetaccz 7 */
    { 0xec821918, "xvi4ger8" },   /* xvi4ger8 1,2,3 */
    { 0xec821b1e, "xvi8ger4spp" },   /* xvi8ger4spp 1,34,35 */
    { 0xec08495e, "xvi16ger2s" },   /* xvi16ger2s 0,40,41 */
    { 0xef821f90, "xvbf16ger2nn" },   /* xvbf16ger2nn 7,2,3 */
    { 0xec821c90, "xvf16ger2pn" },   /* xvf16ger2pn 1,2,3 */
    { 0xed0112d6, "xvf32gernp" },   /* xvf32gernp 2,33,34 */
    { 0xed8219d6, "xvf64gerpp" },   /* xvf64gerpp 3,34,35 */
    { 0xf03f42d1, "xxspltib" },   /* lxvkq 33,8 (xxspltib's entry) */
    { 0xf030176f, "xxbr" },   /* xvcvbf16spn 33,34 (xxbr's entry) */
};

/* Prefixed instructions (ISA 3.1): prefix and suffix, as binutils 2.40 assembles them. */
static const struct {
    guint32 prefix, suffix;
    const char *entry;
} assembled_prefixed[] = {
    { 0x06000001, 0x38642345, "paddi" },   /* paddi 3,4,0x12345 */
    { 0x0613ffff, 0x3860fff8, "paddi" },   /* pla 3,-8 */
    { 0x06000000, 0x88640010, "plbz" },   /* plbz 3,16(4) */
    { 0x04000000, 0xe4a60008, "pld" },   /* pld 5,8(6) */
    { 0x04100000, 0xe4a00008, "pld" },   /* pld 5,8(0),1 */
    { 0x04000000, 0xa4a60008, "plwa" },   /* plwa 5,8(6) */
    { 0x04000000, 0xf4a60008, "pstd" },   /* pstd 5,8(6) */
    { 0x04000000, 0xa8a60008, "plxsd" },   /* plxsd 5,8(6) */
    { 0x04000000, 0xbca60008, "pstxssp" },   /* pstxssp 5,8(6) */
    { 0x04000000, 0xcca60010, "plxv" },   /* plxv 37,16(6) */
    { 0x04000000, 0xdca60010, "pstxv" },   /* pstxv 37,16(6) */
    { 0x04000000, 0xe0860010, "plq" },   /* plq 4,16(6) */
    { 0x04000000, 0xf0860010, "pstq" },   /* pstq 4,16(6) */
    { 0x04000000, 0xe8a60020, "plxvp" },   /* plxvp 36,32(6) */
    { 0x04000000, 0xf8a60020, "pstxvp" },   /* pstxvp 36,32(6) */
    { 0x06000000, 0xc8260008, "plfd" },   /* plfd 1,8(6) */
    { 0x06000000, 0xd0260008, "pstfs" },   /* pstfs 1,8(6) */
    { 0x05000005, 0x8822190f, "xxpermx" },   /* xxpermx 33,34,35,36,5 */
    { 0x05000096, 0x8822191f, "xxeval" },   /* xxeval 33,34,35,36,150 */
    { 0x05000000, 0x8422192f, "xxblendvw" },   /* xxblendvw 33,34,35,36 */
    { 0x05001234, 0x80215678, "xxsplti32dx" },   /* xxsplti32dx 33,0,0x12345678 */
    { 0x05008765, 0x80664321, "xxspltiw" },   /* xxspltiw 3,0x87654321 */
    { 0x05003f80, 0x80640000, "xxspltidp" },   /* xxspltidp 3,0x3f800000 */
    { 0x07908156, 0xec821910, "pmxvi4ger8pp" },   /* pmxvi4ger8pp 1,2,3,5,6,0x81 */
    { 0x07900098, 0xec8219de, "pmxvf64ger" },   /* pmxvf64ger 1,34,35,9,2 */
    { 0x0790c0ff, 0xec821998, "pmxvbf16ger2" },   /* pmxvbf16ger2 1,2,3,15,15,3 */
    { 0x07000000, 0x00000000, "pnop" },   /* pnop */
};

static void test_mnemonics(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(assembled_prefixed); i++) {
        const PowerInsnDef *def = power_decode_prefixed(assembled_prefixed[i].prefix,
                                                        assembled_prefixed[i].suffix);
        if (!def || strcmp(def->name, assembled_prefixed[i].entry) != 0) {
            g_error("0x%08x 0x%08x decodes to %s, expected %s", assembled_prefixed[i].prefix,
                    assembled_prefixed[i].suffix, def ? def->name : "nothing",
                    assembled_prefixed[i].entry);
        }
    }
    for (guint i = 0; i < G_N_ELEMENTS(assembled); i++) {
        const PowerInsnDef *def = power_decode(assembled[i].word);
        if (!def || strcmp(def->name, assembled[i].entry) != 0) {
            g_error("0x%08x decodes to %s, expected %s", assembled[i].word,
                    def ? def->name : "nothing", assembled[i].entry);
        }
    }
}

/*
 * Every entry decodes its own pattern with any value in its free bits, or
 * an entry before it claims the word (a more specific one earlier in the
 * file); and whatever the decoder returns matches the word.
 */
static void test_table_consistent(void)
{
    guint n;
    const PowerInsnDef *table = power_decode_table(&n);
    GRand *rand = g_rand_new_with_seed(1);

    for (guint i = 0; i < n; i++) {
        g_assert_cmphex(table[i].match & ~table[i].mask, ==, 0);
        g_assert_cmphex(table[i].pmatch & ~table[i].pmask, ==, 0);
        for (guint k = 0; k < 64; k++) {
            guint32 w = table[i].match | (g_rand_int(rand) & ~table[i].mask);
            guint32 p = table[i].pmatch | (g_rand_int(rand) & ~table[i].pmask);
            const PowerInsnDef *def = table[i].pmask ? power_decode_prefixed(p, w)
                                                     : power_decode(w);
            g_assert_nonnull(def);
            g_assert_true(def <= &table[i]);
            g_assert_cmphex(w & def->mask, ==, def->match);
        }
    }
    for (guint k = 0; k < 1000000; k++) {
        guint32 w = g_rand_int(rand);
        const PowerInsnDef *def = power_decode(w);
        if (def) {
            g_assert_cmphex(w & def->mask, ==, def->match);
        }
    }
    g_rand_free(rand);
}

/* A translation context whose "memory" is one instruction word. */
typedef struct {
    ModvmTcgTranslateOps tops;
    guint32 word;
    guint32 word2;          /* at pc_first + 4 */
    guint64 pc;
} FakeFetch;

static guint64 fake_fetch(ModvmTcgContext *ctx, guint64 pc, unsigned size, gboolean be)
{
    FakeFetch *f = ctx->engine;
    return pc == f->pc + 4 ? f->word2 : f->word;
}

static PowerCpu *new_cpu(const char *type)
{
    GError *err = NULL;
    ModvmObject *obj = modvm_object_new(type, &err);

    g_assert_no_error(err);
    g_assert_true(modvm_device_realize(MODVM_DEVICE(obj), &err));
    g_assert_no_error(err);
    modvm_device_reset(MODVM_DEVICE(obj));
    return POWER_CPU(obj);
}

/*
 * Translates the instruction at @pc (@word, and @word2 after it) alone under
 * @msr; returns the last op, which must end the block.
 */
static ModvmTcgOp translate_at(PowerCpu *cpu, guint64 pc, guint32 word, guint32 word2,
                               guint64 msr)
{
    FakeFetch f = { .tops.fetch = fake_fetch, .word = word, .word2 = word2, .pc = pc };
    ModvmTcgContext ctx = {
        .n_temps = 1, .pc_first = pc, .flags = msr & POWER_TB_FLAGS_MSR, .max_insns = 1,
        .tops = &f.tops, .engine = &f,
    };
    ModvmTcgOp last;

    power_tcg_ops.translate(MODVM_CPU(cpu), &ctx);
    g_assert_cmpuint(ctx.n_insns, ==, 1);
    g_assert_cmpuint(ctx.n_ops, >, 0);
    last = ctx.ops[ctx.n_ops - 1];
    g_free(ctx.ops);
    g_assert_true(last.opc == MODVM_OP_GOTO_TB || last.opc == MODVM_OP_EXIT_TB ||
                  last.opc == MODVM_OP_LOOKUP_AND_GOTO || last.opc == MODVM_OP_EXCEPTION);
    return last;
}

static ModvmTcgOp translate_word(PowerCpu *cpu, guint32 word, guint64 msr)
{
    return translate_at(cpu, 0x1000, word, word, msr);
}

#define MSR_KERNEL (MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME))
#define MSR_USER (MSR_KERNEL | MSR_BIT(MSR_PR) | MSR_BIT(MSR_EE) | MSR_BIT(MSR_IR) | \
                  MSR_BIT(MSR_DR))

/* Hostile input: any word, in any mode, on any model, translates to a well-formed block. */
static void test_random_words(void)
{
    static const char *const models[] = { "power7-cpu", "power8-cpu", "power9-cpu",
                                          "power10-cpu" };
    static const guint64 msrs[] = {
        MSR_KERNEL, MSR_USER, MSR_KERNEL | MSR_BIT(MSR_LE), MSR_KERNEL & ~MSR_BIT(MSR_SF),
        MSR_KERNEL | MSR_BIT(MSR_HV) | MSR_BIT(MSR_FP) | MSR_BIT(MSR_VEC) | MSR_BIT(MSR_VSX),
        MSR_USER | MSR_BIT(MSR_SE),
    };
    GRand *rand = g_rand_new_with_seed(2);

    for (guint m = 0; m < G_N_ELEMENTS(models); m++) {
        PowerCpu *cpu = new_cpu(models[m]);
        for (guint k = 0; k < 200000; k++) {
            guint32 w = g_rand_int(rand);
            /* half of them with a primary opcode that has extended opcodes */
            if (k & 1) {
                static const guint32 pos[] = { 4, 19, 30, 31, 31, 31, 58, 62, 17 };
                w = (w & 0x03ffffff) | pos[g_rand_int_range(rand, 0, G_N_ELEMENTS(pos))] << 26;
            }
            translate_word(cpu, w, msrs[k % G_N_ELEMENTS(msrs)]);
            /* a prefix (primary opcode 1) and any suffix, anywhere in a 64-byte block */
            if ((k & 7) == 0) {
                static const guint32 suffix_pos[] = {
                    14, 32, 34, 42, 50, 51, 56, 57, 58, 60, 61, 62,
                };
                guint32 p = (w & 0x03ffffff) | 1u << 26, sfx = g_rand_int(rand);
                if (k & 8) {
                    sfx = (sfx & 0x03ffffff) |
                          suffix_pos[g_rand_int_range(rand, 0, G_N_ELEMENTS(suffix_pos))] << 26;
                }
                translate_at(cpu, 0x1000 + 4 * g_rand_int_range(rand, 0, 16), p, sfx,
                             msrs[k % G_N_ELEMENTS(msrs)]);
            }
        }
        for (guint i = 0; i < G_N_ELEMENTS(assembled); i++) {
            for (guint s = 0; s < G_N_ELEMENTS(msrs); s++) {
                translate_word(cpu, assembled[i].word, msrs[s]);
            }
        }
        g_object_unref(cpu);
    }
    g_rand_free(rand);
}

/* What the translator decides before running anything: which interrupt an instruction takes. */
static void test_translate_time_interrupts(void)
{
    static const struct {
        guint32 word;
        guint64 msr;
        int excp;       /* -1: no exception */
        const char *what;
    } cases[] = {
        { 0x00000000, MSR_KERNEL, POWER_EXCP_HV_EMU, "word 0: illegal" },
        { 0xfc22182a, MSR_KERNEL, POWER_EXCP_FPU, "fadd with MSR[FP]=0" },
        { 0xfc22182a, MSR_KERNEL | MSR_BIT(MSR_FP), -1, "fadd with MSR[FP]=1" },
        { 0xec221804, MSR_KERNEL | MSR_BIT(MSR_FP), POWER_EXCP_HV_EMU, "dadd: not yet" },
        { 0x10221800, MSR_KERNEL, POWER_EXCP_VPU, "vaddubm with MSR[VEC]=0" },
        { 0xf0221c90, MSR_KERNEL, POWER_EXCP_VSXU, "xxlor with MSR[VSX]=0" },
        { 0x7c6000a6, MSR_USER, POWER_EXCP_PROGRAM, "mfmsr in problem state" },
        { 0x4c000024, MSR_USER, POWER_EXCP_PROGRAM, "rfid in problem state" },
        { 0x4c000224, MSR_KERNEL, POWER_EXCP_PROGRAM, "hrfid in the guest" },
        { 0x7fe00008, MSR_KERNEL, POWER_EXCP_PROGRAM, "trap" },
        { 0x44000002, MSR_USER, POWER_EXCP_SYSCALL, "sc" },
        { 0x7c6000a6, MSR_KERNEL, -1, "mfmsr" },
        { 0x38600005, MSR_KERNEL, -1, "li" },
        { 0x8c640001, MSR_KERNEL, -1, "lbzu 3,1(4)" },
        { 0x8c630001, MSR_KERNEL, POWER_EXCP_HV_EMU, "lbzu 3,1(3): RA=RT is invalid" },
        /* ISA 2.x server "test and decrement" form, as QEMU runs it (see exec-branch.c) */
        { 0x4c400420, MSR_KERNEL, -1, "bcctr 2,0,0" },
    };
    PowerCpu *cpu = new_cpu("power9-cpu");

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        ModvmTcgOp last = translate_word(cpu, cases[i].word, cases[i].msr);
        int excp = last.opc == MODVM_OP_EXCEPTION ? (int)last.imm : -1;
        if (excp != cases[i].excp) {
            g_error("%s (0x%08x): exception %d, expected %d", cases[i].what, cases[i].word, excp,
                    cases[i].excp);
        }
    }
    g_object_unref(cpu);
}

/* Instructions of newer ISAs are illegal on older models. */
static void test_isa_levels(void)
{
    PowerCpu *p7 = new_cpu("power7-cpu"), *p9 = new_cpu("power9-cpu");
    static const guint32 isa300[] = {
        0x7ce32616,     /* modsw 7,3,4 */
        0x4cffffc4,     /* addpcis 7,-2 */
        0x7ce105e6,     /* darn 7,1 */
    };

    for (guint i = 0; i < G_N_ELEMENTS(isa300); i++) {
        ModvmTcgOp l7 = translate_word(p7, isa300[i], MSR_KERNEL);
        ModvmTcgOp l9 = translate_word(p9, isa300[i], MSR_KERNEL);
        g_assert_cmpint(l7.opc, ==, MODVM_OP_EXCEPTION);
        g_assert_cmpint(l7.imm, ==, POWER_EXCP_HV_EMU);
        g_assert_cmpint(l9.opc, !=, MODVM_OP_EXCEPTION);
    }
    g_object_unref(p7);
    g_object_unref(p9);
}

static int last_excp(ModvmTcgOp last)
{
    return last.opc == MODVM_OP_EXCEPTION ? (int)last.imm : -1;
}

/*
 * Prefixed instructions (Power ISA v3.1 Book I 1.6.3): one instruction of
 * 8 bytes on Power10; illegal before; a prefix at 60 mod 64 is an
 * alignment interrupt; R=1 with RA != 0 and unknown prefixed forms are
 * illegal.
 */
static void test_prefixed(void)
{
    PowerCpu *p9 = new_cpu("power9-cpu"), *p10 = new_cpu("power10-cpu");
    guint64 msr = MSR_KERNEL | MSR_BIT(MSR_FP) | MSR_BIT(MSR_VEC) | MSR_BIT(MSR_VSX);

    for (guint i = 0; i < G_N_ELEMENTS(assembled_prefixed); i++) {
        guint32 p = assembled_prefixed[i].prefix, s = assembled_prefixed[i].suffix;
        g_assert_cmpint(last_excp(translate_at(p10, 0x1000, p, s, msr)), ==, -1);
        g_assert_cmpint(last_excp(translate_at(p10, 0x1038, p, s, msr)), ==, -1);
        g_assert_cmpint(last_excp(translate_at(p10, 0x103c, p, s, msr)), ==, POWER_EXCP_ALIGN);
        g_assert_cmpint(last_excp(translate_at(p9, 0x1000, p, s, msr)), ==, POWER_EXCP_HV_EMU);
    }
    /* paddi 3,4,-8 with R=1: invalid form */
    g_assert_cmpint(last_excp(translate_at(p10, 0x1000, 0x0613ffff, 0x3864fff8, msr)), ==,
                    POWER_EXCP_HV_EMU);
    /* pld with R=1 and RA=6 */
    g_assert_cmpint(last_excp(translate_at(p10, 0x1000, 0x04100000, 0xe4a60008, msr)), ==,
                    POWER_EXCP_HV_EMU);
    /* a prefix before a suffix no form has (pld's prefix, lwz's opcode) */
    g_assert_cmpint(last_excp(translate_at(p10, 0x1000, 0x04000000, 0x80640000, msr)), ==,
                    POWER_EXCP_HV_EMU);
    /* plfd needs MSR[FP] */
    g_assert_cmpint(last_excp(translate_at(p10, 0x1000, 0x06000000, 0xc8260008, MSR_KERNEL)), ==,
                    POWER_EXCP_FPU);
    g_object_unref(p9);
    g_object_unref(p10);
}

/* wait's WC field: only WC=0 stops; ISA 3.1's pause_short (WC=2) is a no-op, ISA 3.0 has no WC. */
static void test_wait(void)
{
    PowerCpu *p9 = new_cpu("power9-cpu"), *p10 = new_cpu("power10-cpu");

    g_assert_cmpint(translate_word(p10, 0x7c00003c, MSR_KERNEL).opc, ==, MODVM_OP_EXIT_TB);
    g_assert_cmpint(translate_word(p10, 0x7c40003c, MSR_KERNEL).opc, ==, MODVM_OP_GOTO_TB);
    g_assert_cmpint(translate_word(p10, 0x7c20003c, MSR_KERNEL).opc, ==, MODVM_OP_GOTO_TB);
    g_assert_cmpint(last_excp(translate_word(p10, 0x7c60003c, MSR_KERNEL)), ==,
                    POWER_EXCP_HV_EMU);                         /* WC=3 */
    g_assert_cmpint(last_excp(translate_word(p10, 0x7c01003c, MSR_KERNEL)), ==,
                    POWER_EXCP_HV_EMU);                         /* PL=1, WC=0 */
    g_assert_cmpint(translate_word(p9, 0x7c00003c, MSR_KERNEL).opc, ==, MODVM_OP_EXIT_TB);
    g_assert_cmpint(last_excp(translate_word(p9, 0x7c40003c, MSR_KERNEL)), ==,
                    POWER_EXCP_HV_EMU);
    g_object_unref(p9);
    g_object_unref(p10);
}

/* MASK(mb, me) from Book I, bit by bit. */
static void test_rotate_mask(void)
{
    for (unsigned mb = 0; mb < 64; mb++) {
        for (unsigned me = 0; me < 64; me++) {
            guint64 want = 0;
            for (unsigned b = 0; b < 64; b++) {
                gboolean in = mb <= me ? (b >= mb && b <= me) : (b >= mb || b <= me);
                if (in) {
                    want |= 1ull << (63 - b);
                }
            }
            g_assert_cmphex(power_rotate_mask(mb, me), ==, want);
        }
    }
}

int main(int argc, char **argv)
{
    GError *err = NULL;

    g_test_init(&argc, &argv, NULL);
    if (!modvm_plugin_register_linked(&modvm_plugin_descriptor, &err)) {
        g_error("%s", err->message);
    }
    g_test_add_func("/power/decode/mnemonics", test_mnemonics);
    g_test_add_func("/power/decode/table-consistent", test_table_consistent);
    g_test_add_func("/power/decode/random-words", test_random_words);
    g_test_add_func("/power/decode/interrupts", test_translate_time_interrupts);
    g_test_add_func("/power/decode/isa-levels", test_isa_levels);
    g_test_add_func("/power/decode/prefixed", test_prefixed);
    g_test_add_func("/power/decode/wait", test_wait);
    g_test_add_func("/power/decode/rotate-mask", test_rotate_mask);
    return g_test_run();
}
