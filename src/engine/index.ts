// src/engine: the stack model. Pure, synchronous, deterministic: input is operations and time.
export * from './types.js';
export * from './constants.js';
export { EngineError, type Errno } from './errors.js';
export { advance, advanceSome, runUntil } from './events.js';
export { nextDeadline, lastDeadline, nextSeq } from './queue.js';
export { addAddress, deleteAddress, hasRoutes, type AddrRequest } from './addrs.js';
export { linkLocalOf, usableLinkLocal } from './ifaddr.js';
export { dadDuplicated } from './dad.js';
export { DRIVERS, CLONERS, findNode, findIface, ifFlags, hasCarrier, ifaceByIndex, interfaceId } from './iface.js';
export {
  createWorld,
  emptyWorld,
  addNode,
  delNode,
  addLink,
  delLink,
  findLink,
  setLinkFaults,
  setCapture,
  NO_FAULTS,
  attach,
  detach,
  setUp,
  setNd6Flags,
  setMtu,
  setLladdr,
  cloneCreate,
  cloneDestroy,
  settle,
  SYSCTLS,
  getSysctl,
  checkSysctl,
  setSysctl,
  validName,
} from './world.js';
export { migrate } from './migrate.js';
export {
  Rib,
  CompiledLpm,
  keyBytes,
  prefixLengths,
  recordsProblem,
  REC,
  JREC,
  BLOCK_RECORDS,
  type RouteKey,
  type RibContents,
} from './rib.js';
export {
  addStaticRoute,
  changeStaticRoute,
  deleteStaticRoute,
  flushGatewayRoutes,
  routeLookup,
  usableIface,
  type GatewaySpec,
  type StaticRouteRequest,
} from './static.js';
export {
  selectSource,
  policyFor,
  commonPrefixLen,
  scopeValue,
  chooseSource,
  orderDestinations,
  compareDestinations,
  nodeCandidates,
  type SourceChoice,
  type SourceCandidate,
  type DestinationCandidate,
  type SelectionContext,
} from './select.js';
export { emptyStats, type Stats, type Ip6Stats, type Icmp6Stats } from './stats.js';
export { findNeighbor, removeNeighbor, setStaticNeighbor, neighborIface, computeReachable } from './nd.js';
export {
  configureRtadv,
  sendRs,
  acceptsRa,
  flushPrefixes,
  flushRouters,
  desyncFactor,
  type RtadvRequest,
} from './ra.js';
export { randomIdent } from './rng.js';
export { ip6Output, ip6Input, ownAddress, outgoingInterface, type OutputError } from './net.js';
export { mldFlags, setSocketFilter, MLD_DEFAULTS, ALL_ROUTERS } from './groups.js';
export { groupState } from './groupstate.js';
export { fillNbMulti } from './nbmulti.js';
export { dropLocalRoute, isUnrouted } from './nblocal.js';
export { PREFER_IPV6, PREFER_IPV4, policyAdd, policyDelete } from './policy.js';
export { isV4Mapped as isV4 } from '../addr/index.js';
export { takeCaptured, type CapturedFrame } from './links.js';
export { nodeNamed, describeNodes, linksOf, type NodeDirectory } from './lookup.js';

export { RTADV_DEFAULTS } from '../proto.js';
