/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VMX (AltiVec) integer, logical and permute instructions and VSCR[SAT].
 * Operands go through lvx/stvx, so in little-endian mode the printed bytes
 * are the quadword byte-reversed (Book I 6.7.2), as the ISA defines it.
 * Only inline assembly touches vector registers: the program is built
 * without -maltivec, like the runtime, which runs before MSR[VEC] is set.
 */
#include "t.h"

#define NV 6
static uint8_t vin[NV][16] __attribute__((aligned(16))) = {
    { 0 },
    { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
    { 0x80, 0x00, 0x7f, 0xff, 0x80, 0x00, 0x00, 0x01, 0x7f, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x80 },
    { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
    { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x0f, 0xed, 0xcb, 0xa9, 0x87, 0x65, 0x43, 0x21 },
    { 0x1f, 0x3e, 0x05, 0x17, 0x10, 0x0b, 0x1c, 0x02, 0x13, 0x08, 0x1d, 0x0e, 0x11, 0x00, 0x1a, 0x06 },
};
/* Single-precision operands: zeros, normals, infinities, NaNs (quiet, signalling), denormals. */
#define NF 4
static uint32_t fin[NF][4] __attribute__((aligned(16))) = {
    { 0x00000000, 0x80000000, 0x3f800000, 0xc0200000 },
    { 0x7149f2ca, 0x7f800000, 0xff800000, 0x7fc00001 },
    { 0x7f800001, 0x00000001, 0x00200000, 0x3f000000 },
    { 0x47f12066, 0x9e3ce508, 0x4f000000, 0xcf8637bd },
};
static uint8_t vout[16] __attribute__((aligned(16)));
static uint8_t vscr[16] __attribute__((aligned(16)));

static void print_v(const char *what)
{
    int sat = 0;

    rt_printf("%s: ", what);
    for (int i = 0; i < 16; i++) {
        rt_printf("%02x", vout[i]);
        sat |= vscr[i];
    }
    rt_printf(" sat=%d\n", sat != 0);
}

/* VRT(1) <- VRA(2) op VRB(3), VSCR cleared before; its SAT bit after. */
#define BIN(mn)                                                                           \
    for (int i = 0; i < NV; i++) {                                                        \
        for (int j = 0; j < NV; j++) {                                                    \
            __asm__ volatile("vxor 4,4,4\n\tmtvscr 4\n\tlvx 2,0,%0\n\tlvx 3,0,%1\n\t"      \
                             mn " 1,2,3\n\tstvx 1,0,%2\n\tmfvscr 4\n\tstvx 4,0,%3"        \
                             : : "r"(vin[i]), "r"(vin[j]), "r"(vout), "r"(vscr)           \
                             : "memory");                                                 \
            rt_printf("%d %d ", i, j);                                                    \
            print_v(mn);                                                                  \
        }                                                                                 \
    }

/* VRT(1) <- op(VRA(2), VRB(3), VRC(5)). */
#define TERN(mn)                                                                          \
    for (int i = 0; i < NV; i++) {                                                        \
        for (int j = 0; j < NV; j += 2) {                                                 \
            __asm__ volatile("vxor 4,4,4\n\tmtvscr 4\n\tlvx 2,0,%0\n\tlvx 3,0,%1\n\t"      \
                             "lvx 5,0,%2\n\t" mn " 1,2,3,5\n\tstvx 1,0,%3\n\t"            \
                             "mfvscr 4\n\tstvx 4,0,%4"                                     \
                             : : "r"(vin[i]), "r"(vin[j]), "r"(vin[(i + j + 1) % NV]),    \
                               "r"(vout), "r"(vscr) : "memory");                          \
            rt_printf("%d %d ", i, j);                                                    \
            print_v(mn);                                                                  \
        }                                                                                 \
    }

/* VRT(1) <- op(VRB(3)), optionally with an immediate: "vspltb 1,3,5". */
#define UNARY(mn, asm_text)                                                               \
    for (int j = 0; j < NV; j++) {                                                        \
        __asm__ volatile("vxor 4,4,4\n\tmtvscr 4\n\tlvx 1,0,%0\n\tlvx 3,0,%1\n\t"          \
                         asm_text "\n\tstvx 1,0,%2\n\tmfvscr 4\n\tstvx 4,0,%3"            \
                         : : "r"(vin[(j + 2) % NV]), "r"(vin[j]), "r"(vout), "r"(vscr)    \
                         : "memory");                                                     \
        rt_printf("%d ", j);                                                              \
        print_v(mn);                                                                      \
    }

/* Floating point: VRT(1) <- op(VRA(2), VRC(5), VRB(3)) with VSCR[NJ] = @nj. */
#define FP(mn, args, nj)                                                                  \
    for (int i = 0; i < NF; i++) {                                                        \
        for (int j = 0; j < NF; j++) {                                                    \
            uint64_t cr_;                                                                 \
            __asm__ volatile("vxor 4,4,4\n\t" nj "mtvscr 4\n\tlvx 2,0,%1\n\tlvx 3,0,%2\n\t"  \
                             "lvx 5,0,%3\n\t" mn " " args "\n\tmfcr %0\n\tstvx 1,0,%4\n\t"   \
                             "vxor 4,4,4\n\tmfvscr 4\n\tstvx 4,0,%5"                          \
                             : "=r"(cr_) : "r"(fin[i]), "r"(fin[j]), "r"(fin[(i + j + 1) % NF]), \
                               "r"(vout), "r"(vscr) : "memory", "cr6");                     \
            rt_printf("%d %d cr6=%lx ", i, j, (cr_ >> 4) & 0xf);                          \
            print_v(mn " " args " " nj);                                                  \
        }                                                                                 \
    }
#define NJ1 "vspltish 4,1\n\t"

/* Rc=1 compares: CR6 after. */
#define CMP(mn)                                                                           \
    for (int i = 0; i < NV; i++) {                                                        \
        for (int j = 0; j < NV; j++) {                                                    \
            uint64_t cr_;                                                                 \
            __asm__ volatile("lvx 2,0,%1\n\tlvx 3,0,%2\n\t" mn ". 1,2,3\n\t"               \
                             "stvx 1,0,%3\n\tmfcr %0"                                      \
                             : "=r"(cr_) : "r"(vin[i]), "r"(vin[j]), "r"(vout)            \
                             : "memory", "cr6");                                          \
            rt_printf("%d %d cr6=%lx ", i, j, (cr_ >> 4) & 0xf);                          \
            print_v(mn ".");                                                              \
        }                                                                                 \
    }

static void test_loads(void)
{
    static uint8_t buf[48] __attribute__((aligned(16)));

    for (int i = 0; i < 48; i++) {
        buf[i] = (uint8_t)(0x40 + i);
    }
    for (int off = 0; off < 16; off += 5) {
        /* Element loads leave the other elements undefined: start from zero and print all. */
        __asm__ volatile("lvx 1,0,%0\n\tstvx 1,0,%1" : : "r"(buf + off), "r"(vout) : "memory");
        rt_printf("off %d ", off);
        print_v("lvx");
        __asm__ volatile("lvsl 1,0,%0\n\tstvx 1,0,%1" : : "r"(buf + off), "r"(vout) : "memory");
        rt_printf("off %d ", off);
        print_v("lvsl");
        __asm__ volatile("lvsr 1,0,%0\n\tstvx 1,0,%1" : : "r"(buf + off), "r"(vout) : "memory");
        rt_printf("off %d ", off);
        print_v("lvsr");
    }
    for (int off = 0; off < 16; off += 3) {
        uint8_t st[32] __attribute__((aligned(16)));
        __asm__ volatile("lvx 1,0,%0" : : "r"(vin[4]) : "memory");
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 32; i++) {
                st[i] = 0xee;
            }
            if (k == 0) {
                __asm__ volatile("stvebx 1,0,%0" : : "r"(st + off) : "memory");
            } else if (k == 1) {
                __asm__ volatile("stvehx 1,0,%0" : : "r"(st + off) : "memory");
            } else {
                __asm__ volatile("stvewx 1,0,%0" : : "r"(st + off) : "memory");
            }
            rt_printf("stve%c off %d: ", "bhw"[k], off);
            for (int i = 0; i < 16; i++) {
                rt_printf("%02x", st[i]);
            }
            rt_printf("\n");
        }
        /* lve*x: the loaded element lands where lvx would put it; the rest is masked out. */
        for (int k = 0; k < 3; k++) {
            int size = 1 << k, ea = off & ~(size - 1);
            __asm__ volatile("vxor 1,1,1" : : : "memory");
            if (k == 0) {
                __asm__ volatile("lvebx 1,0,%0\n\tstvx 1,0,%1" : : "r"(buf + off), "r"(vout) : "memory");
            } else if (k == 1) {
                __asm__ volatile("lvehx 1,0,%0\n\tstvx 1,0,%1" : : "r"(buf + off), "r"(vout) : "memory");
            } else {
                __asm__ volatile("lvewx 1,0,%0\n\tstvx 1,0,%1" : : "r"(buf + off), "r"(vout) : "memory");
            }
            rt_printf("lve%cx off %d: ", "bhw"[k], off);
            for (int i = 0; i < size; i++) {
                rt_printf("%02x", vout[(ea & 15) + i]);
            }
            rt_printf("\n");
        }
    }
}

void test_main(void)
{
    rt_mtmsrd(rt_mfmsr() | MSR_VEC | MSR_VSX);
    test_loads();
    BIN("vaddubm") BIN("vadduhm") BIN("vadduwm") BIN("vaddudm")
    BIN("vaddubs") BIN("vaddsbs") BIN("vadduhs") BIN("vaddshs") BIN("vadduws") BIN("vaddsws")
    BIN("vsububm") BIN("vsubuhm") BIN("vsubuwm") BIN("vsubudm")
    BIN("vsububs") BIN("vsubsbs") BIN("vsubuhs") BIN("vsubshs") BIN("vsubuws") BIN("vsubsws")
    BIN("vaddcuw") BIN("vsubcuw")
    BIN("vmaxub") BIN("vmaxsh") BIN("vmaxuw") BIN("vmaxsd") BIN("vminsb") BIN("vminuh")
    BIN("vminsw") BIN("vminud")
    BIN("vavgub") BIN("vavgsh") BIN("vavguw") BIN("vavgsw")
    BIN("vrlb") BIN("vrlh") BIN("vrlw") BIN("vrld")
    BIN("vslb") BIN("vslh") BIN("vslw") BIN("vsld") BIN("vsrb") BIN("vsrh") BIN("vsrw")
    BIN("vsrd") BIN("vsrab") BIN("vsrah") BIN("vsraw") BIN("vsrad")
    BIN("vsl") BIN("vsr") BIN("vslo") BIN("vsro")
    BIN("vand") BIN("vandc") BIN("vor") BIN("vorc") BIN("vxor") BIN("vnor") BIN("vnand")
    BIN("veqv")
    BIN("vmrghb") BIN("vmrghh") BIN("vmrghw") BIN("vmrglb") BIN("vmrglh") BIN("vmrglw")
    BIN("vmrgew") BIN("vmrgow")
    BIN("vpkuhum") BIN("vpkuwum") BIN("vpkudum") BIN("vpkuhus") BIN("vpkuwus") BIN("vpkudus")
    BIN("vpkshus") BIN("vpkswus") BIN("vpksdus") BIN("vpkshss") BIN("vpkswss") BIN("vpksdss")
    BIN("vmuleub") BIN("vmulesb") BIN("vmuleuh") BIN("vmulesh") BIN("vmuleuw") BIN("vmulesw")
    BIN("vmuloub") BIN("vmulosb") BIN("vmulouh") BIN("vmulosh") BIN("vmulouw") BIN("vmulosw")
    BIN("vmuluwm")
    BIN("vsum4ubs") BIN("vsum4sbs") BIN("vsum4shs") BIN("vsum2sws") BIN("vsumsws")
    BIN("vbpermq") BIN("vbpermd") UNARY("vgbbd", "vgbbd 1,3")
    BIN("vpmsumb") BIN("vpmsumh") BIN("vpmsumw") BIN("vpmsumd")
    BIN("vcmpequb") BIN("vcmpgtsh") BIN("vcmpgtuw") BIN("vcmpequd") BIN("vcmpneb")
    BIN("vcmpnezh")
    CMP("vcmpequb") CMP("vcmpequh") CMP("vcmpequw") CMP("vcmpequd")
    CMP("vcmpgtub") CMP("vcmpgtsb") CMP("vcmpgtuh") CMP("vcmpgtsh") CMP("vcmpgtuw")
    CMP("vcmpgtsw") CMP("vcmpgtud") CMP("vcmpgtsd")
    CMP("vcmpneb") CMP("vcmpneh") CMP("vcmpnew") CMP("vcmpnezb") CMP("vcmpnezh") CMP("vcmpnezw")
    BIN("vcipher") BIN("vcipherlast") BIN("vncipher") BIN("vncipherlast")
    BIN("vadduqm") BIN("vaddcuq") BIN("vsubuqm") BIN("vsubcuq")
    BIN("vabsdub") BIN("vabsduh") BIN("vabsduw") BIN("vslv") BIN("vsrv")
    BIN("vrlwnm") BIN("vrlwmi") BIN("vrldnm") TERN("vmsumudm")
    TERN("vaddeuqm") TERN("vaddecuq") TERN("vsubeuqm") TERN("vsubecuq") TERN("vmladduhm")
    UNARY("vsbox", "vsbox 1,3") UNARY("vprtybw", "vprtybw 1,3") UNARY("vprtybd", "vprtybd 1,3")
    UNARY("vprtybq", "vprtybq 1,3")
    UNARY("vshasigmaw 0,5", "vshasigmaw 1,3,0,5") UNARY("vshasigmaw 1,10", "vshasigmaw 1,3,1,10")
    UNARY("vshasigmad 0,2", "vshasigmad 1,3,0,2") UNARY("vshasigmad 1,13", "vshasigmad 1,3,1,13")
    FP("vaddfp", "1,2,3", "") FP("vsubfp", "1,2,3", "") FP("vmaddfp", "1,2,5,3", "")
    FP("vnmsubfp", "1,2,5,3", "") FP("vmaxfp", "1,2,3", "") FP("vminfp", "1,2,3", "")
    FP("vaddfp", "1,2,3", NJ1) FP("vmaddfp", "1,2,5,3", NJ1) FP("vminfp", "1,2,3", NJ1)
    FP("vcmpeqfp.", "1,2,3", "") FP("vcmpgefp.", "1,2,3", "") FP("vcmpgtfp.", "1,2,3", "")
    FP("vcmpbfp.", "1,2,3", "") FP("vcmpgtfp", "1,2,3", "")
    FP("vrfin", "1,3", "") FP("vrfiz", "1,3", "") FP("vrfip", "1,3", "") FP("vrfim", "1,3", "")
    FP("vcfux", "1,3,0", "") FP("vcfux", "1,3,31", "") FP("vcfsx", "1,3,5", "")
    FP("vctuxs", "1,3,0", "") FP("vctuxs", "1,3,7", "") FP("vctsxs", "1,3,0", "")
    FP("vctsxs", "1,3,31", "")
    TERN("vsel") TERN("vperm") TERN("vpermr") TERN("vpermxor")
    TERN("vmsumubm") TERN("vmsummbm") TERN("vmsumuhm") TERN("vmsumuhs") TERN("vmsumshm")
    TERN("vmsumshs")
    UNARY("vsldoi 3", "vsldoi 1,3,2,3") UNARY("vsldoi 15", "vsldoi 1,3,2,15")
    UNARY("vspltb 0", "vspltb 1,3,0") UNARY("vspltb 11", "vspltb 1,3,11")
    UNARY("vsplth 5", "vsplth 1,3,5") UNARY("vspltw 3", "vspltw 1,3,3")
    UNARY("vspltisb -16", "vspltisb 1,-16") UNARY("vspltish 7", "vspltish 1,7")
    UNARY("vspltisw -1", "vspltisw 1,-1")
    UNARY("vupkhsb", "vupkhsb 1,3") UNARY("vupklsb", "vupklsb 1,3")
    UNARY("vupkhsh", "vupkhsh 1,3") UNARY("vupklsh", "vupklsh 1,3")
    UNARY("vupkhsw", "vupkhsw 1,3") UNARY("vupklsw", "vupklsw 1,3")
    UNARY("vclzb", "vclzb 1,3") UNARY("vclzh", "vclzh 1,3") UNARY("vclzw", "vclzw 1,3")
    UNARY("vclzd", "vclzd 1,3")
    UNARY("vpopcntb", "vpopcntb 1,3") UNARY("vpopcnth", "vpopcnth 1,3")
    UNARY("vpopcntw", "vpopcntw 1,3") UNARY("vpopcntd", "vpopcntd 1,3")
    UNARY("vctzb", "vctzb 1,3") UNARY("vctzw", "vctzw 1,3") UNARY("vnegw", "vnegw 1,3")
    UNARY("vnegd", "vnegd 1,3") UNARY("vextsb2w", "vextsb2w 1,3") UNARY("vextsh2d", "vextsh2d 1,3")
    UNARY("vextsw2d", "vextsw2d 1,3")
    UNARY("vextractub 5", "vextractub 1,3,5") UNARY("vextractuh 6", "vextractuh 1,3,6")
    UNARY("vextractuw 12", "vextractuw 1,3,12") UNARY("vextractd 8", "vextractd 1,3,8")
    UNARY("vinsertb 9", "vinsertb 1,3,9") UNARY("vinserth 2", "vinserth 1,3,2")
    UNARY("vinsertw 4", "vinsertw 1,3,4") UNARY("vinsertd 8", "vinsertd 1,3,8")
    for (int j = 0; j < NV; j++) {
        for (long idx = 0; idx <= 12; idx += 4) {
            uint64_t r1, r2, r3, r4;
            __asm__ volatile("lvx 3,0,%4\n\tvclzlsbb %0,3\n\tvctzlsbb %1,3\n\t"
                             "vextublx %2,%5,3\n\tvextuwrx %3,%5,3"
                             : "=&r"(r1), "=&r"(r2), "=&r"(r3), "=&r"(r4)
                             : "r"(vin[j]), "r"(idx) : "memory");
            rt_printf("%d %ld: vclzlsbb=%lu vctzlsbb=%lu vextublx=%lx vextuwrx=%lx\n", j, idx,
                      r1, r2, r3, r4);
        }
    }
}
