# The ceiling of our HTTP stack: GET /health on the same server (router, common headers, a small JSON
# answer, no service behind it). Every other row of ours is also quoted as a ratio of this one.
bench_noop() {
  start_hyper
  workload GET /health
  measure no-op "GET /health" hyper-nano "the ceiling: router, CORS/security headers, a 66-byte JSON answer; no service"
  stop_hyper
}
