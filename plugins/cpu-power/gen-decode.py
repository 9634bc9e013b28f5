#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Turns insns.decode into decode-table.c (the table) and trans.h (the trans_* prototypes).
import sys

# form -> (extended opcode shift, extended opcode width, extra mask, extra match)
FORMS = {
    'D': (0, 0, 0, 0), 'I': (0, 0, 0, 0), 'B': (0, 0, 0, 0), 'M': (0, 0, 0, 0),
    'DQ': (0, 0, 0, 0), 'PO': (0, 0, 0, 0),
    'DS': (0, 2, 0, 0), 'SC': (0, 2, 0, 0), 'DX': (1, 5, 0, 0),
    'X': (1, 10, 0, 0), 'XN': (1, 10, 1, 0), 'XR1': (1, 10, 1, 1),
    'XO': (1, 9, 0, 0), 'XON': (1, 9, 1 << 10, 0), 'XS': (2, 9, 0, 0),
    'A': (1, 5, 0, 0), 'MD': (2, 3, 0, 0), 'MDS': (1, 4, 0, 0), 'VA': (0, 6, 0, 0),
    'VX': (0, 11, 0, 0), 'VC': (0, 10, 0, 0), 'XX2': (2, 9, 0, 0), 'XX3': (3, 8, 0, 0),
    'XX3D': (3, 5, 1 << 10, 0), 'XX4': (4, 2, 0, 0), 'DQ3': (0, 3, 0, 0), 'Z23': (1, 8, 0, 0),
    'DQ4': (0, 4, 0, 0), 'P8LS': (0, 0, 0, 0), 'PMLS': (0, 0, 0, 0),
    'P8RRD': (17, 4, 0, 0), 'P8RRXX4': (4, 2, 0, 0), 'PMMXX3': (3, 8, 0, 0),
    'PNOP': (0, 0, 0, 0),
}
# Prefixed forms (Power ISA v3.1 Book I 1.6.3): the entry's opcode columns describe the
# suffix word; the prefix word must match (mask, match): primary opcode 1, the type in
# bits 6:7 and a zero bit 8 (8RR: zero bits 8:11).
PREFIX = {
    'P8LS': (0xff800000, 1 << 26 | 0 << 24),
    'PMLS': (0xff800000, 1 << 26 | 2 << 24),
    'P8RRD': (0xfff00000, 1 << 26 | 1 << 24),
    'P8RRXX4': (0xfff00000, 1 << 26 | 1 << 24),
    # MMIRR (type 3) with bits 8:11 = 9: the MMA instructions, their masks in bits 16:31
    'PMMXX3': (0xfff00000, 1 << 26 | 3 << 24 | 9 << 20),
    # pnop: type 3, bits 8:11 = 0, bits 14:31 = 0; any suffix (po '-')
    'PNOP': (0xfff3ffff, 1 << 26 | 3 << 24),
}
FLAGS = {'priv': 'INSN_PRIV', 'hv': 'INSN_HV', 'fp': 'INSN_FP', 'vec': 'INSN_VEC',
         'vsx': 'INSN_VSX', 'unimp': 'INSN_UNIMP'}


def fail(path, lineno, msg):
    sys.exit('%s:%d: %s' % (path, lineno, msg))


def parse(path):
    entries = []
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            cols = line.split()
            if len(cols) not in (6, 7):
                fail(path, lineno, 'expected 6 or 7 columns, got %d' % len(cols))
            name, form, po, xo, isa, flags = cols[:6]
            if form not in FORMS:
                fail(path, lineno, 'unknown form %s' % form)
            shift, width, xmask, xmatch = FORMS[form]
            if po == '-' and form == 'PNOP':
                mask, match = 0, 0
            else:
                po = int(po)
                mask = 0x3f << 26 | xmask
                match = po << 26 | xmatch
            if width:
                if xo == '-':
                    fail(path, lineno, 'form %s needs an extended opcode' % form)
                xo = int(xo)
                if xo >> width:
                    fail(path, lineno, 'extended opcode %d does not fit form %s' % (xo, form))
                mask |= ((1 << width) - 1) << shift
                match |= xo << shift
            elif xo != '-':
                fail(path, lineno, 'form %s has no extended opcode' % form)
            fl = [] if flags == '-' else flags.split(',')
            for x in fl:
                if x not in FLAGS:
                    fail(path, lineno, 'unknown flag %s' % x)
            trans = cols[6] if len(cols) == 7 else name.replace('.', '_rc').replace('-', '_')
            if 'unimp' in fl:
                trans = None
            pmask, pmatch = PREFIX.get(form, (0, 0))
            entries.append(dict(name=name, mask=mask, match=match, pmask=pmask, pmatch=pmatch,
                                isa=int(isa),
                                flags=' | '.join(FLAGS[x] for x in fl) or '0', trans=trans,
                                line=lineno))
    # An entry that an earlier one always shadows is a mistake in the file.
    for i, e in enumerate(entries):
        for p in entries[:i]:
            if bool(p['pmask']) != bool(e['pmask']):
                continue
            if (p['pmask'] & e['pmask']) != p['pmask'] or (e['pmatch'] & p['pmask']) != p['pmatch']:
                continue
            if (p['mask'] & e['mask']) == p['mask'] and (e['match'] & p['mask']) == p['match']:
                fail(path, e['line'], '%s is shadowed by %s (line %d)' %
                     (e['name'], p['name'], p['line']))
    return entries


def main():
    src, out_c, out_h = sys.argv[1:4]
    entries = parse(src)
    with open(out_h, 'w') as h:
        h.write('/* Generated from insns.decode by gen-decode.py: do not edit. */\n#pragma once\n')
        seen = set()
        for e in entries:
            if e['trans'] and e['trans'] not in seen:
                seen.add(e['trans'])
                h.write('gboolean trans_%s(PowerDisas *d);\n' % e['trans'])
    with open(out_c, 'w') as c:
        c.write('/* Generated from insns.decode by gen-decode.py: do not edit. */\n')
        c.write('#include "internal.h"\n\n')
        c.write('const PowerInsnDef power_insn_table[] = {\n')
        for e in entries:
            c.write('    { "%s", 0x%08x, 0x%08x, %s, %d, %s, 0x%08x, 0x%08x },\n' %
                    (e['name'], e['mask'], e['match'],
                     'trans_' + e['trans'] if e['trans'] else 'NULL', e['isa'], e['flags'],
                     e['pmask'], e['pmatch']))
        c.write('};\n\nconst guint power_insn_table_len = %d;\n' % len(entries))


main()
