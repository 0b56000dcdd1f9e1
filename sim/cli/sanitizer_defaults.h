// Runtime defaults of sanitized builds (VPSIM_SANITIZE, VPSIM_FUZZ), compiled into each binary
// (vpsim, the tests, the fuzz targets: include this in exactly one file of each), so that ctest,
// the tests' shells and a user running the binary by hand all get them; ASAN_OPTIONS and
// UBSAN_OPTIONS still override. Nothing here in a normal build.
//
// SystemC 2.3.4 (Debian) runs SC_THREADs on QuickThreads coroutine stacks that ASan does not know
// (the library has no fiber annotations; pthread coroutines are a compile-time choice of the
// library): fake stacks (detect_stack_use_after_return) stay off, see the README's Sanitizers.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define VPSIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VPSIM_ASAN 1
#endif
#endif

#ifdef VPSIM_ASAN
extern "C" const char* __asan_default_options() {
  return "detect_stack_use_after_return=0:detect_leaks=1:abort_on_error=0:print_summary=1";
}
extern "C" const char* __ubsan_default_options() { return "print_stacktrace=1:halt_on_error=1"; }
#endif
