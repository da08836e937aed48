// src/engine: the stack model. Pure, synchronous, deterministic: input is operations and time.
export * from './types.js';
export * from './constants.js';
export { EngineError, type Errno } from './errors.js';
export { advance, runUntil } from './events.js';
export { nextDeadline } from './queue.js';
export { addAddress, deleteAddress, linkLocalOf, hasRoutes, type AddrRequest } from './addrs.js';
export { dadDuplicated } from './dad.js';
export { DRIVERS, CLONERS, findNode, findIface, ifFlags, hasCarrier, ifaceByIndex, interfaceId } from './iface.js';
export { createWorld, addNode, delNode, addLink, attach, detach, setUp, setNd6Flags, setMtu, setLladdr, cloneCreate, cloneDestroy, settle, SYSCTLS, getSysctl, checkSysctl, setSysctl, validName } from './world.js';
export { migrate } from './migrate.js';
export { Rib, CompiledLpm, JREC, REC, keyBytes, embed, type RouteKey } from './rib.js';
export { addStaticRoute, changeStaticRoute, deleteStaticRoute, flushGatewayRoutes, routeLookup, usableIface, type GatewaySpec, type StaticRouteRequest } from './static.js';
export { selectSource, policyFor, commonPrefixLen, scopeValue, type SourceChoice } from './select.js';
export { emptyStats, type Stats, type Ip6Stats, type Icmp6Stats } from './stats.js';
export { findNeighbor, removeNeighbor, setStaticNeighbor, neighborIface, computeReachable } from './nd.js';
export { configureRtadv, sendRs, acceptsRa, removePrefix, flushRouters, type RtadvRequest } from './ra.js';
export { randomIdent } from './rng.js';
export { ip6Output, ip6Input, ownAddress, type OutputError } from './net.js';
