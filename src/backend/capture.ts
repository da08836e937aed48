// Writes what captured links carried: the engine hands over the frames of a transaction once the
// world is saved (a world that is not saved, a listing's, drops them), and they are appended to
// each link's pcap file, which `sim capture start` began with its header.
import * as fs from 'node:fs';
import type { CapturedFrame } from '../engine/index.js';
import { StoreError, fsError } from '../store/fsx.js';
import { tcpdumpLine } from '../render/tcpdump.js';
import { decodeFrame, encodeFrame, pcapHeader, pcapRecord, pcapRecords, WireError } from '../wire/index.js';
import { EX_IOERR } from '../sysexits.js';

/** Starts a capture file: an empty pcap (just its header), replacing what was there, as tcpdump -w does. */
export function startCaptureFile(file: string): void {
  try {
    fs.writeFileSync(file, pcapHeader());
  } catch (e) {
    throw fsError('write capture', file, e);
  }
}

export function writeCaptured(frames: CapturedFrame[]): void {
  const byFile = new Map<string, Uint8Array[]>();
  for (const c of frames) {
    const list = byFile.get(c.file) ?? [];
    list.push(pcapRecord(c.at, encodeFrame(c.frame)));
    byFile.set(c.file, list);
  }
  for (const [file, records] of byFile) {
    try {
      // A file removed (or emptied) since the capture started begins again with a header.
      const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
      fs.appendFileSync(file, Buffer.concat(size === 0 ? [pcapHeader(), ...records] : records));
    } catch (e) {
      const err = fsError('write capture', file, e);
      throw new StoreError(
        `${err.message} (the world was saved; these frames are not in the capture)`,
        err.exit === EX_IOERR ? EX_IOERR : err.exit,
      );
    }
  }
}

/** sim tcpdump: the capture file's frames as tcpdump -r -n [-v] prints them. */
export function tcpdumpFile(file: string, o: { verbose: boolean; count: number | null }): string {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    throw fsError('read capture', file, e);
  }
  let out = '';
  let n = 0;
  try {
    for (const r of pcapRecords(bytes)) {
      if (o.count !== null && n++ >= o.count) break;
      const f = decodeFrame(r.bytes);
      const hbh = f.pkt.body.type === 'MLD_REPORT';
      out += tcpdumpLine(r.at, f, r.bytes.length - 14 - 40 - (hbh ? 8 : 0), { verbose: o.verbose });
    }
  } catch (e) {
    if (e instanceof WireError) throw new StoreError(`capture ${file} is damaged: ${e.message}`);
    throw e;
  }
  return out;
}
