// Test entry point. libsystemc defines `main` and expects `sc_main`; test binaries bring their own
// `main` (GoogleTest) and a dummy `sc_main` that is never called.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "sim/cli/sanitizer_defaults.h"

extern "C" int sc_main(int, char*[]) { return 0; }

int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  ::testing::InitGoogleMock(&argc, argv);
  return RUN_ALL_TESTS();
}
