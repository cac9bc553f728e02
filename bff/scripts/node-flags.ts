// V8 flags for the long-running servers, used alike by `npm start` (start.ts) and by
// `npm run bench` (tests/bench/setup.ts), so the benchmark measures what is shipped.
//
// --max-semi-space-size=64 (MB; V8's default tops out at 16): SM2 in JavaScript leaves
// ≈ 100 KB of short-lived BigInts per signature, so the young generation fills every few
// dozen requests and each scavenge copies whatever is in flight at that moment. With 64 MB
// the BFF scavenges ≈ 2.5× less often and spends about half the time in them (npm run
// bench, --trace-gc: 562 → 225 scavenges in one run, 1.0 → 0.5 s), for ≈ 100 MB more RSS
// at most.
export const SERVER_SEMI_SPACE_MB = 64;
export const SERVER_NODE_FLAGS = [`--max-semi-space-size=${SERVER_SEMI_SPACE_MB}`];
