// src/addr: IPv6 addresses, prefixes, scoped forms, MACs, EUI-64, durations. Imports nothing of ours.
export * from './ip6.js';
export * from './scope.js';
export * from './prefix.js';
export * from './mac.js';
