// The node records file of a large world (docs/state-files.md, node records): a 64-byte header,
// then one node's JSON per record, each ending in a newline. Records are only appended; the
// state file's index names each live record by offset, length and CRC-32C, and how many bytes
// are committed, so bytes a killed command appended past that are ignored and overwritten.
import { crc32c } from './crc32c.js';
import { HEADER } from './ribfile.js';

const MAGIC = 'IP6KNODE';
const FILE_VERSION = 1;
const H_VERSION = 8;
const H_GEN = 16;
const H_CRC = 60;

/** What is wrong with a records file or one record; the store adds the file's name. */
export class NodeFileError extends Error {}

/** A node as the state file's index lists it: enough to find it without reading it. */
export interface NodeRef {
  name: string;
  /** The links its interfaces are plugged into, so frames read only the nodes that hear them. */
  links: string[];
  at: number;
  bytes: number;
  crc: number;
}

/** The index's word on the records file: its generation and how many bytes are committed. */
export interface RecordsDescriptor {
  gen: number;
  bytes: number;
}

export function recordsHeader(gen: number): Uint8Array {
  const h = new Uint8Array(HEADER);
  const v = new DataView(h.buffer);
  for (let i = 0; i < 8; i++) h[i] = MAGIC.charCodeAt(i);
  v.setUint32(H_VERSION, FILE_VERSION, true);
  v.setUint32(H_GEN, gen, true);
  v.setUint32(H_CRC, crc32c(h, 0, H_CRC), true);
  return h;
}

/** Checks a records file's header and size against the index. */
export function checkRecordsHeader(head: Uint8Array, size: number, d: RecordsDescriptor): void {
  if (head.length < HEADER) throw new NodeFileError(`${head.length} bytes is shorter than its header`);
  for (let i = 0; i < 8; i++)
    if (head[i] !== MAGIC.charCodeAt(i)) throw new NodeFileError('not an ip6kit node records file (bad magic)');
  const v = new DataView(head.buffer, head.byteOffset, HEADER);
  if (crc32c(head, 0, H_CRC) !== v.getUint32(H_CRC, true)) throw new NodeFileError('its header fails its checksum');
  const version = v.getUint32(H_VERSION, true);
  if (version !== FILE_VERSION) throw new NodeFileError(`format version ${version}, this ip6kit reads ${FILE_VERSION}`);
  const gen = v.getUint32(H_GEN, true);
  if (gen !== d.gen) throw new NodeFileError(`generation ${gen}, the state file names ${d.gen}`);
  if (d.bytes < HEADER) throw new NodeFileError(`the state file says ${d.bytes} bytes are committed`);
  if (size < d.bytes) throw new NodeFileError(`${size} bytes, the state file says ${d.bytes} are committed`);
}

/** Where an index entry points must be inside the committed records. */
export function refProblem(r: NodeRef, d: RecordsDescriptor): string | null {
  if (r.at < HEADER || r.bytes < 2 || r.at + r.bytes > d.bytes)
    return `bytes ${r.at}-${r.at + r.bytes} are outside the ${d.bytes} committed`;
  return null;
}

/** One record's text, checked against its index entry. */
export function recordText(bytes: Uint8Array, r: NodeRef): string {
  if (crc32c(bytes) !== r.crc) throw new NodeFileError(`record at byte ${r.at} fails its checksum`);
  if (bytes[bytes.length - 1] !== 0x0a) throw new NodeFileError(`record at byte ${r.at} does not end a line`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length - 1).toString('utf8');
}

/** A node's JSON as a record: the bytes and the CRC its index entry carries. */
export function encodeRecord(text: string): { bytes: Uint8Array; crc: number } {
  const bytes = new Uint8Array(Buffer.from(`${text}\n`, 'utf8'));
  return { bytes, crc: crc32c(bytes) };
}
