bench_storage() { :; }
