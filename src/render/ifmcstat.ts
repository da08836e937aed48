// ifmcstat's output: per interface, its memberships in the kernel's list order under the inet6
// header (link-local address and MLD state), with -v sources and the link-layer memberships.
import type { Doc } from '../schema/index.js';
import type { McastIfView } from '../views/index.js';
import { jsonText, present } from './json.js';

export interface IfmcstatOptions {
  family: 'inet6' | 'link' | 'inet' | null;
  verbose: number;
}

const MLD_FLAG_NAMES: readonly [number, string][] = [
  [0x1, 'SILENT'],
  [0x2, 'USEALLOW'],
];

function mldLine(v: McastIfView, verbose: number): string {
  const m = v.mld;
  let s = `\tmldv${m.version}`;
  if (m.flags)
    s += ` flags=${m.flags.toString(16)}<${MLD_FLAG_NAMES.filter(([b]) => m.flags & b)
      .map(([, n]) => n)
      .join(',')}>`;
  if (m.version === 2) s += ` rv ${m.rv} qi ${m.qi} qri ${m.qri} uri ${m.uri}`;
  if (verbose >= 2) s += ' v1timer 0 v2timer 0';
  return `${s}\n`;
}

/**
 * ifmcstat_getifmaddrs (usr.sbin/ifmcstat): one pass over every membership in kernel order. The
 * banner comes with an interface's first membership of the chosen family, before anything is
 * known about it; a group is shown under its family's address (the link-local for inet6, the
 * MAC for link groups, those only with -v), and that header is printed again whenever the
 * address changes, so with -v inet6 and link groups interleave.
 */
export function ifmcstatText(list: McastIfView[], o: IfmcstatOptions): string {
  let out = '';
  let lastHeader: string | null = null;
  for (const v of list) {
    let banner = false;
    for (const e of v.memberships) {
      if (o.family !== null && o.family !== e.kind) continue;
      if (!banner) {
        out += `${v.ifname}:\n`;
        banner = true;
      }
      const scope = `%${v.ifname} scopeid 0x${v.index.toString(16)}`;
      if (e.kind === 'inet6') {
        if (v.linkLocal === null) continue;
        const header = `\tinet6 ${v.linkLocal}${scope}\n`;
        if (header !== lastHeader) out += header + mldLine(v, o.verbose);
        lastHeader = header;
        const g = v.groups[e.group] as McastIfView['groups'][number];
        out += `\t\tgroup ${g.group}${g.scoped ? scope : ''} mode ${g.mode}`;
        if (o.verbose && g.sources.length) out += ` srcs ${g.sources.join(',')}`;
        out += '\n';
        if (g.mac) out += `\t\t\tmcast-macaddr ${g.mac}\n`;
      } else {
        if (v.lladdr === null || !o.verbose) continue;
        const header = `\tlink ${v.lladdr}\n`;
        if (header !== lastHeader) out += header;
        lastHeader = header;
        out += `\t\tgroup ${e.mac}\n`;
      }
    }
  }
  return out;
}

export function ifmcstatJson(list: McastIfView[]): string {
  const interfaces: Doc<'ifmcstat'>['ifmcstat']['interfaces'] = list.map((v) => ({
    name: v.ifname,
    index: v.index,
    ...present({ 'inet6-address': v.linkLocal, ether: v.lladdr }),
    mld: {
      version: v.mld.version,
      flags: v.mld.flags,
      flags_pretty: MLD_FLAG_NAMES.filter(([b]) => v.mld.flags & b).map(([, n]) => n),
      rv: v.mld.rv,
      qi: v.mld.qi,
      qri: v.mld.qri,
      uri: v.mld.uri,
    },
    groups: v.groups.map((g) => ({
      group: g.group,
      mode: g.mode,
      sources: g.sources,
      ...present({ 'mcast-macaddr': g.mac }),
    })),
    'link-groups': v.memberships.flatMap((e) => (e.kind === 'link' ? [e.mac] : [])),
  }));
  return jsonText({ __version: '1', ifmcstat: { interfaces } } satisfies Doc<'ifmcstat'>);
}
