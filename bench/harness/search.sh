bench_search() { :; }
