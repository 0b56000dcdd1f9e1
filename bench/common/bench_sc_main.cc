// libsystemc references sc_main; benchmarks have their own main and never elaborate through it.
extern "C" int sc_main(int, char*[]) { return 0; }
