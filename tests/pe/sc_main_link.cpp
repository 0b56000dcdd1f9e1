// Link fix for test_pe: libsystemc references `extern "C" int sc_main` (sysc/kernel/sc_externs.h),
// but tests/common/test_main.cpp defines a C++-mangled sc_main because it does not include the
// SystemC headers. As soon as a test uses SystemC, the link fails. This weak C definition fills
// the gap and yields to a proper definition once the shared harness provides one.
extern "C" __attribute__((weak)) int sc_main(int, char*[]) { return 0; }
