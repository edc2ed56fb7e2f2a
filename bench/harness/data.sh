bench_data() { :; }
