bench_queue() { :; }
