bench_startup() { :; }
